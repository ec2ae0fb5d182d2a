"""The modules' URLs, mounted where each belongs: the site root, the portal of each locality
(``/<slug>/``) and the back office (``/staff/``), under the module's namespace.

Every view of a module runs "inside" that module (:func:`thongthin.core.modules.serving`), so a
locality that has switched the module off answers "not found" for all of its pages.
"""

from __future__ import annotations

from functools import wraps
from importlib import import_module
from typing import Any

from django.urls import URLPattern, URLResolver, include, path

from .. import modules


def _inside(view: Any, module: str) -> Any:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with modules.serving(module):
            return view(request, *args, **kwargs)

    return wrapper


def _guarded(patterns: list[Any], module: str) -> list[Any]:
    guarded: list[Any] = []
    for entry in patterns:
        if isinstance(entry, URLPattern):
            guarded.append(
                URLPattern(
                    entry.pattern,
                    _inside(entry.callback, module),
                    entry.default_args,
                    entry.name,
                )
            )
        elif isinstance(entry, URLResolver):
            nested = _guarded(list(entry.url_patterns), module)
            guarded.append(
                URLResolver(
                    entry.pattern,
                    nested,
                    entry.default_kwargs,
                    entry.app_name,
                    entry.namespace,
                )
            )
        else:
            guarded.append(entry)
    return guarded


def module_urlpatterns() -> list[Any]:
    """One include per module that has URLs, in the order the modules are installed."""
    mounted = []
    for module in modules.installed():
        if not module.urls:
            continue
        urls = import_module(module.urls)
        patterns = [
            *getattr(urls, "root_urlpatterns", []),
            path("staff/", include(getattr(urls, "staff_urlpatterns", []))),
            path("<slug:slug>/", include(getattr(urls, "portal_urlpatterns", []))),
        ]
        app_name = getattr(urls, "app_name", module.name)
        mounted.append(path("", include((_guarded(patterns, module.name), app_name))))
    return mounted
