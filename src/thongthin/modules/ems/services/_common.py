"""What every EMS service shares: who may do what, and the board's change log."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.access import has_capability, require_capability
from thongthin.core.errors import PermissionDenied, ValidationFailed
from thongthin.core.models import Locality, User

from ..models import BoardChange, Incident, Unit
from ..module import BOARD, DISPATCH, TIMELINE

# The core's capability checks, under the names the EMS services use.
allowed = has_capability
require = require_capability
# A stamp may be a little ahead of the server's clock (a phone's clock), not more.
CLOCK_SKEW = timedelta(minutes=2)
# How long a crew may still open an incident (and its patients) after it closed.
CREW_AFTER_CLOSE = timedelta(hours=24)


def is_crew(actor: User | None, unit: Unit) -> bool:
    return actor is not None and unit.crew.filter(pk=actor.pk).exists()


def may_work_unit(actor: User | None, unit: Unit) -> bool:
    """Dispatchers work any unit of their locality; a responder only a unit they crew."""
    locality = unit.locality
    if allowed(actor, locality, DISPATCH):
        return True
    return allowed(actor, locality, TIMELINE) and is_crew(actor, unit)


def require_unit_worker(actor: User | None, unit: Unit) -> None:
    if may_work_unit(actor, unit):
        return
    raise PermissionDenied(_("You are not on this unit's crew."), code="not_your_unit")


def when(value: datetime | None, *, field: str = "at") -> datetime:
    """A time given by a person or a device: now when absent, never in the future."""
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        raise ValidationFailed(
            _("The time is in the future."), code="time_in_future", detail={"field": field}
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
    """Dispatchers, or the crew of a unit sent to this incident: while it is open and for a
    day after it closed (to finish the patient report), not for ever after."""
    if allowed(actor, incident.locality, DISPATCH):
        return
    units = Unit.objects.for_locality(incident.locality_id).filter(
        assignments__incident=incident, crew=actor
    )
    if actor is not None and allowed(actor, incident.locality, BOARD) and units.exists():
        closed_at = incident.case.closed_at
        if closed_at is None or timezone.now() - closed_at <= CREW_AFTER_CLOSE:
            return
        raise PermissionDenied(
            _("This incident closed more than a day ago; ask a dispatcher."),
            code="incident_closed_for_crew",
        )
    raise PermissionDenied(_("Your unit is not on this incident."), code="not_your_incident")
