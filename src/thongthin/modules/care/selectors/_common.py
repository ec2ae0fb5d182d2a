"""What every care read shares: the audit of a read, the capability check, day bounds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Locality
from thongthin.core.services.audit import AuditAction, audit_record

from ..routing import straight_metres

# A missed visit stays on the care manager's list this many days.
MISSED_DAYS = 14


def _user(actor: Actor | Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _logged(actor: Actor, locality: Locality, what: str, *, obj=None, ip=None, **detail) -> None:
    audit_record(
        action=AuditAction.PII_READ,
        locality=locality,
        actor=_user(actor),
        obj=obj,
        ip=ip,
        detail={"what": what, **detail},
    )


def _number(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def _need(actor: Actor, locality: Locality, code: str) -> None:
    if not has_capability(actor, locality, code):
        raise NotFound()


def bangkok_day(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line metres between two (lat, lon) points (the route planner's own measure)."""
    return straight_metres(a, b)
