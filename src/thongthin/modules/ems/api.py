"""The EMS API under /api/v1/ems/: intake, recommendation, dispatch, timeline, care, units,
the board, reports, and the citizen SOS."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from thongthin.core.api.auth import STAFF_ONLY, STAFF_OR_KEY, Principal, client_ip, principal_of
from thongthin.core.api.schemas import Error
from thongthin.core.errors import PermissionDenied, ValidationFailed
from thongthin.core.i18n import render_in
from thongthin.core.models import User
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.cases import tracking_url

from . import cbd, reports, routing, selectors, services
from .models import Incident, Patient
from .module import DISPATCH

router = Router(tags=["ems"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


class IncidentIn(Schema):
    symptom_group: int
    colour: str
    criterion: int | None = None
    lat: float | None = None
    lon: float | None = None
    subdistrict_id: int | None = None
    address: str = ""
    caller_phone: str = ""
    caller_name: str = ""
    patients_count: int = 1
    notes: str = ""
    source: str = "phone"
    call_at: datetime | None = None


class ConfirmIn(Schema):
    symptom_group: int
    colour: str
    criterion: int | None = None


class AssignIn(Schema):
    unit: str


class StampIn(Schema):
    point: str
    at: datetime | None = None


class SceneIn(Schema):
    rc_colour: str
    rc_detail: str = ""


class ReasonIn(Schema):
    reason: str


class PatientIn(Schema):
    id: int | None = None
    name: str = ""
    age: int | None = None
    sex: str = ""
    national_id: str = ""
    vitals: list[dict] = []
    treatment: str = ""
    hospital_id: int | None = None
    handover_at: datetime | None = None
    outcome: str = ""


class PositionIn(Schema):
    lat: float
    lon: float
    at: datetime | None = None


class StatusIn(Schema):
    status: str


class SosIn(Schema):
    locality: str
    phone: str
    lat: float | None = None
    lon: float | None = None
    reason: str = ""


def _user(principal: Principal) -> User:
    if principal.user is None:
        raise PermissionDenied(
            _("This needs a person's login, not an API key."), code="login_required"
        )
    return principal.user


def _incident(request, number: str, locality: str | None) -> tuple[Incident, User]:
    principal = principal_of(request, locality)
    user = _user(principal)
    incident = selectors.incident_get(locality=principal.locality, number=number)
    return incident, user


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
            for point in (
                "call_at",
                "dispatch_at",
                "left_base_at",
                "at_scene_at",
                "left_scene_at",
                "at_hospital_at",
                "back_base_at",
            )
        },  # fmt: skip
    }


@router.get("/symptom-groups", response=list[dict])
def symptom_groups(request):
    return [
        {"group": g, "th": render_in("th", label), "en": render_in("en", label)}
        for g, label in cbd.SYMPTOM_GROUPS.items()
    ]


@router.post("/incidents", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def create_incident(request, payload: IncidentIn, locality: str | None = None):
    principal = principal_of(request, locality)
    incident = services.incident_create(
        locality=principal.locality, actor=_user(principal), ip=client_ip(request),
        **payload.dict(),
    )  # fmt: skip
    return Status(201, incident_out(incident))


@router.get("/incidents/{number}", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def get_incident(request, number: str, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services._common.require_incident_worker(user, incident)
    return incident_out(incident)


@router.get(
    "/incidents/{number}/recommendations", auth=STAFF_ONLY, response={200: list[dict], **ERRORS}
)
def recommendations(request, number: str, locality: str | None = None, limit: int = 10):
    incident, user = _incident(request, number, locality)
    services._common.require(user, incident.locality, DISPATCH)
    ranked = routing.recommend(
        locality=incident.locality, lat=incident.case.lat, lon=incident.case.lon,
        colour=incident.idc_colour or "red", limit=max(1, min(limit, 50)),
    )  # fmt: skip
    return [c.as_dict() for c in ranked]


@router.post("/incidents/{number}/assign", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def assign(request, number: str, payload: AssignIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    unit = selectors.unit_get(locality=incident.locality, code=payload.unit)
    services.unit_assign(incident=incident, unit=unit, actor=user, ip=client_ip(request))
    return incident_out(selectors.incident_get(locality=incident.locality, number=number))


@router.post("/incidents/{number}/confirm", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def confirm(request, number: str, payload: ConfirmIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.incident_confirm(
        incident=incident, actor=user, ip=client_ip(request), **payload.dict()
    )
    return incident_out(selectors.incident_get(locality=incident.locality, number=number))


@router.post("/incidents/{number}/stamps", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def stamp(request, number: str, payload: StampIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.stamp_set(
        incident=incident, point=payload.point, at=payload.at, actor=user, ip=client_ip(request)
    )
    return incident_out(selectors.incident_get(locality=incident.locality, number=number))


@router.post("/incidents/{number}/scene-triage", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def scene(request, number: str, payload: SceneIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.scene_triage(incident=incident, actor=user, ip=client_ip(request), **payload.dict())
    return incident_out(selectors.incident_get(locality=incident.locality, number=number))


@router.post("/incidents/{number}/cancel", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def cancel(request, number: str, payload: ReasonIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    services.incident_cancel(
        incident=incident, actor=user, reason=payload.reason, ip=client_ip(request)
    )
    return incident_out(selectors.incident_get(locality=incident.locality, number=number))


@router.post("/incidents/{number}/patients", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def save_patient(request, number: str, payload: PatientIn, locality: str | None = None):
    incident, user = _incident(request, number, locality)
    data = payload.dict()
    patient_id = data.pop("id")
    patient = None
    if patient_id is not None:
        patient = Patient.objects.for_locality(incident.locality).filter(pk=patient_id).first()
        if patient is None:
            raise ValidationFailed(_("Unknown patient."), code="unknown_patient")
    saved = services.patient_save(
        incident=incident, actor=user, patient=patient, ip=client_ip(request), **data
    )
    return {"id": saved.pk, "vitals": saved.vitals, "outcome": saved.outcome}


@router.get("/units", auth=STAFF_OR_KEY, response={200: list[dict], **ERRORS})
def units(request, locality: str | None = None):
    principal = principal_of(request, locality)
    snapshot = selectors.board_snapshot(locality=principal.locality, actor=_user(principal))
    return snapshot["units"]


@router.post("/units/{code}/position", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def position(request, code: str, payload: PositionIn, locality: str | None = None):
    """From a crew member's phone (their login) or a vehicle tracker (the locality's key)."""
    principal = principal_of(request, locality)
    unit = selectors.unit_get(locality=principal.locality, code=code)
    stored = services.unit_position(
        unit=unit, actor=principal.user, lat=payload.lat, lon=payload.lon, at=payload.at,
        device=principal.user is None,
    )  # fmt: skip
    return {"unit": unit.code, "stored": stored}


@router.post("/units/{code}/status", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def unit_status(request, code: str, payload: StatusIn, locality: str | None = None):
    principal = principal_of(request, locality)
    unit = selectors.unit_get(locality=principal.locality, code=code)
    unit = services.unit_set_status(
        unit=unit, status=payload.status, actor=_user(principal), ip=client_ip(request)
    )
    return {"unit": unit.code, "status": unit.status}


@router.get("/board", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def board(request, locality: str | None = None):
    principal = principal_of(request, locality)
    return selectors.board_snapshot(locality=principal.locality, actor=_user(principal))


@router.get("/reports/response", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def report(
    request, locality: str | None = None, start: date | None = None, end: date | None = None
):
    principal = principal_of(request, locality)
    return reports.response_report(
        locality=principal.locality, actor=_user(principal), start=start, end=end
    )


@router.post("/sos", response={201: dict, 200: dict, **ERRORS})
def sos(request, payload: SosIn):
    """A citizen's SOS (no login): rate-limited per address; the same phone within 30 minutes
    returns the incident already open (200) instead of a new one (201)."""
    locality = access_locality(payload.locality)
    rate_limit_check(scope="ems-sos", ident=client_ip(request) or "-")
    with transaction.atomic():
        citizen = services.sos_citizen(locality=locality, phone=payload.phone)
        incident, created = services.sos_create(
            locality=locality, citizen=citizen, lat=payload.lat, lon=payload.lon,
            reason=payload.reason,
        )  # fmt: skip
    body = {
        "number": incident.case.number,
        "tracking_url": tracking_url(incident.case),
        "created": created,
    }
    return Status(201 if created else 200, body)
