"""Helpers shared by the EMS pages."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime, parse_time
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.http import client_ip
from thongthin.core.views.staff import acting_locality_for


def ip_of(request) -> str | None:
    return client_ip(request)


locality_for = acting_locality_for


def number(value: str | None, *, field: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s must be a whole number."),
            code=f"{field}_invalid",
            params={"field": field},
        ) from None


def decimal(value: str | None, *, field: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s must be a number."), code="location_invalid", params={"field": field}
        ) from None


def moment(value: str | None) -> datetime | None:
    """A time typed on the incident page: "HH:MM[:SS]" (today) or a full ISO date-time."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        clock = parse_time(value) if parsed is None else None
    except ValueError:  # well formed but impossible, like 25:99
        parsed = clock = None
    if parsed is None:
        if clock is None:
            raise ValidationFailed(_("Write the time as HH:MM or HH:MM:SS."), code="time_invalid")
        parsed = datetime.combine(timezone.localdate(), clock)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
