"""The JSON API under /api/v1/ (django-ninja): one error shape ``{code, message, detail}``.

Staff authenticate with their session (CSRF-checked), integrations with a per-locality API key
in ``X-API-Key`` or ``Authorization: Bearer``. Modules add routers through the registry.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from ..errors import DomainError
from ..registry import API_ROUTERS
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
    th = (request.LANGUAGE_CODE or "th").startswith("th")
    message = "ข้อมูลไม่ถูกต้อง" if th else "Some fields are not valid."
    detail = [
        {"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return _error(request, 422, "invalid", message, detail)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    th = (request.LANGUAGE_CODE or "th").startswith("th")
    message = "กรุณาเข้าสู่ระบบหรือใช้คีย์ API" if th else "Log in or send an API key."
    return _error(request, 401, "unauthenticated", message)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    th = (request.LANGUAGE_CODE or "th").startswith("th")
    return _error(request, 404, "not_found", "ไม่พบข้อมูล" if th else "Not found.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {403: "forbidden", 405: "method_not_allowed"}.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s", request.path)
    return _error(request, 500, "server_error", "Internal error; it has been logged.")


api.add_router("/reference", reference.router)
api.add_router("/cases", cases.router)
api.add_router("/public", public.router)
api.add_router("/audit", audit.router)


def api_with_modules() -> NinjaAPI:
    """The API with the routers modules registered; called by the URLconf, after every app's
    ``ready()`` (a module importing ``thongthin.core.api`` must not freeze the list early)."""
    mounted = {prefix for prefix, _ in api._routers}
    for prefix, router in API_ROUTERS:
        if prefix not in mounted:
            api.add_router(prefix, router)
    return api
