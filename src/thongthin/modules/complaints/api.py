"""/api/v1/complaints/: filing (public, rate-limited, or with a locality's API key), the public
list and map, duplicates, classification, the reporter's rating and reopening by tracking
code, and the staff actions that only complaints have."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from django.db import transaction
from ninja import Field, Router, Schema, Status

from thongthin.core.api.auth import STAFF_OR_KEY, Principal, client_ip, principal_of
from thongthin.core.api.schemas import Error
from thongthin.core.errors import AuthenticationRequired, NotFound, ValidationFailed
from thongthin.core.models import User
from thongthin.core.models.cases import Channel
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import (
    access_case,
    access_case_for_integration,
    access_locality,
    assignment_targets,
)
from thongthin.core.services.accounts import apikey_authenticate, citizen_upsert
from thongthin.core.services.cases import case_assign, tracking_url
from thongthin.core.thai import validate_point

from . import classifier, selectors, services
from .models import Category, Complaint

router = Router(tags=["complaints"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


class CategoryOut(Schema):
    code: str
    name_th: str
    name_en: str
    traffy_type: str
    department: str | None
    sla_hours: int
    sla_mode: str


class ComplaintIn(Schema):
    locality: str | None = Field(None, description="slug; not needed with an API key")
    description: str = Field(..., max_length=4000)
    category: str = Field("", description="category code; empty = classify the text")
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    name: str = ""
    phone: str = ""
    show_name: bool = False
    channel: str = Field("", description="with an API key: web, line, phone, walk_in or api")
    photos_base64: list[str] = Field(default_factory=list, max_length=5)


class Filed(Schema):
    number: str
    tracking_code: str
    tracking_url: str
    status: str
    category: str | None
    confidence: float | None
    needs_triage: bool
    outside_area: bool
    nearby: list[dict]


class PublicItem(Schema):
    id: int
    number: str
    title: str
    status: str
    status_label: str
    category: str
    lat: float | None
    lon: float | None
    created_at: datetime
    closed_at: datetime | None


class PublicPage(Schema):
    items: list[PublicItem]
    next_before: int | None


class ClassifyIn(Schema):
    locality: str | None = None
    text: str


class ClassifyOut(Schema):
    category: str | None
    code: str | None
    confidence: float | None
    accepted: bool


class RatingIn(Schema):
    stars: int
    comment: str = ""


class ReasonIn(Schema):
    reason: str


class CategorySetIn(Schema):
    category: str


class ForwardIn(Schema):
    organisation: str
    reason: str = ""


class MergeIn(Schema):
    into: str


class BulkAssignIn(Schema):
    numbers: list[str] = Field(..., min_length=1, max_length=200)
    department: str | None = None
    assignee: str | None = None


def _decode_photos(items: list[str]) -> list[bytes]:
    photos = []
    for index, item in enumerate(items):
        try:
            photos.append(base64.b64decode(item.split(",", 1)[-1], validate=True))
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                f"Photo {index + 1} is not valid base64.",
                message_th=f"รูปที่ {index + 1} ไม่ใช่ base64 ที่ถูกต้อง",
                code="photo_base64_invalid",
            ) from None
    return photos


def _api_key(request):
    header = request.headers.get("X-API-Key") or ""
    bearer = request.headers.get("Authorization", "")
    secret = header or (bearer[7:] if bearer.startswith("Bearer ") else "")
    if not secret:
        return None
    key = apikey_authenticate(secret)
    if key is None:
        raise AuthenticationRequired(
            "The API key is not valid.", message_th="คีย์ API ไม่ถูกต้อง", code="api_key_invalid"
        )
    return key


@router.get("/categories", response={200: list[CategoryOut], **ERRORS})
def categories(request, locality: str):
    rows = (
        Category.objects.for_locality(access_locality(locality))
        .filter(active=True)
        .select_related("department")
    )
    return [
        {
            "code": c.code,
            "name_th": c.name_th,
            "name_en": c.name_en,
            "traffy_type": c.traffy_type,
            "department": c.department.code if c.department_id else None,
            "sla_hours": c.sla_hours,
            "sla_mode": c.sla_mode,
        }
        for c in rows
    ]


@router.post("", response={201: Filed, **ERRORS})
def file_complaint(request, payload: ComplaintIn):
    """File a complaint. Without an API key it is a public web report (rate-limited per IP,
    ``locality`` required); with one it files in the key's locality on the given channel."""
    key = _api_key(request)
    if key is not None:
        locality = key.locality
        channel = payload.channel or Channel.API
        if channel not in Channel.values:
            raise ValidationFailed(f"Unknown channel {channel!r}.", code="unknown_channel")
        actor_label = f"api:{key.name}"
    else:
        if not payload.locality:
            raise ValidationFailed(
                "locality is required.",
                message_th="กรุณาระบุ อปท. (locality)",
                code="locality_required",
            )
        locality = access_locality(payload.locality)
        rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
        channel, actor_label = Channel.WEB, "citizen"
    photos = _decode_photos(payload.photos_base64)
    with transaction.atomic():
        reporter = None
        if payload.name.strip() or payload.phone.strip():
            reporter = citizen_upsert(
                locality=locality, phone=payload.phone, display_name=payload.name
            )
        complaint = services.complaint_create(
            locality=locality,
            description=payload.description,
            category_code=payload.category,
            channel=channel,
            lat=payload.lat,
            lon=payload.lon,
            address=payload.address,
            reporter=reporter,
            photos=photos,
            show_name=payload.show_name,
            actor_label=actor_label,
            ip=client_ip(request),
        )
    return Status(201, _filed(complaint))


