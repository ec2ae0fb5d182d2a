"""Limits and helpers shared by the complaint services."""

from __future__ import annotations

import contextvars

from thongthin.core.errors import ValidationFailed

TEXT_MAX = 4000
REOPEN_DAYS = 7
PHOTOS_MAX = 5
# Set while a module service drives a transition the generic case page may not (forward, merge).
_module_call: contextvars.ContextVar[bool] = contextvars.ContextVar("module_call", default=False)


def _refuse(code: str, en: str, th: str, status: type = ValidationFailed, **detail):
    return status(en, message_th=th, code=code, detail=detail or None)
