"""Reads and the gates: an incident, a unit or a patient named in a request; the dispatch
board's snapshot; the change log's head."""

from __future__ import annotations

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound, ValidationFailed
from thongthin.core.models import Locality, User
from thongthin.core.services.audit import AuditAction, audit_record

from . import cbd
from .models import BoardChange, Hospital, Incident, Patient, Unit
from .module import BOARD, DISPATCH, INCIDENTS, POSITION
from .services._common import require
from .workflow import OPEN_STATES, WORKFLOW


def access_incident(*, actor: Actor, locality: Locality, number: str) -> Incident:
    """The one gate for an incident named in a URL or a request: for those who see the
    dispatch board (it lists every open incident) or every incident of the locality; "not
    found" alike for missing, another locality's and forbidden. What one may then do with it
    (dispatch, stamp the timeline of one's own unit's incident) the services decide."""
    if not (has_capability(actor, locality, BOARD) or has_capability(actor, locality, INCIDENTS)):
        raise NotFound()
    incident = (
        Incident.objects.for_locality(locality)
        .select_related(
            "case", "case__locality", "case__subdistrict", "unit", "hospital", "locality"
        )
        .filter(case__number=number)
        .first()
    )
    if incident is None:
        raise NotFound()
    return incident


def access_unit(*, actor: Actor, locality: Locality, code: str) -> Unit:
    """A unit by its code, for those who see the board or send positions (a tracker's key)."""
    if not (has_capability(actor, locality, BOARD) or has_capability(actor, locality, POSITION)):
        raise NotFound(_("Unknown unit."), code="unknown_unit")
    unit = Unit.objects.for_locality(locality).select_related("locality").filter(code=code).first()
    if unit is None:
        raise NotFound(_("Unknown unit."), code="unknown_unit")
    return unit


def access_patient(*, incident: Incident, patient_id: int | None) -> Patient | None:
    """A patient of this incident (None for a new one); a patient of another incident is
    "unknown" like a missing one."""
    if patient_id is None:
        return None
    patient = (
        Patient.objects.for_locality(incident.locality_id)
        .filter(pk=patient_id, incident=incident)
        .first()
    )
    if patient is None:
        raise ValidationFailed(_("Unknown patient."), code="unknown_patient")
    return patient


def board_version(locality: Locality) -> int:
    return BoardChange.objects.for_locality(locality).aggregate(v=Max("id"))["v"] or 0


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def board_snapshot(*, locality: Locality, actor: User) -> dict:
    """Open incidents (most urgent and oldest first) and every unit, without personal data."""
    require(actor, locality, BOARD)
    version = board_version(locality)
    now = timezone.now()
    units = list(
        Unit.objects.for_locality(locality).select_related("incident__case").order_by("code")
    )
    incidents = list(
        Incident.objects.for_locality(locality)
        .select_related("case", "case__subdistrict")
        .filter(case__status__in=OPEN_STATES)
        .order_by("call_at")
    )
    sent: dict[int, list[str]] = {}
    for unit in units:
        if unit.incident_id:
            sent.setdefault(unit.incident_id, []).append(unit.code)
    states = {s.code: s for s in WORKFLOW.states}
    incidents.sort(
        key=lambda i: (
            i.confirmed,
            cbd.COLOURS[i.idc_colour].rank if i.idc_colour in cbd.COLOURS else 9,
            i.call_at,
        )
    )
    return {
        "version": version,
        "now": now.isoformat(),
        "incidents": [
            {
                "number": i.case.number,
                "status": i.case.status,
                "status_label": str(states[i.case.status].label),
                "confirmed": i.confirmed,
                "source": i.source,
                "colour": i.idc_colour,
                "rc_colour": i.rc_colour,
                "code": cbd.dispatch_code(i.symptom_group, i.idc_colour, i.criterion),
                "group": cbd.group_label(i.symptom_group),
                "patients": i.patients_count,
                "lat": i.case.lat,
                "lon": i.case.lon,
                "place": i.case.address
                or (i.case.subdistrict.name_th if i.case.subdistrict else ""),
                "call_at": i.call_at.isoformat(),
                "age_seconds": int((now - i.call_at).total_seconds()),
                "units": sent.get(i.pk, []),
            }
            for i in incidents
        ],
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "status": u.status,
                "status_label": str(u.get_status_display()),
                "status_at": _iso(u.status_at),
                "lat": u.lat if u.lat is not None else u.base_lat,
                "lon": u.lon if u.lon is not None else u.base_lon,
                "position_at": _iso(u.position_at),
                "incident": u.incident.case.number if u.incident_id else None,
            }
            for u in units
        ],
    }


def incident_caller(*, actor: User, incident: Incident, ip: str | None = None) -> dict | None:
    """Who called, for those who dispatch (they call back); the read is written to the audit
    log. None for everyone else, and when nobody left a name or number."""
    if not has_capability(actor, incident.locality, DISPATCH):
        return None
    if not (incident.caller_phone or incident.caller_name):
        return None
    audit_record(
        action=AuditAction.PII_READ,
        locality=incident.locality,
        actor=actor,
        obj=incident.case,
        ip=ip,
        detail={"what": "ems.caller"},
    )
    return {"name": incident.caller_name, "phone": incident.caller_phone}


def incident_patients(*, actor: User, incident: Incident, ip: str | None = None) -> list[Patient]:
    """The incident's patients (names, vitals, treatment: health data), for whoever the caller
    already let work the incident; each showing is written to the audit log."""
    patients = list(Patient.objects.for_locality(incident.locality_id).filter(incident=incident))
    if patients:
        audit_record(
            action=AuditAction.PII_READ,
            locality=incident.locality,
            actor=actor,
            obj=incident.case,
            ip=ip,
            detail={"what": "ems.patients", "patients": len(patients)},
        )
    return patients


def hospitals(*, locality: Locality) -> QuerySet[Hospital]:
    return Hospital.objects.for_locality(locality).filter(active=True)


def crew_units(*, actor: User, locality: Locality) -> list[Unit]:
    """The units this person rides with, each with its current incident."""
    return list(
        Unit.objects.for_locality(locality).select_related("incident__case").filter(crew=actor)
    )


def ready_units(locality) -> bool:
    return Unit.objects.for_locality(locality).exists()


def ready_hospitals(locality) -> bool:
    return Hospital.objects.for_locality(locality).filter(active=True).exists()