def _filed(complaint: Complaint) -> dict:
    case = complaint.case
    assert case.lat is not None and case.lon is not None  # every complaint has a location
    nearby = services.duplicates_near(
        locality=case.locality, category=complaint.category, lat=case.lat, lon=case.lon
    )
    return {
        "number": case.number,
        "tracking_code": case.tracking_code,
        "tracking_url": tracking_url(case),
        "status": case.status,
        "category": complaint.category.code if complaint.category else None,
        "confidence": complaint.confidence,
        "needs_triage": complaint.needs_triage,
        "outside_area": complaint.outside_area,
        "nearby": selectors.nearby_summary([n for n in nearby if n.complaint.pk != complaint.pk]),
    }


@router.get("/public", response={200: PublicPage, **ERRORS})
def public_list(
    request,
    locality: str,
    status: str | None = None,
    category: str | None = None,
    before: int | None = None,
    limit: int = 20,
):
    """Newest first, without personal data; pass ``next_before`` back as ``before``."""
    items, next_before = selectors.public_list(
        locality=access_locality(locality),
        status=status,
        category=category,
        before=before,
        limit=limit,
    )
    return {"items": items, "next_before": next_before}


@router.get("/map", response={200: dict, **ERRORS})
def map_data(
    request,
    locality: str,
    zoom: int = 12,
    bbox: str | None = None,
    status: str | None = None,
    category: str | None = None,
):
    """GeoJSON clusters (``count``) by H3 cell, or single points from zoom 16 (needs bbox)."""
    return selectors.map_features(
        locality=access_locality(locality),
        zoom=max(0, min(zoom, 20)),
        bbox=selectors.parse_bbox(bbox),
        status=status,
        category=category,
    )


@router.get("/nearby", response={200: list[dict], **ERRORS})
def nearby(request, locality: str, lat: float, lon: float, category: str = ""):
    """Open complaints nearby in the same category: "is this yours?" before filing."""
    place = access_locality(locality)
    validate_point(lat, lon)
    chosen = services.category_get(place, category) if category else None
    rows = services.duplicates_near(locality=place, category=chosen, lat=lat, lon=lon)
    return selectors.nearby_summary(rows)


@router.post("/classify", response={200: ClassifyOut, **ERRORS})
def classify(request, payload: ClassifyIn):
    place = access_locality(payload.locality) if payload.locality else None
    if place is None:
        raise ValidationFailed(
            "locality is required.", message_th="กรุณาระบุ อปท. (locality)", code="locality_required"
        )
    if not payload.text.strip():
        raise ValidationFailed("text is empty.", message_th="ข้อความว่าง", code="text_required")
    prediction = classifier.classify(place, payload.text)
    if prediction is None:
        return {"category": None, "code": None, "confidence": None, "accepted": False}
    category = Category.objects.for_locality(place).filter(code=prediction.category_code).first()
    return {
        "category": category.name_th if category else None,
        "code": prediction.category_code,
        "confidence": round(prediction.confidence, 4),
        "accepted": prediction.confidence >= classifier.threshold(),
    }


def _by_tracking(locality_slug: str, code: str) -> Complaint:
    from thongthin.core.selectors import case_public_get

    case = case_public_get(locality=access_locality(locality_slug), tracking_code=code)
    complaint = Complaint.objects.for_locality(case.locality_id).filter(case=case).first()
    if complaint is None:
        raise NotFound()
    return complaint


@router.post("/track/{locality}/{code}/rating", response={200: dict, **ERRORS})
def rate(request, locality: str, code: str, payload: RatingIn):
    """The reporter (who holds the tracking code) rates a resolved case 1–5 stars."""
    complaint = services.complaint_rate(
        complaint=_by_tracking(locality, code), stars=payload.stars, comment=payload.comment
    )
    return {"rating": complaint.rating}


@router.post("/track/{locality}/{code}/reopen", response={200: dict, **ERRORS})
def reopen(request, locality: str, code: str, payload: ReasonIn):
    """The reporter reopens a resolved case within 7 days, with a reason."""
    complaint = services.complaint_reopen(
        complaint=_by_tracking(locality, code), reason=payload.reason
    )
    return {"status": complaint.case.status, "reopen_count": complaint.reopen_count}


