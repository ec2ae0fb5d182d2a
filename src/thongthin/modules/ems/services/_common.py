"""What every EMS service shares: who may do what, and the board's change log."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from thongthin.core.errors import PermissionDenied, ValidationFailed
from thongthin.core.models import Locality, User
from thongthin.core.models.accounts import Role
from thongthin.core.services.accounts import has_role_in, require_role_in

from ..models import BoardChange, Incident, Unit

DISPATCH_ROLES = frozenset({Role.DISPATCHER, Role.LOCALITY_ADMIN})
BOARD_ROLES = DISPATCH_ROLES | {Role.EXECUTIVE, Role.RESPONDER}
REPORT_ROLES = DISPATCH_ROLES | {Role.EXECUTIVE}
# The core's role checks, under the names the EMS services use.
in_locality = has_role_in
require = require_role_in
# A stamp may be a little ahead of the server's clock (a phone's clock), not more.
CLOCK_SKEW = timedelta(minutes=2)


def is_crew(actor: User | None, unit: Unit) -> bool:
    return actor is not None and unit.crew.filter(pk=actor.pk).exists()


def may_work_unit(actor: User | None, unit: Unit) -> bool:
    """Dispatchers work any unit of their locality; a responder only a unit they crew."""
    locality = unit.locality
    if in_locality(actor, locality, DISPATCH_ROLES):
        return True
    return in_locality(actor, locality, frozenset({Role.RESPONDER})) and is_crew(actor, unit)


def require_unit_worker(actor: User | None, unit: Unit) -> None:
    if may_work_unit(actor, unit):
        return
    raise PermissionDenied(
        "You are not on this unit's crew.",
        message_th="คุณไม่ได้อยู่ในทีมของหน่วยนี้",
        code="not_your_unit",
    )


def when(value: datetime | None, *, field: str = "at") -> datetime:
    """A time given by a person or a device: now when absent, never in the future."""
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        raise ValidationFailed(
            "The time is in the future.",
            message_th="เวลาที่ระบุเป็นเวลาในอนาคต",
            code="time_in_future",
            detail={"field": field},
        )
    return value


def board_changed(
    *,
    locality: Locality,
    kind: str,
    incident: Incident | None = None,
    unit: Unit | None = None,
    actor: User | None = None,
    actor_label: str = "",
    data: dict | None = None,
) -> BoardChange:
    """Append to the change log (inside the caller's transaction): live boards pick it up."""
    return BoardChange.objects.create(
        locality=locality,
        kind=kind,
        incident=incident,
        unit=unit,
        actor_label=actor_label or (actor.username if actor else "system"),
        data=data or {},
    )


def require_incident_worker(actor: User | None, incident: Incident) -> None:
    """Dispatchers, or the crew of a unit sent to this incident."""
    if in_locality(actor, incident.locality, DISPATCH_ROLES):
        return
    units = Unit.objects.for_locality(incident.locality_id).filter(
        assignments__incident=incident, crew=actor
    )
    if actor is not None and in_locality(actor, incident.locality, BOARD_ROLES) and units.exists():
        return
    raise PermissionDenied(
        "Your unit is not on this incident.",
        message_th="หน่วยของคุณไม่ได้รับมอบหมายเหตุนี้",
        code="not_your_incident",
    )
