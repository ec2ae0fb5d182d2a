"""One hierarchy of domain errors, each with a stable code and a translated message.

The API turns them into ``{code, message, detail}``; the UI shows the message in the user's
language. Bad input raises one of these, never reaches the database half-done. A message is a
``gettext_lazy`` text with ``%(name)s`` placeholders filled from ``params`` when it is read, so
the same error reads right in whichever language renders it:
``ValidationFailed(_("At most %(n)s photos."), code="too_many_photos", params={"n": 5})``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    http_status = 400
    default_message: Any = _("The request is not valid.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        detail: Any = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self._message = message if message is not None else self.default_message
        self.params = params or {}
        if code is not None:
            self.code = code
        self.detail = detail
        super().__init__(self.code)

    @property
    def message(self) -> str:
        """The message in the active language, its placeholders filled."""
        text = str(self._message)
        if self.params:
            text = text % {key: str(value) for key, value in self.params.items()}
        return text

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class ValidationFailed(DomainError):
    code = "invalid"
    http_status = 422
    default_message = _("Some fields are not valid.")


class NotFound(DomainError):
    """Missing, in another locality, or not yours: all look the same from outside."""

    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class AuthenticationRequired(DomainError):
    code = "unauthenticated"
    http_status = 401
    default_message = _("Log in or send an API key.")


class PermissionDenied(DomainError):
    """Known to exist (the caller may see it) but this action is not theirs to take."""

    code = "forbidden"
    http_status = 403
    default_message = _("You may not do this.")


class MethodNotAllowed(DomainError):
    code = "method_not_allowed"
    http_status = 405
    default_message = _("This address does not take that HTTP method.")


class IllegalTransition(DomainError):
    code = "illegal_transition"
    http_status = 409
    default_message = _("This action is not allowed from the case's current status.")


class Conflict(DomainError):
    code = "conflict"
    http_status = 409
    default_message = _("The data changed in the meantime.")


class BodyTooLarge(DomainError):
    code = "body_too_large"
    http_status = 413
    default_message = _("The request is too large.")


class MalformedBody(DomainError):
    code = "malformed_body"
    http_status = 400
    default_message = _("The request body could not be read (its format or encoding is wrong).")


class RateLimited(DomainError):
    code = "rate_limited"
    http_status = 429
    default_message = _("Too many requests; wait a moment.")


class UploadRejected(DomainError):
    code = "upload_rejected"
    http_status = 422
    default_message = _("This file is not accepted.")


class SignatureInvalid(DomainError):
    code = "bad_signature"
    http_status = 401
    default_message = _("The signature is missing or does not match.")


class Unavailable(DomainError):
    """A part this installation lacks (a system library), not the caller's fault."""

    code = "unavailable"
    http_status = 503
    default_message = _("This is not available on this server right now; try again later.")