@router.get("/stats", response={200: dict, **ERRORS})
def stats(request, locality: str):
    figures = selectors.complaint_stats(access_locality(locality))
    return figures.__dict__


# -- staff ------------------------------------------------------------------------------------


class QueueItem(Schema):
    number: str
    title: str
    status: str
    category: str | None
    department: str | None
    assignee: str | None
    sla_due_at: datetime | None
    created_at: datetime
    needs_triage: bool
    outside_area: bool
    confidence: float | None
    channel: str


class QueuePage(Schema):
    items: list[QueueItem]
    next_offset: int | None


@router.get("/queue", auth=STAFF_OR_KEY, response={200: QueuePage, **ERRORS})
def queue(
    request,
    department: str | None = None,
    status: str | None = None,
    category: str | None = None,
    overdue: bool = False,
    area: int | None = None,
    triage: bool = False,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    locality: str | None = None,
):
    """A division's complaints, most urgent (earliest due) first; open ones unless ``status``
    is given (``open``, ``closed`` or status codes, comma-separated)."""
    from thongthin.core.models import Department

    principal = principal_of(request, locality)
    chosen = None
    if department:
        chosen = Department.objects.for_locality(principal.locality).filter(code=department).first()
        if chosen is None:
            raise NotFound()
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    rows = list(
        selectors.queue(
            locality=principal.locality,
            department=chosen,
            status=status,
            category=category,
            overdue=overdue,
            subdistrict=area,
            triage=triage,
            q=q,
        )[offset : offset + limit + 1]
    )
    items = [
        {
            "number": c.case.number,
            "title": c.case.title,
            "status": c.case.status,
            "category": c.category.code if c.category else None,
            "department": c.case.department.code if c.case.department else None,
            "assignee": c.case.assignee.username if c.case.assignee else None,
            "sla_due_at": c.case.sla_due_at,
            "created_at": c.case.created_at,
            "needs_triage": c.needs_triage,
            "outside_area": c.outside_area,
            "confidence": c.confidence,
            "channel": c.case.channel,
        }
        for c in rows[:limit]
    ]
    return {"items": items, "next_offset": offset + limit if len(rows) > limit else None}


def _complaint(principal: Principal, number: str) -> Complaint:
    if principal.user is not None:
        case = access_case(actor=principal.user, number=number, locality=principal.locality)
    else:
        case = access_case_for_integration(locality=principal.locality, number=number)
    complaint = Complaint.objects.for_locality(case.locality_id).filter(case=case).first()
    if complaint is None:
        raise NotFound()
    return complaint


def _staff(principal: Principal) -> User:
    if principal.user is None:
        from thongthin.core.errors import PermissionDenied

        raise PermissionDenied()
    return principal.user


@router.post("/{number}/category", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def set_category(request, number: str, payload: CategorySetIn, locality: str | None = None):
    principal = principal_of(request, locality)
    complaint = services.complaint_set_category(
        complaint=_complaint(principal, number),
        actor=_staff(principal),
        category_code=payload.category,
    )
    return {"number": number, "category": complaint.category.code if complaint.category else ""}


@router.post("/{number}/forward", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def forward(request, number: str, payload: ForwardIn, locality: str | None = None):
    principal = principal_of(request, locality)
    complaint = services.complaint_forward(
        complaint=_complaint(principal, number),
        actor=_staff(principal),
        organisation=payload.organisation,
        reason=payload.reason,
        ip=client_ip(request),
    )
    return {
        "number": number,
        "status": complaint.case.status,
        "forwarded_to": complaint.forwarded_to,
    }


@router.post("/{number}/merge", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def merge(request, number: str, payload: MergeIn, locality: str | None = None):
    principal = principal_of(request, locality)
    into = services.complaint_merge(
        duplicate=_complaint(principal, number),
        into=_complaint(principal, payload.into),
        actor=_staff(principal),
        ip=client_ip(request),
    )
    return {"number": number, "merged_into": into.case.number}


@router.post("/bulk-assign", auth=STAFF_OR_KEY, response={200: dict, **ERRORS})
def bulk_assign(request, payload: BulkAssignIn, locality: str | None = None):
    """Assign many complaints at once; all or nothing."""
    principal = principal_of(request, locality)
    actor = _staff(principal)
    department, assignee = assignment_targets(
        locality=principal.locality, department_code=payload.department, username=payload.assignee
    )
    if department is None and assignee is None:
        raise ValidationFailed("Give a department or an assignee.", code="assign_target_required")
    with transaction.atomic():
        for number in payload.numbers:
            case_assign(
                case=_complaint(principal, number).case,
                actor=actor,
                department=department,
                assignee=assignee,
                ip=client_ip(request),
            )
    return {"assigned": len(payload.numbers)}
