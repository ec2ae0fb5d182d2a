"""Middleware that shapes how Django runs the stack under ASGI."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class SyncChainMiddleware:
    """Last in MIDDLEWARE, sync-only, does nothing itself.

    Under ASGI Django runs each classic middleware hook in the request's thread through its own
    ``sync_to_async`` hop (about 16 hops for the stack above). A sync-only innermost middleware
    makes Django run the whole chain in sync mode in that thread instead: three hops a request.
    In alternating runs on the 2-core bench machine (8 clients, 2 workers) this gave 297-346
    req/s against 190-286 without it (one run with it fell to 127; the VM is noisy).
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class ApiErrorMiddleware:
    """Under ``/api/``, answers Django's own error pages (an unknown path, a method the path
    does not take) in the API's ``{code, message, detail}`` shape instead of HTML."""

    CODES = {404: "not_found", 405: "method_not_allowed"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = self.CODES.get(response.status_code)
        if (
            code is None
            or not request.path.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        from django.http import JsonResponse

        from .errors import MethodNotAllowed, NotFound

        error = NotFound() if code == "not_found" else MethodNotAllowed()
        body = JsonResponse(
            error.as_dict(), status=response.status_code, json_dumps_params={"ensure_ascii": False}
        )
        if "Allow" in response:
            body["Allow"] = response["Allow"]
        return body


class RequestLimitsMiddleware:
    """Bad requests stop here, before any view reads them, with a 4xx and the error shape:
    a body over the size limit (413, from its Content-Length, unread), a body that cannot be
    parsed (malformed multipart, a wrong encoding: 400), and NUL characters anywhere (the path,
    any query or form value, any other body: 422), which no one types and some databases
    cannot store. LINE's signed webhook is left to its own checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = None if request.path.startswith("/line/") else self._refusal(request)
        if refused is not None:
            return _error_response(request, refused)
        return self.get_response(request)

    def _refusal(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        from django.conf import settings
        from django.core.exceptions import (
            BadRequest,
            RequestDataTooBig,
            TooManyFieldsSent,
            TooManyFilesSent,
        )
        from django.http import UnreadablePostError
        from django.http.multipartparser import MultiPartParserError

        from .errors import BodyTooLarge, MalformedBody, ValidationFailed

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return MalformedBody()
        if length > settings.THONGTHIN["MAX_REQUEST_BYTES"]:
            return BodyTooLarge(detail={"limit": settings.THONGTHIN["MAX_REQUEST_BYTES"]})
        null = ValidationFailed(
            _("The request holds a character that cannot be used (NUL)."), code="null_character"
        )
        try:
            if "\x00" in request.path_info or _has_nul(request.GET):
                return null
        except TooManyFieldsSent:
            return MalformedBody(_("The request has too many fields."), code="too_many_fields")
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        try:
            if request.content_type in FORM_TYPES:
                if _has_nul(request.POST):
                    return null
            elif b"\x00" in request.body or b"\\u0000" in request.body:
                # Any other body (JSON under whatever content type it is sent with).
                return null
        except RequestDataTooBig:
            return BodyTooLarge()
        except (MultiPartParserError, UnreadablePostError, UnicodeDecodeError, LookupError):
            return MalformedBody()
        except TooManyFieldsSent:
            return MalformedBody(_("The request has too many fields."), code="too_many_fields")
        except TooManyFilesSent:
            return MalformedBody(_("The request has too many files."), code="too_many_files")
        except BadRequest:  # e.g. a form sent in a charset other than UTF-8
            return MalformedBody()
        return None


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _has_nul(data) -> bool:  # type: ignore[no-untyped-def]
    """Whether any key or any of the values (all of them, not only each key's last) holds NUL."""
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def _error_response(request: HttpRequest, error) -> HttpResponse:  # type: ignore[no-untyped-def]
    from .views.errors import refusal

    return refusal(request, error)


class TwoFactorMiddleware:
    """A signed-in person who must use a second factor (see ``services.twofactor``) reaches
    nothing but the second-factor pages and log-out until they pass it: pages redirect there,
    the API answers 403 ``two_factor_required``. After django-otp's OTPMiddleware."""

    OPEN = ("/staff/2fa/", "/staff/logout/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(self.OPEN)
        ):
            from .services.twofactor import required_for

            if required_for(user):
                return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from .errors import PermissionDenied

        if request.path.startswith("/api/"):
            from django.utils.translation import gettext_lazy as _

            error = PermissionDenied(
                _("Confirm your log-in with your second factor first."),
                code="two_factor_required",
            )
            return _error_response(request, error)
        return redirect(f"{reverse('staff:2fa')}?{urlencode({'next': request.get_full_path()})}")
