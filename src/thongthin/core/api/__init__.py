"""The JSON API under /api/v1/ (django-ninja): one error shape ``{code, message, detail}``.

Staff authenticate with their session (CSRF-checked), integrations with a per-locality API key
in ``X-API-Key`` or ``Authorization: Bearer``. Modules add routers through the registry.
"""

from __future__ import annotations

import logging
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from .. import modules
from ..errors import BodyTooLarge, DomainError, MalformedBody, NotFound, ValidationFailed
from . import audit, cases, public, reference

log = logging.getLogger("thongthin.api")


class ThaiJSONRenderer(JSONRenderer):
    """UTF-8 JSON, so Thai text stays readable (and shorter) on the wire."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ThaiJSONRenderer(),
    title="Thongthin API",
    version="1",
    description=(
        "Thongthin (ท้องถิ่น): cases, reference data and integrations for Thai local "
        "governments. Errors are `{code, message, detail}`; messages follow Accept-Language "
        "(th or en)."
    ),
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str, detail=None) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "detail": detail}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return on_domain_error(request, ValidationFailed(detail=detail))


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    from ..errors import AuthenticationRequired

    return on_domain_error(request, AuthenticationRequired())


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return on_domain_error(request, NotFound())


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja could not parse the body (bad JSON, bad encoding)
        return on_domain_error(request, MalformedBody())
    code = {403: "forbidden", 405: "method_not_allowed"}.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return on_domain_error(request, BodyTooLarge())


def on_malformed_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body that cannot be read as what the operation expects: broken multipart, a body cut
    short, a wrong encoding, or a form sent where JSON is read (the form parser consumed it)."""
    return on_domain_error(request, MalformedBody())


for _unreadable in (
    MultiPartParserError,
    UnreadablePostError,
    RawPostDataException,
    UnicodeDecodeError,
):
    api.add_exception_handler(_unreadable, on_malformed_body)  # type: ignore[arg-type]


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s", request.path)
    return _error(request, 500, "server_error", "Internal error; it has been logged.")


api.add_router("/reference", reference.router)
api.add_router("/cases", cases.router)
api.add_router("/public", public.router)
api.add_router("/audit", audit.router)


def _inside(module: str) -> Any:
    """A ninja "view" decorator: the operation runs inside ``module`` (a locality that has the
    module switched off answers "not found")."""

    def decorator(run: Any) -> Any:
        @wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            with modules.serving(module):
                return run(request, *args, **kwargs)

        return wrapper

    return decorator


def api_with_modules() -> NinjaAPI:
    """The API with every module's router at ``/api/v1/<module>/``; called by the URLconf,
    after every app's ``ready()``."""
    mounted = {prefix for prefix, _ in api._routers}
    for module in modules.installed():
        prefix = f"/{module.name}"
        if module.api is None or prefix in mounted:
            continue
        router = modules.resolve(module.api)
        router.add_decorator(_inside(module.name), mode="view")
        api.add_router(prefix, router)
    return api
