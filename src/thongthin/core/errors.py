"""One hierarchy of domain errors, each with a stable code and a Thai and English message.

The API turns them into ``{code, message, detail}``; the UI shows the message in the user's
language. Bad input raises one of these, never reaches the database half-done.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


class DomainError(Exception):
    code = "error"
    http_status = 400
    message_th = "คำขอไม่ถูกต้อง"
    message_en = "The request is not valid."

    def __init__(
        self,
        message_en: str | None = None,
        *,
        message_th: str | None = None,
        code: str | None = None,
        detail: Any = None,
    ) -> None:
        if message_en is not None:
            self.message_en = message_en
        if message_th is not None:
            self.message_th = message_th
        if code is not None:
            self.code = code
        self.detail = detail
        super().__init__(self.message_en)

    @property
    def message(self) -> str:
        return self.message_en if (get_language() or "th").startswith("en") else self.message_th

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class ValidationFailed(DomainError):
    code = "invalid"
    http_status = 422
    message_th = "ข้อมูลไม่ถูกต้อง"
    message_en = "Some fields are not valid."


class NotFound(DomainError):
    """Missing, in another locality, or not yours: all look the same from outside."""

    code = "not_found"
    http_status = 404
    message_th = "ไม่พบข้อมูล"
    message_en = "Not found."


class AuthenticationRequired(DomainError):
    code = "unauthenticated"
    http_status = 401
    message_th = "กรุณาเข้าสู่ระบบหรือใช้คีย์ API"
    message_en = "Log in or send an API key."


class PermissionDenied(DomainError):
    """Only for actions on objects the actor may already see (e.g. an officer closing a case)."""

    code = "forbidden"
    http_status = 403
    message_th = "คุณไม่มีสิทธิ์ทำรายการนี้"
    message_en = "You may not do this."


class IllegalTransition(DomainError):
    code = "illegal_transition"
    http_status = 409
    message_th = "ไม่สามารถเปลี่ยนสถานะจากสถานะปัจจุบันได้"
    message_en = "This action is not allowed from the case's current status."


class Conflict(DomainError):
    code = "conflict"
    http_status = 409
    message_th = "ข้อมูลถูกเปลี่ยนแปลงไปแล้ว"
    message_en = "The data changed in the meantime."


class RateLimited(DomainError):
    code = "rate_limited"
    http_status = 429
    message_th = "ส่งคำขอถี่เกินไป กรุณารอสักครู่"
    message_en = "Too many requests; wait a moment."


class UploadRejected(DomainError):
    code = "upload_rejected"
    http_status = 422
    message_th = "ไฟล์ไม่ได้รับอนุญาต"
    message_en = "This file is not accepted."


class SignatureInvalid(DomainError):
    code = "bad_signature"
    http_status = 401
    message_th = "ลายเซ็นไม่ถูกต้อง"
    message_en = "The signature is missing or does not match."
