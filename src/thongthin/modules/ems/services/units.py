"""Units: sending one to an incident, their status, and positions from the crew's phone."""

from __future__ import annotations

import math
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import Conflict, IllegalTransition, ValidationFailed
from thongthin.core.i18n import Message, for_records
from thongthin.core.models import User
from thongthin.core.services.audit import audit_record
from thongthin.core.services.cases import case_transition
from thongthin.core.services.notifications import notify_enqueue
from thongthin.core.thai import validate_point

from .. import cbd
from ..models import Assignment, Incident, Unit, UnitStatus
from ..module import DISPATCH
from ..workflow import OPEN_STATES
from ._common import board_changed, require, require_unit_worker, when

# Statuses a crew or dispatcher sets by hand; the rest follow the incident's timeline.
MANUAL_STATUSES = frozenset({UnitStatus.AVAILABLE, UnitStatus.RETURNING, UnitStatus.OUT_OF_SERVICE})


def unit_assign(
    *,
    incident: Incident,
    unit: Unit,
    actor: User,
    eta_seconds: int | None = None,
    distance_km: float | None = None,
    ip: str | None = None,
) -> Assignment:
    """Send ``unit``: it must be available; of two dispatchers sending it at once, one wins."""
    locality = incident.locality
    require(actor, locality, DISPATCH)
    if unit.locality_id != locality.pk:
        raise ValidationFailed(_("Unknown unit."), code="unknown_unit")
    now = timezone.now()
    with transaction.atomic():
        locked = Incident.objects.for_locality(locality).select_for_update().get(pk=incident.pk)
        if locked.case.status not in OPEN_STATES:
            raise IllegalTransition(_("The incident is closed."), code="incident_closed")
        if not locked.confirmed:
            raise Conflict(
                _("Confirm the SOS (call back and triage) before sending a unit."),
                code="sos_unconfirmed",
            )
        # The conditional update is the arbiter: only one request sees the unit available.
        taken = (
            Unit.objects.for_locality(locality)
            .filter(pk=unit.pk, status=UnitStatus.AVAILABLE)
            .update(status=UnitStatus.DISPATCHED, status_at=now, incident=locked)
        )
        if not taken:
            current = Unit.objects.for_locality(locality).filter(pk=unit.pk).first()
            raise Conflict(
                _("The unit is not available."),
                code="unit_not_available",
                detail={"unit": unit.code, "status": current.status if current else None},
            )
        assignment = Assignment.objects.create(
            locality=locality,
            incident=locked,
            unit=unit,
            assigned_at=now,
            assigned_by=actor,
            eta_seconds=eta_seconds,
            distance_km=distance_km,
        )
        fields = []
        if locked.unit_id is None:
            locked.unit = unit
            fields.append("unit")
        if locked.dispatch_at is None:
            locked.dispatch_at = now
            fields.append("dispatch_at")
            case_transition(case=locked.case, action="dispatch", actor=actor, ip=ip)
        if fields:
            locked.save(update_fields=fields)
        audit_record(
            action="ems.unit_assigned",
            locality=locality,
            actor=actor,
            obj=locked.case,
            ip=ip,
            detail={"unit": unit.code, "eta_seconds": eta_seconds},
        )
        _notify_crew(unit, locked)
        board_changed(
            locality=locality,
            kind="assign",
            incident=locked,
            unit=unit,
            actor=actor,
            data={"from": UnitStatus.AVAILABLE, "to": UnitStatus.DISPATCHED},
        )
    return assignment


def _notify_crew(unit: Unit, incident: Incident) -> None:
    """LINE push to each crew member who linked LINE; the responder page shows it anyway.
    Staff have no language of their own on record: the push is in the working language."""
    case = incident.case
    code = cbd.dispatch_code(incident.symptom_group, incident.idc_colour, incident.criterion)
    where = f"https://maps.google.com/?q={case.lat:.6f},{case.lon:.6f}" if case.lat else ""
    order = Message(
        _("Dispatch %(unit)s: %(number)s %(code)s (%(colour)s)"),
        unit=unit.code,
        number=case.number,
        code=code,
        colour=cbd.COLOURS[incident.idc_colour].name if incident.idc_colour in cbd.COLOURS else "",
    )
    patients = Message(_("%(count)s patient(s)"), count=incident.patients_count)
    lines = [for_records(order), case.address or "", where, for_records(patients)]
    text = "\n".join(lines).strip()
    for user in unit.crew.exclude(line_user_id=""):
        notify_enqueue(
            locality=incident.locality,
            channel="line",
            recipient=user.line_user_id,
            payload={"text": text},
            dedupe_key=f"ems:{incident.pk}:assign:{unit.pk}:{user.pk}",
            urgent=True,
        )


