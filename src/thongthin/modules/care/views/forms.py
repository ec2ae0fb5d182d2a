"""What every care page does with what a form sends."""

from __future__ import annotations

import math
from datetime import date, datetime, time

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.errors import DomainError, NotFound, ValidationFailed

MAX_NUMBER = 10**6


def error_of(exc: DomainError) -> tuple[str, str, int]:
    """(message, field at fault, HTTP status); "not found" goes on to the 404 page."""
    if isinstance(exc, NotFound):
        raise exc
    field = exc.detail.get("field", "") if isinstance(exc.detail, dict) else ""
    return str(exc.message), field, exc.http_status


def number(text: object, *, allow_zero: bool = False) -> int | None:
    """A whole number typed in a form (Thai digits too), or None."""
    value = str(text or "").strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if not value.isascii() or not value.isdigit() or len(value) > 7:
        return None
    result = int(value)
    return result if (result > 0 or allow_zero) and result < MAX_NUMBER else None


def decimal(text: object) -> float | None:
    value = str(text or "").strip().replace(",", ".")
    try:
        result = float(value)
    except ValueError:
        return None
    return result if math.isfinite(result) and abs(result) < MAX_NUMBER else None


def point(text: str) -> tuple[float | None, float | None]:
    """'lat, lon' as the map picker writes it; (None, None) when empty or not two numbers."""
    parts = [p.strip() for p in (text or "").split(",")]
    if len(parts) != 2:
        return None, None
    lat, lon = decimal(parts[0]), decimal(parts[1])
    if lat is None or lon is None:
        return None, None
    return lat, lon


def be_date(text: str, field: str = "date") -> date | None:
    """A day typed as day/month/year in the Buddhist Era; None when empty; a form error (not a
    crash) for anything that is not a date, such as 31/2/2569."""
    try:
        return thai.parse_date_input((text or "")[:20])
    except (ValueError, OverflowError):
        raise ValidationFailed(
            _("The date is not valid: day/month/year in the Buddhist Era, e.g. 15/1/2570."),
            code="date_invalid",
            detail={"field": field},
        ) from None


def day_param(request) -> date:  # type: ignore[no-untyped-def]
    """The ?day= of a day's page: today when missing; today, with a message saying so, when it
    is not a date (a mistyped or cut link), so nobody takes today's list for the day asked."""
    try:
        return thai.parse_date_input(request.GET.get("day", "")[:20]) or timezone.localdate()
    except (ValueError, OverflowError):
        messages.warning(
            request,
            _("The day in the link is not a date (day/month/year, Buddhist Era): showing today."),
        )
        return timezone.localdate()


def moment(day_text: str, time_text: str, field: str = "appointment_at") -> datetime | None:
    """A Buddhist-Era day and a time (09:30 or 9.30), as a Bangkok moment; None if either is
    missing; a form error for a day or a time that is not one."""
    day = be_date(day_text, field)
    text = (time_text or "").strip()
    if day is None or not text:
        return None
    try:
        at = time.fromisoformat(text[:5].replace(".", ":").zfill(5))
    except ValueError:
        raise ValidationFailed(
            _("The time is not valid: hours and minutes, e.g. 09:30."),
            code="time_invalid",
            detail={"field": field},
        ) from None
    return timezone.make_aware(datetime.combine(day, at))
