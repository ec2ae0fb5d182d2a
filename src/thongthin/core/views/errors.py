"""Turning domain errors into form errors and pages, never 500s."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import render

from ..errors import DomainError, NotFound, PermissionDenied


def not_found_as_404(view):
    """Staff pages: "not found" is Django's 404 page; a refusal is a 403 page that says why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None
        except PermissionDenied as exc:
            return render(
                request, "thongthin/staff/forbidden.html", {"message": exc.message}, status=403
            )

    return wrapper


def error_text(exc: DomainError) -> str:
    return f"{exc.message} [{exc.code}]"


def csrf_failure(request, reason: str = ""):  # type: ignore[no-untyped-def]
    """A form sent from a page opened before the person signed in again (or in another
    tab): a 403 in their language saying what to do, not Django's English page."""
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return render(request, "403_csrf.html", {"back": back}, status=403)


def wants_machine_answer(request) -> bool:  # type: ignore[no-untyped-def]
    """An API or Open311 client, or anyone asking for JSON: answered in the error shape."""
    path = request.path
    return (
        path.startswith(("/api/", "/open311/"))
        or path.endswith((".json", ".xml"))
        or "json" in request.headers.get("Accept", "")
    )


def refusal(request, error):  # type: ignore[no-untyped-def]
    """A request refused before any view read it (see RequestLimitsMiddleware, handler400): the
    error shape for machines, a short text for htmx (swapped into the page), else a page in the
    person's language. It may be answered before the CSRF, clickjacking and CSP middleware
    run, so the page holds no form and sets its own headers."""
    from django.http import HttpResponse, JsonResponse

    if wants_machine_answer(request):
        return JsonResponse(
            error.as_dict(), status=error.http_status, json_dumps_params={"ensure_ascii": False}
        )
    if request.headers.get("HX-Request"):
        return HttpResponse(
            str(error.message), status=error.http_status, content_type="text/plain; charset=utf-8"
        )
    response = render(
        request, "400.html", {"message": error.message, "refusal": True}, status=error.http_status
    )
    response["X-Frame-Options"] = "DENY"
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'"
    )
    return response


def bad_request(request, exception=None):  # type: ignore[no-untyped-def]
    """Django's own 400 (a request it refuses to read, such as one with thousands of fields)."""
    from ..errors import MalformedBody

    return refusal(request, MalformedBody())
