"""People: households, shelters and stays, relief stores, the affected-household register,
and disaster incidents taken by phone."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext_lazy as _
from ninja import Status

from thongthin.core.api.auth import STAFF_ONLY, principal_of
from thongthin.core.api.schemas import ERRORS
from thongthin.core.errors import ValidationFailed

from .. import selectors
from ..module import PEOPLE
from ..services import people, relief, shelters
from ..services._common import require
from ._router import person, router, watcher
from .schemas import (
    AffectedIn,
    AffectedOut,
    CheckInIn,
    DisasterFiledOut,
    DistributeIn,
    DistributionOut,
    HouseholdIn,
    HouseholdSavedOut,
    IncidentIn,
    ReceiveIn,
    ShelterOut,
    StayOut,
    StockOut,
)


@router.post("/households", auth=STAFF_ONLY, response={201: HouseholdSavedOut, **ERRORS})
def save_household(request, payload: HouseholdIn, locality: str | None = None):
    principal = principal_of(request, locality)
    home = people.household_save(
        locality=principal.locality, actor=person(principal), **payload.dict()
    )
    return Status(201, {"code": home.code, "members": home.members.count()})


@router.post("/shelters/{shelter_id}/check-in", auth=STAFF_ONLY, response={201: StayOut, **ERRORS})
def check_in(request, shelter_id: int, payload: CheckInIn, locality: str | None = None):
    principal, user = watcher(request, locality)
    data = payload.dict()
    member_id = data.pop("member_id")
    member = (
        selectors.access_member(actor=user, locality=principal.locality, member_id=member_id)
        if member_id is not None
        else None
    )
    shelter = selectors.access_shelter(
        actor=user, locality=principal.locality, shelter_id=shelter_id
    )
    stay = shelters.check_in(shelter=shelter, actor=user, member=member, **data)
    return Status(201, {"stay": stay.pk, **shelters.occupancy(stay.shelter)})


@router.post("/stays/{stay_id}/check-out", auth=STAFF_ONLY, response={200: StayOut, **ERRORS})
def check_out(request, stay_id: int, locality: str | None = None):
    principal, user = watcher(request, locality)
    stay = selectors.access_stay(actor=user, locality=principal.locality, stay_id=stay_id)
    stay = shelters.check_out(stay=stay, actor=user)
    return {"stay": stay.pk, **shelters.occupancy(stay.shelter)}


@router.get("/shelters", auth=STAFF_ONLY, response={200: list[ShelterOut], **ERRORS})
def list_shelters(request, locality: str | None = None):
    principal, user = watcher(request, locality)
    overview = selectors.people_overview(actor=user, locality=principal.locality)
    return [
        {"id": s.pk, "name": s.name, "status": s.status, **occupancy}
        for s, occupancy in overview["shelters"]
    ]


@router.post("/stores/{store_id}/receive", auth=STAFF_ONLY, response={200: StockOut, **ERRORS})
def receive(request, store_id: int, payload: ReceiveIn, locality: str | None = None):
    principal = principal_of(request, locality)
    user = person(principal)
    store = selectors.access_store(actor=user, locality=principal.locality, store_id=store_id)
    stock = relief.stock_receive(store=store, actor=user, **payload.dict())
    return {"item": stock.item, "quantity": stock.quantity}


@router.post(
    "/stores/{store_id}/distribute", auth=STAFF_ONLY, response={201: DistributionOut, **ERRORS}
)
def distribute(request, store_id: int, payload: DistributeIn, locality: str | None = None):
    principal, user = watcher(request, locality)
    store = selectors.access_store(actor=user, locality=principal.locality, store_id=store_id)
    try:
        photo = base64.b64decode(payload.photo.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(
            _("The photo is not valid base64."), code="photo_base64_invalid"
        ) from None
    move = relief.distribute(
        store=store,
        actor=user,
        household=selectors.access_household(
            actor=user, locality=principal.locality, code=payload.household
        ),
        item=payload.item,
        quantity=payload.quantity,
        recipient_name=payload.recipient_name,
        confirmed=payload.confirmed,
        photo=photo,
    )
    return Status(201, {"id": move.pk, "item": move.item, "quantity": -move.quantity})


@router.post("/affected", auth=STAFF_ONLY, response={201: AffectedOut, **ERRORS})
def affected(request, payload: AffectedIn, locality: str | None = None):
    principal = principal_of(request, locality)
    user = person(principal)
    require(user, principal.locality, PEOPLE)
    data = payload.dict()
    home = selectors.access_household(
        actor=user, locality=principal.locality, code=data.pop("household")
    )
    record = relief.affected_register(household=home, actor=user, **data)
    return Status(201, {"id": record.pk, "applicant_id": record.applicant_id_masked})


@router.post("/incidents", auth=STAFF_ONLY, response={201: DisasterFiledOut, **ERRORS})
def report_incident(request, payload: IncidentIn, locality: str | None = None):
    principal, user = watcher(request, locality)
    case = people.incident_report(
        locality=principal.locality, actor=user, channel="phone", **payload.dict()
    )
    return Status(201, {"number": case.number, "status": case.status})
