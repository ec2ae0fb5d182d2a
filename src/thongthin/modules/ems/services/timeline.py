"""Timeline stamps: call received ... back at base, in order, corrections audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import IllegalTransition, ValidationFailed
from thongthin.core.models import User
from thongthin.core.services.audit import audit_record
from thongthin.core.services.cases import case_transition

from ..models import STAMPS, Incident, UnitStatus
from ..workflow import OPEN_STATES, ORDER, STAMP_ACTIONS, STAMP_LABELS
from ._common import board_changed, require_incident_worker, when
from .units import release_units, units_follow_stamp

# What a unit is doing once the incident reaches a point.
UNIT_STATUS_AT = {
    "left_base_at": UnitStatus.EN_ROUTE,
    "at_scene_at": UnitStatus.ON_SCENE,
    "left_scene_at": UnitStatus.TRANSPORTING,
    "at_hospital_at": UnitStatus.AT_HOSPITAL,
}


def _order_params(point: str, other: str, value: datetime) -> dict:
    """The two points' names (rendered in the reader's language) and the other's time."""
    return {
        "point": STAMP_LABELS[point],
        "other": STAMP_LABELS[other],
        "time": f"{timezone.localtime(value):%H:%M:%S}",
    }


def check_order(incident: Incident, point: str, at: datetime) -> None:
    """``at`` must not be before any earlier point that is set, nor after any later one."""
    index = STAMPS.index(point)
    # The stamps already set are in order, so the nearest set neighbours decide.
    earlier = [p for p in STAMPS[:index] if getattr(incident, p) is not None][-1:]
    later = [p for p in STAMPS[index + 1 :] if getattr(incident, p) is not None][:1]
    for other in earlier:
        value = getattr(incident, other)
        if at < value:
            raise ValidationFailed(
                _("%(point)s cannot be before %(other)s (%(time)s)."),
                code="stamp_out_of_order",
                detail={"point": point, "before": other, "at": value.isoformat()},
                params=_order_params(point, other, value),
            )
    for other in later:
        value = getattr(incident, other)
        if at > value:
            raise ValidationFailed(
                _("%(point)s cannot be after %(other)s (%(time)s)."),
                code="stamp_out_of_order",
                detail={"point": point, "after": other, "at": value.isoformat()},
                params=_order_params(point, other, value),
            )


def stamp_set(
    *,
    incident: Incident,
    point: str,
    actor: User,
    at: datetime | None = None,
    ip: str | None = None,
) -> Incident:
    """Set a timeline point (one tap: now) or correct one (the old time goes to the audit log).

    The dispatch order is stamped by sending a unit; it can be corrected here afterwards.
    """
    if point not in STAMPS:
        raise ValidationFailed(
            _("Unknown timeline point %(point)s."),
            code="unknown_stamp",
            params={"point": repr(point)},
            detail={"allowed": list(STAMPS)},
        )
    require_incident_worker(actor, incident)
    at = when(at)
    locality = incident.locality
    with transaction.atomic():
        locked = (
            Incident.objects.for_locality(locality)
            .select_for_update()
            .select_related("case", "locality")
            .get(pk=incident.pk)
        )
        previous = getattr(locked, point)
        if previous is None and point == "dispatch_at":
            raise ValidationFailed(
                _("The dispatch order is stamped by sending a unit."), code="dispatch_by_assigning"
            )
        if previous is None and locked.case.status not in OPEN_STATES:
            raise IllegalTransition(_("The incident is closed."), code="incident_closed")
        check_order(locked, point, at)
        setattr(locked, point, at)
        locked.save(update_fields=[point])
        if previous is not None:
            audit_record(
                action="ems.stamp_corrected",
                locality=locality,
                actor=actor,
                obj=locked.case,
                ip=ip,
                detail={"point": point, "from": previous.isoformat(), "to": at.isoformat()},
            )
        elif point in STAMP_ACTIONS:
            action, target = STAMP_ACTIONS[point]
            # A point stamped late (after a later one) fills the record but does not move the
            # case backwards.
            if ORDER[target] > ORDER[locked.case.status]:
                case_transition(case=locked.case, action=action, actor=actor, ip=ip)
            if point == "back_base_at":
                release_units(incident=locked, actor=actor, at=at)
            elif point in UNIT_STATUS_AT and ORDER[target] >= ORDER[locked.case.status]:
                units_follow_stamp(incident=locked, status=UNIT_STATUS_AT[point], actor=actor)
        board_changed(
            locality=locality,
            kind="stamp",
            incident=locked,
            actor=actor,
            data={"point": point, "at": at.isoformat(), "corrected": previous is not None},
        )
    return locked
