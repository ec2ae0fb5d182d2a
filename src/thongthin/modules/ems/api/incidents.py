"""Incidents: taking a call, the recommendation, sending a unit, the timeline, triage,
cancelling, patients."""

from __future__ import annotations

from ninja import Status

from thongthin.core.api.auth import STAFF_ONLY, client_ip, principal_of
from thongthin.core.api.schemas import ERRORS

from .. import cbd, routing, selectors, services
from ..models import STAMPS, Incident
from ..module import DISPATCH
from ..services._common import require, require_incident_worker
from ._router import person, router
from .schemas import (
    AssignIn,
    ConfirmIn,
    IncidentIn,
    IncidentOut,
    PatientIn,
    PatientSavedOut,
    ReasonIn,
    RecommendationOut,
    SceneIn,
    StampIn,
)


def incident_out(incident: Incident) -> dict:
    case = incident.case
    return {
        "number": case.number,
        "status": case.status,
        "confirmed": incident.confirmed,
        "source": incident.source,
        "symptom_group": incident.symptom_group,
        "criterion": incident.criterion,
        "idc_colour": incident.idc_colour,
        "rc_colour": incident.rc_colour,
        "dispatch_code": cbd.dispatch_code(
            incident.symptom_group, incident.idc_colour, incident.criterion
        ),
        "patients_count": incident.patients_count,
        "lat": case.lat,
        "lon": case.lon,
        "subdistrict_id": case.subdistrict_id,
        "unit": incident.unit.code if incident.unit else None,
        "timeline": {
            point: (getattr(incident, point).isoformat() if getattr(incident, point) else None)
            for point in STAMPS
        },
    }


def _incident(request, number: str, locality: str | None):
    principal = principal_of(request, locality)
    user = person(principal)
    return selectors.access_incident(actor=user, locality=principal.locality, number=number), user


def _reread(incident: Incident, user) -> dict:
    return incident_out(
        selectors.access_incident(
            actor=user, locality=incident.locality, number=incident.case.number
        )
    )


@router.post("/incidents", auth=STAFF_ONLY, response={201: IncidentOut, **ERRORS})
def create_incident(request, payload: IncidentIn, locality: str | None = None):
    principal = principal_of(request, locality)
    incident = services.incident_create(
        locality=principal.locality, actor=person(principal), ip=client_ip(request),
        **payload.dict(),
    )  # fmt: skip
    return Status(201, incident_out(incident))


@router.get("/incidents/{number}", auth=STAFF_ONLY, response={200: IncidentOut, **ERRORS})
def get_incident(request, number: str, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    require_incident_worker(user, incident)
    return incident_out(incident)


@router.get(
    "/incidents/{number}/recommendations",
    auth=STAFF_ONLY,
    response={200: list[RecommendationOut], **ERRORS},
)
def recommendations(request, number: str, locality: str | None = None, limit: int = 10):
    incident, user = _incident(request, number, locality)
    require(user, incident.locality, DISPATCH)
    ranked = routing.recommend(
        locality=incident.locality, lat=incident.case.lat, lon=incident.case.lon,
        colour=incident.idc_colour or "red", limit=max(1, min(limit, 50)),
    )  # fmt: skip
    return [c.as_dict() for c in ranked]


@router.post("/incidents/{number}/assign", auth=STAFF_ONLY, response={200: IncidentOut, **ERRORS})
def assign(request, number: str, payload: AssignIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    unit = selectors.access_unit(actor=user, locality=incident.locality, code=payload.unit)
    services.unit_assign(incident=incident, unit=unit, actor=user, ip=client_ip(request))
    return _reread(incident, user)


@router.post("/incidents/{number}/confirm", auth=STAFF_ONLY, response={200: IncidentOut, **ERRORS})
def confirm(request, number: str, payload: ConfirmIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.incident_confirm(
        incident=incident, actor=user, ip=client_ip(request), **payload.dict()
    )
    return _reread(incident, user)


@router.post("/incidents/{number}/stamps", auth=STAFF_ONLY, response={200: IncidentOut, **ERRORS})
def stamp(request, number: str, payload: StampIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.stamp_set(
        incident=incident, point=payload.point, at=payload.at, actor=user, ip=client_ip(request)
    )
    return _reread(incident, user)


@router.post(
    "/incidents/{number}/scene-triage", auth=STAFF_ONLY, response={200: IncidentOut, **ERRORS}
)
def scene(request, number: str, payload: SceneIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.scene_triage(incident=incident, actor=user, ip=client_ip(request), **payload.dict())
    return _reread(incident, user)


@router.post("/incidents/{number}/cancel", auth=STAFF_ONLY, response={200: IncidentOut, **ERRORS})
def cancel(request, number: str, payload: ReasonIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.incident_cancel(
        incident=incident, actor=user, reason=payload.reason, ip=client_ip(request)
    )
    return _reread(incident, user)


@router.post(
    "/incidents/{number}/patients", auth=STAFF_ONLY, response={200: PatientSavedOut, **ERRORS}
)
def save_patient(request, number: str, payload: PatientIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    data = payload.dict()
    patient = selectors.access_patient(incident=incident, patient_id=data.pop("id"))
    saved = services.patient_save(
        incident=incident, actor=user, patient=patient, ip=client_ip(request), **data
    )
    return {"id": saved.pk, "vitals": saved.vitals, "outcome": saved.outcome}
