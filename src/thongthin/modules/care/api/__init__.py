"""/api/v1/care/: people in care and their screenings (care roles; every read logged), a
caregiver's visit sent from the phone (stored once however often it is sent), a home reading
through the person's own link, and a day's Smart Car plan."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from thongthin.core.access import has_capability
from thongthin.core.api.auth import STAFF_ONLY, principal_of
from thongthin.core.api.schemas import ERRORS
from thongthin.core.errors import NotFound, PermissionDenied, ValidationFailed
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality

from .. import selectors, services
from ..models import Person, RoutePlan
from ..module import TRANSPORT
from .schemas import (
    AssessmentIn,
    AssessmentOut,
    PersonOut,
    PlanDayOut,
    ReadingIn,
    ReadingOut,
    VisitIn,
    VisitOut,
)

router = Router(tags=["care"])


def _person(p: Person) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "sex": p.sex,
        "birth_date": p.birth_date,
        "national_id_masked": p.national_id_masked,
        "address": p.address_line(),
        "moo": p.moo,
        "lat": p.lat,
        "lon": p.lon,
        "household_code": p.household_code,
        "status": p.status,
        "adl_total": p.adl_total,
        "band": p.band,
        "group": p.group,
    }


def _user(request, locality):
    principal = principal_of(request, locality)
    if principal.user is None:
        raise PermissionDenied()
    return principal


@router.get("/people", response={200: list[PersonOut], **ERRORS}, auth=STAFF_ONLY)
def people(request, locality: str | None = None, group: str = "", moo: str = ""):
    p = _user(request, locality)
    rows = selectors.people_list(
        actor=p.actor, locality=p.locality, ip=client_ip(request), group=group, moo=moo
    )
    return [_person(row) for row in rows]


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, auth=STAFF_ONLY)
def person(request, person_id: int, locality: str | None = None):
    p = _user(request, locality)
    row = selectors.access_person(
        actor=p.actor, locality=p.locality, person_id=person_id, ip=client_ip(request)
    )
    return _person(row)


@router.post(
    "/people/{person_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    auth=STAFF_ONLY,
)
def assess(request, person_id: int, payload: AssessmentIn, locality: str | None = None):
    p = _user(request, locality)
    row = selectors.access_person(
        actor=p.actor, locality=p.locality, person_id=person_id, ip=client_ip(request)
    )
    made = services.assessment_record(
        person=row,
        actor=p.user,
        items=dict(payload.items),
        tai=payload.tai,
        assessed_on=payload.assessed_on,
        notes=payload.notes,
        ip=client_ip(request),
    )
    return Status(201, made)


def _photos(encoded: list[str]) -> list[bytes]:
    blobs = []
    for text in encoded:
        try:
            blobs.append(base64.b64decode(text.split(",", 1)[-1], validate=True))
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                _("A photo is not valid base64."), code="photo_invalid", detail={"field": "photos"}
            ) from None
    return blobs


@router.post(
    "/visits/{visit_id}/record",
    response={200: VisitOut, 201: VisitOut, **ERRORS},
    auth=STAFF_ONLY,
)
def visit_record(request, visit_id: int, payload: VisitIn, locality: str | None = None):
    """A visit from the caregiver's phone: 201 the first time, 200 with ``stored: false`` when
    the same visit (same ``client_id``) arrives again after a lost connection."""
    p = _user(request, locality)
    visit = selectors.access_visit(actor=p.actor, locality=p.locality, visit_id=visit_id)
    data = payload.dict()
    data["photos"] = _photos(payload.photos)
    row, new = services.visit_record(
        visit=visit, actor=p.user, data=services.VisitIn(**data), ip=client_ip(request)
    )
    out = VisitOut.model_validate(row, from_attributes=True).model_copy(update={"stored": new})
    return Status(201 if new else 200, out)


@router.post(
    "/my/{slug}/{token}/readings",
    response={200: ReadingOut, 201: ReadingOut, **ERRORS},
    auth=None,
)
def reading_by_link(request, slug: str, token: str, payload: ReadingIn):
    """A home reading through the person's own link (no account; rate-limited per address)."""
    rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
    locality = access_locality(slug)
    row = selectors.access_person_by_token(locality=locality, token=token)
    reading, new = services.reading_record(
        person=row,
        sbp=payload.sbp,
        dbp=payload.dbp,
        glucose=payload.glucose,
        taken_at=payload.taken_at,
        client_id=payload.client_id,
        channel="web",
        ip=client_ip(request),
    )
    return Status(201 if new else 200, {"id": reading.pk, "colour": reading.colour,
                                         "alert": reading.alert, "stored": new})  # fmt: skip


@router.post("/rides/plan", response={200: PlanDayOut, **ERRORS}, auth=STAFF_ONLY)
def plan_day(request, day: date, locality: str | None = None):
    """Plan (again) a day's Smart Car routes; the routes and the rides no vehicle could take."""
    p = _user(request, locality)
    if not has_capability(p.actor, p.locality, TRANSPORT):
        raise NotFound()  # as every other care operation answers those without the role
    services.route_plan(locality=p.locality, actor=p.user, day=day, ip=client_ip(request))
    routes = RoutePlan.objects.for_locality(p.locality).filter(day=day).order_by("vehicle_id")
    rides = selectors.rides_of_day(actor=p.actor, locality=p.locality, day=day)
    return {
        "routes": [{"vehicle": r.vehicle_id, "km": float(r.km), "stops": r.stops} for r in routes],
        "unserved": [r.pk for r in rides if r.status == "unserved"],
    }