def release_units(*, incident: Incident, actor: User | None, at: datetime) -> list[Unit]:
    """Finish every active assignment of ``incident``; its units become available."""
    locality = incident.locality
    active = Assignment.objects.for_locality(locality).filter(
        incident=incident, released_at__isnull=True
    )
    units = list(Unit.objects.for_locality(locality).filter(pk__in=active.values("unit_id")))
    active.update(released_at=at)
    for unit in units:
        _set_status(unit, UnitStatus.AVAILABLE, actor=actor, clear_incident=True)
    return units


def _set_status(
    unit: Unit, status: str, *, actor: User | None, clear_incident: bool = False
) -> None:
    locality = unit.locality
    previous = unit.status
    fields: dict = {"status": status, "status_at": timezone.now()}
    if clear_incident:
        fields["incident"] = None
    Unit.objects.for_locality(locality).filter(pk=unit.pk).update(**fields)
    unit.status = status
    board_changed(
        locality=locality,
        kind="unit_status",
        unit=unit,
        actor=actor,
        data={"from": previous, "to": status},
    )


def units_follow_stamp(*, incident: Incident, status: str, actor: User | None) -> None:
    """Move the units on ``incident`` with its timeline (en route, on scene, ...)."""
    locality = incident.locality
    for unit in Unit.objects.for_locality(locality).filter(
        assignments__incident=incident, assignments__released_at__isnull=True
    ):
        if unit.status != status:
            _set_status(unit, status, actor=actor)


def unit_set_status(*, unit: Unit, status: str, actor: User, ip: str | None = None) -> Unit:
    """By hand: available, returning or out of service. Leaving an incident releases it."""
    require_unit_worker(actor, unit)
    if status not in MANUAL_STATUSES:
        raise ValidationFailed(
            _("Set %(status)s through the incident's timeline, not by hand."),
            code="status_not_manual",
            params={"status": repr(status)},
            detail={"allowed": sorted(MANUAL_STATUSES)},
        )
    with transaction.atomic():
        locked = Unit.objects.for_locality(unit.locality).select_for_update().get(pk=unit.pk)
        release = status != UnitStatus.RETURNING and locked.incident_id is not None
        if release:
            Assignment.objects.for_locality(unit.locality).filter(
                unit=locked, released_at__isnull=True
            ).update(released_at=timezone.now())
        _set_status(locked, status, actor=actor, clear_incident=release)
        audit_record(
            action="ems.unit_status",
            locality=unit.locality,
            actor=actor,
            obj=locked,
            ip=ip,
            detail={"unit": locked.code, "from": unit.status, "to": status},
        )
    return locked


def unit_position(
    *,
    unit: Unit,
    actor: User | None,
    lat: float,
    lon: float,
    at: datetime | None = None,
    device: bool = False,
) -> bool:
    """Store a position fix; an older fix arriving late is ignored. Returns whether stored.
    ``device``: sent with the locality's API key (a vehicle tracker), not a person."""
    if not device:
        require_unit_worker(actor, unit)
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (lat, lon)):
        raise ValidationFailed(_("Coordinates must be numbers."), code="location_invalid")
    validate_point(lat, lon)
    at = when(at)
    with transaction.atomic():
        updated = (
            Unit.objects.for_locality(unit.locality)
            .filter(pk=unit.pk)
            .exclude(position_at__gt=at)
            .update(lat=lat, lon=lon, position_at=at)
        )
        if updated:
            board_changed(
                locality=unit.locality,
                kind="position",
                unit=unit,
                actor=actor,
                actor_label="" if actor else "device",
                data={"lat": lat, "lon": lon},
            )
    return bool(updated)
