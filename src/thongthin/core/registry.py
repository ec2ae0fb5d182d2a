"""Tiny registries that modules fill from ``AppConfig.ready()``: roles, LINE handlers, modules.

The core never imports a module; a module registers itself here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES: dict[str, tuple[str, str]] = {
    "platform_admin": ("ผู้ดูแลระบบกลาง", "Platform admin"),
    "locality_admin": ("ผู้ดูแลระบบ อปท.", "Locality admin"),
    "executive": ("ผู้บริหาร", "Executive"),
    "officer": ("เจ้าหน้าที่", "Officer"),
    "dispatcher": ("เจ้าหน้าที่สั่งการ", "Dispatcher"),
    "responder": ("ผู้ปฏิบัติการ", "Responder"),
}


def register_role(code: str, label_th: str, label_en: str) -> None:
    ROLES.setdefault(code, (label_th, label_en))


@dataclass(frozen=True)
class ModuleInfo:
    code: str
    name_th: str
    name_en: str
    description: str = ""


MODULES: dict[str, ModuleInfo] = {}


def register_module(info: ModuleInfo) -> None:
    MODULES[info.code] = info


# LINE handlers: (event type, message type or "") -> handler(locality, citizen, event dict).
# A handler may carry ``handler.prepare(locality, event dict)``: network work done before the
# event's transaction (its results go into the dict). A handler that answers the event for good
# sets ``event["_handled"] = True`` and the later ones are skipped; ``first=True`` registers a
# handler ahead of the others (an emergency conversation before a complaint draft).
LineHandler = Callable[[Any, Any, dict], None]
LINE_HANDLERS: dict[tuple[str, str], list[LineHandler]] = {}


def register_line_handler(
    event_type: str, message_type: str = "", *, first: bool = False
) -> Callable[[LineHandler], LineHandler]:
    def decorator(func: LineHandler) -> LineHandler:
        handlers = LINE_HANDLERS.setdefault((event_type, message_type), [])
        if func not in handlers:
            handlers.insert(0, func) if first else handlers.append(func)
        return func

    return decorator


def line_handlers_for(event_type: str, message_type: str = "") -> list[LineHandler]:
    return LINE_HANDLERS.get((event_type, message_type), []) + (
        LINE_HANDLERS.get((event_type, ""), []) if message_type else []
    )


# Demo loaders: each gets the demo localities and adds its module's data (idempotently).
DEMO_LOADERS: list[Callable[[list[Any]], None]] = []


def register_demo_loader(func: Callable[[list[Any]], None]) -> Callable[[list[Any]], None]:
    DEMO_LOADERS.append(func)
    return func


# API routers modules add under /api/v1/<prefix>/ (read when the API is built).
API_ROUTERS: list[tuple[str, Any]] = []


def register_api_router(prefix: str, router: Any) -> None:
    API_ROUTERS.append((prefix, router))


# URL patterns a module mounts at the site root (before the per-locality portal catch-all).
URL_INCLUDES: list[tuple[str, str]] = []


def register_urls(prefix: str, module: str) -> None:
    """Mount ``module``'s urlpatterns at ``prefix`` (e.g. "open311/v2/")."""
    if (prefix, module) not in URL_INCLUDES:
        URL_INCLUDES.append((prefix, module))


@dataclass(frozen=True)
class Link:
    """A link a module adds to the portal or the staff navigation; ``url_name`` is reversed
    with the locality's slug for portal links and without arguments for staff links."""

    url_name: str
    label_th: str
    label_en: str


PORTAL_LINKS: list[Link] = []
STAFF_LINKS: list[Link] = []


@dataclass(frozen=True)
class Panel:
    """A template a module includes in a case page; ``context`` adds its variables."""

    template: str
    context: Callable[..., dict]


# Per case kind: panels on the staff case page and on the public tracking page.
CASE_PANELS: dict[str, list[Panel]] = {}
TRACK_PANELS: dict[str, list[Panel]] = {}


def register_case_panel(kind: str, panel: Panel, *, public: bool = False) -> None:
    (TRACK_PANELS if public else CASE_PANELS).setdefault(kind, []).append(panel)


# Periodic jobs the worker runs: (every N seconds, function()). Each must be idempotent.
PERIODIC_JOBS: list[tuple[float, Callable[[], Any]]] = []


def register_periodic_job(every_seconds: float, func: Callable[[], Any]) -> None:
    if all(existing is not func for _, existing in PERIODIC_JOBS):
        PERIODIC_JOBS.append((every_seconds, func))


# Called inside locality_create's transaction, after the departments exist: modules give a
# new locality its starting data (complaint categories, ...).
LOCALITY_SETUP: list[Callable[[Any], Any]] = []


def register_locality_setup(func: Callable[[Any], Any]) -> None:
    if func not in LOCALITY_SETUP:
        LOCALITY_SETUP.append(func)
