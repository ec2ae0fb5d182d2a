"""Limits and helpers shared by the complaint services."""

from __future__ import annotations

import contextvars
from typing import Any

from thongthin.core.errors import DomainError, ValidationFailed

TEXT_MAX = 4000
REOPEN_DAYS = 7
PHOTOS_MAX = 5
# Set while a module service drives a transition the generic case page may not (forward, merge).
_module_call: contextvars.ContextVar[bool] = contextvars.ContextVar("module_call", default=False)


def _refuse(
    code: str,
    message: Any,
    *,
    status: type[DomainError] = ValidationFailed,
    params: dict[str, Any] | None = None,
    detail: Any = None,
) -> DomainError:
    """The error to raise: ``message`` a ``gettext_lazy`` text with ``%(name)s`` placeholders
    filled from ``params`` when it is read, in the reader's language."""
    return status(message, code=code, params=params, detail=detail)
