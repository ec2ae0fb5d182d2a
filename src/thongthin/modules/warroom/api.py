"""The war-room API under /api/v1/warroom/: readings in (devices with the locality's key),
stations and charts, the situation (and replay), alerts, shelters, households, relief."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from thongthin.core.api.auth import STAFF_ONLY, STAFF_OR_KEY, Principal, client_ip, principal_of
from thongthin.core.api.schemas import Error
from thongthin.core.errors import NotFound, PermissionDenied, ValidationFailed
from thongthin.core.models import User

from . import situation
from .models import Alert, Household, Member, Shelter, Station, Stay, Store
from .module import PEOPLE, WATCH
from .services import alerts, people, relief, shelters
from .services._common import require
from .services.readings import readings_ingest

router = Router(tags=["warroom"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


class ReadingsIn(Schema):
    readings: list


class FollowUpIn(Schema):
    msg_type: str
    headline: str = ""
    description: str = ""
    instruction: str = ""
    severity: str = ""


class ReasonIn(Schema):
    reason: str


class CheckInIn(Schema):
    member_id: int | None = None
    name: str = ""
    sex: str = ""
    birth_year: int | None = None
    age_group: str = ""
    special_needs: bool = False


class HouseholdIn(Schema):
    code: str
    head_name: str
    lat: float
    lon: float
    zone: str = ""
    address: str = ""
    phone: str = ""
    members: list[dict] = []


class ReceiveIn(Schema):
    item: str
    quantity: int
    unit: str = "ชิ้น"


class DistributeIn(Schema):
    household: str
    item: str
    quantity: int
    recipient_name: str
    confirmed: bool
    photo: str  # base64


class AffectedIn(Schema):
    household: str
    event: str
    flooded_from: date
    flooded_to: date | None = None
    eligibility: int
    applicant_name: str
    national_id: str = ""
    damage: str = ""
    residence_proof: str = ""
    bank: str = ""
    bank_account: str = ""


class IncidentIn(Schema):
    category: str
    lat: float
    lon: float
    description: str = ""


def _user(principal: Principal) -> User:
    if principal.user is None:
        raise PermissionDenied(_("This needs a person's login."), code="login_required")
    return principal.user


def _watcher(request, locality: str | None) -> tuple[Principal, User]:
    principal = principal_of(request, locality)
    user = _user(principal)
    require(user, principal.locality, WATCH)
    return principal, user


@router.post("/readings", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def post_readings(request, payload: ReadingsIn, locality: str | None = None):
    """A batch of ``{station, observed_at, value}``; each is stored once, impossible ones are
    kept aside and listed under ``rejected`` with the reason."""
    principal = principal_of(request, locality)
    if principal.user is not None:
        require(principal.user, principal.locality, WATCH)
    result = readings_ingest(locality=principal.locality, items=payload.readings, source="http")
    if payload.readings and not result.stored and not result.duplicates:
        raise ValidationFailed(
            _("No reading could be used; they are kept aside with the reasons."),
            code="readings_rejected",
            detail=result.as_dict(),
        )
    return result.as_dict()


@router.get("/stations/{code}/chart", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def station_chart(request, code: str, days: int = 7, locality: str | None = None):
    principal = principal_of(request, locality)
    station = Station.objects.for_locality(principal.locality).filter(code=code).first()
    if station is None:
        raise NotFound()
    return situation.chart(station, days=days)


@router.get("/situation", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def get_situation(request, at: datetime | None = None, locality: str | None = None):
    principal, _actor = _watcher(request, locality)
    return situation.snapshot(principal.locality, at=at)


def _alert(principal: Principal, identifier: str) -> Alert:
    alert = Alert.objects.for_locality(principal.locality).filter(identifier=identifier).first()
    if alert is None:
        raise NotFound()
    return alert


@router.post("/alerts/{identifier}/issue", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def issue(request, identifier: str, locality: str | None = None):
    principal, user = _watcher(request, locality)
    alert = alerts.alert_issue(
        alert=_alert(principal, identifier), actor=user, ip=client_ip(request)
    )
    return {"identifier": alert.identifier, "status": alert.status}


@router.post("/alerts/{identifier}/discard", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def discard(request, identifier: str, payload: ReasonIn, locality: str | None = None):
    principal, user = _watcher(request, locality)
    alert = alerts.alert_discard(
        alert=_alert(principal, identifier), actor=user, reason=payload.reason
    )
    return {"identifier": alert.identifier, "status": alert.status}


@router.post("/alerts/{identifier}/follow-up", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def follow_up(request, identifier: str, payload: FollowUpIn, locality: str | None = None):
    principal, user = _watcher(request, locality)
    new = alerts.alert_follow_up(
        alert=_alert(principal, identifier), actor=user, ip=client_ip(request), **payload.dict()
    )
    return Status(
        201, {"identifier": new.identifier, "msg_type": new.msg_type, "references": identifier}
    )


@router.get(
    "/alerts/{identifier}/evacuation", auth=STAFF_ONLY, response={200: list[dict], **ERRORS}
)
def evacuation(request, identifier: str, locality: str | None = None):
    principal, user = _watcher(request, locality)
    return people.evacuation_list(
        alert=_alert(principal, identifier), actor=user, ip=client_ip(request)
    )


@router.post("/households", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def save_household(request, payload: HouseholdIn, locality: str | None = None):
    principal = principal_of(request, locality)
    home = people.household_save(
        locality=principal.locality, actor=_user(principal), **payload.dict()
    )
    return Status(201, {"code": home.code, "members": home.members.count()})


def _shelter(principal: Principal, shelter_id: int) -> Shelter:
    return get_object_or_404(Shelter.objects.for_locality(principal.locality), pk=shelter_id)


@router.post("/shelters/{shelter_id}/check-in", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def check_in(request, shelter_id: int, payload: CheckInIn, locality: str | None = None):
    principal, user = _watcher(request, locality)
    data = payload.dict()
    member_id = data.pop("member_id")
    member = None
    if member_id is not None:
        member = Member.objects.for_locality(principal.locality).filter(pk=member_id).first()
        if member is None:
            raise NotFound(_("Unknown member."), code="unknown_member")
    stay = shelters.check_in(
        shelter=_shelter(principal, shelter_id), actor=user, member=member, **data
    )
    return Status(201, {"stay": stay.pk, **shelters.occupancy(stay.shelter)})


@router.post("/stays/{stay_id}/check-out", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def check_out(request, stay_id: int, locality: str | None = None):
    principal, user = _watcher(request, locality)
    stay = get_object_or_404(Stay.objects.for_locality(principal.locality), pk=stay_id)
    stay = shelters.check_out(stay=stay, actor=user)
    return {"stay": stay.pk, **shelters.occupancy(stay.shelter)}


@router.get("/shelters", auth=STAFF_ONLY, response={200: list[dict], **ERRORS})
def list_shelters(request, locality: str | None = None):
    principal, _actor = _watcher(request, locality)
    return [
        {"id": s.pk, "name": s.name, "status": s.status, **shelters.occupancy(s)}
        for s in Shelter.objects.for_locality(principal.locality)
    ]


def _household(principal: Principal, code: str) -> Household:
    home = Household.objects.for_locality(principal.locality).filter(code=code).first()
    if home is None:
        raise NotFound(_("Unknown household."), code="unknown_household")
    return home


@router.post("/stores/{store_id}/receive", auth=STAFF_ONLY, response={200: dict, **ERRORS})
def receive(request, store_id: int, payload: ReceiveIn, locality: str | None = None):
    principal = principal_of(request, locality)
    store = get_object_or_404(Store.objects.for_locality(principal.locality), pk=store_id)
    stock = relief.stock_receive(store=store, actor=_user(principal), **payload.dict())
    return {"item": stock.item, "quantity": stock.quantity}


@router.post("/stores/{store_id}/distribute", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def distribute(request, store_id: int, payload: DistributeIn, locality: str | None = None):
    principal, user = _watcher(request, locality)
    store = get_object_or_404(Store.objects.for_locality(principal.locality), pk=store_id)
    try:
        photo = base64.b64decode(payload.photo.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(
            _("The photo is not valid base64."), code="photo_base64_invalid"
        ) from None
    move = relief.distribute(
        store=store,
        actor=user,
        household=_household(principal, payload.household),
        item=payload.item,
        quantity=payload.quantity,
        recipient_name=payload.recipient_name,
        confirmed=payload.confirmed,
        photo=photo,
    )
    return Status(201, {"id": move.pk, "item": move.item, "quantity": -move.quantity})


@router.post("/affected", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def affected(request, payload: AffectedIn, locality: str | None = None):
    principal = principal_of(request, locality)
    user = _user(principal)
    require(user, principal.locality, PEOPLE)
    data = payload.dict()
    record = relief.affected_register(
        household=_household(principal, data.pop("household")), actor=user, **data
    )
    return Status(201, {"id": record.pk, "applicant_id": record.applicant_id_masked})


@router.post("/incidents", auth=STAFF_ONLY, response={201: dict, **ERRORS})
def report_incident(request, payload: IncidentIn, locality: str | None = None):
    principal, user = _watcher(request, locality)
    case = people.incident_report(
        locality=principal.locality, actor=user, channel="phone", **payload.dict()
    )
    return Status(201, {"number": case.number, "status": case.status})
