"""Public endpoints: filing (rate-limited, or with an API key), the public list and map,
duplicates, classification, statistics, and the reporter's rating and reopening."""

from __future__ import annotations

import base64
import binascii
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Status

from thongthin.core.access import require_capability
from thongthin.core.api.auth import client_ip
from thongthin.core.errors import AuthenticationRequired, ValidationFailed
from thongthin.core.http import retry_of
from thongthin.core.models.cases import Channel
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import (
    access_locality,
)
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.apikeys import apikey_authenticate
from thongthin.core.services.attachments import files_prepared
from thongthin.core.services.cases import tracking_url
from thongthin.core.services.idempotency import caller_of, idempotent_call
from thongthin.core.thai import validate_point

from .. import classifier, selectors, services
from ..models import Complaint
from ..module import FILE
from ._router import ERRORS, router
from .schemas import (
    CategoryOut,
    ClassifyIn,
    ClassifyOut,
    ComplaintIn,
    Filed,
    MapOut,
    NearbyOut,
    PublicPage,
    RatingIn,
    RatingOut,
    ReasonIn,
    ReopenOut,
    StatsOut,
)


def _decode_photos(items: list[str]) -> list[bytes]:
    photos = []
    for index, item in enumerate(items):
        try:
            photos.append(base64.b64decode(item.split(",", 1)[-1], validate=True))
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                _("Photo %(n)s is not valid base64."),
                code="photo_base64_invalid",
                params={"n": index + 1},
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
        raise AuthenticationRequired(_("The API key is not valid."), code="api_key_invalid")
    return key


@router.get("/categories", response={200: list[CategoryOut], **ERRORS})
def categories(request, locality: str):
    rows = selectors.categories(locality=access_locality(locality))
    return [
        {
            "code": c.code,
            "name_th": c.name_th,
            "name_en": c.name_en,
            "traffy_type": c.traffy_type,
            "department": c.department.code if c.department else None,
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
        require_capability(key, locality, FILE)
        channel = payload.channel or Channel.API
        if channel not in Channel.values:
            raise ValidationFailed(
                _("Unknown channel '%(channel)s'."),
                code="unknown_channel",
                params={"channel": channel},
            )
        actor_label = f"api:{key.name}"
    else:
        if not payload.locality:
            raise ValidationFailed(_("locality is required."), code="locality_required")
        locality = access_locality(payload.locality)
        rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
        channel, actor_label = Channel.WEB, "citizen"
    photos = _decode_photos(payload.photos_base64)
    # The photos are cleaned and written before the idempotency check's transaction (on
    # SQLite it holds the one write lock); a replay answered from the stored response, or a
    # filing that fails, records none of them and their files are removed.
    files = [("", data) for data in photos]
    with files_prepared(locality=locality, files=files) as prepared:

        def create() -> tuple[int, dict]:
            complaint = services.complaint_create(
                locality=locality,
                description=payload.description,
                category_code=payload.category,
                channel=channel,
                lat=payload.lat,
                lon=payload.lon,
                address=payload.address,
                reporter=ReporterIn(name=payload.name, phone=payload.phone),
                prepared_photos=prepared,
                show_name=payload.show_name,
                actor_label=actor_label,
                ip=client_ip(request),
            )
            return 201, _filed(complaint)

        status, body = idempotent_call(
            locality=locality,
            scope="complaints.create",
            **retry_of(request),
            create=create,
            caller=caller_of(api_key=key),
        )
    return Status(status, body)


def _filed(complaint: Complaint) -> dict:
    case = complaint.case
    assert case.lat is not None and case.lon is not None  # every complaint has a location
    return {
        "number": case.number,
        "tracking_code": case.tracking_code,
        "tracking_url": tracking_url(case),
        "status": case.status,
        "category": complaint.category.code if complaint.category else None,
        "confidence": complaint.confidence,
        "needs_triage": complaint.needs_triage,
        "outside_area": complaint.outside_area,
        "nearby": services.nearby_brief(
            locality=case.locality,
            category=complaint.category,
            lat=case.lat,
            lon=case.lon,
            exclude_case_id=case.pk,
        ),
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


@router.get("/map", response={200: MapOut, **ERRORS})
def map_data(
    request,
    locality: str,
    zoom: int = 12,
    bbox: str | None = None,
    status: str | None = None,
    category: str | None = None,
):
    """GeoJSON clusters (``count``) by H3 cell, or single points from zoom 16 (needs bbox)."""
    features = selectors.map_features(
        locality=access_locality(locality),
        zoom=max(0, min(zoom, 20)),
        bbox=selectors.parse_bbox(bbox),
        status=status,
        category=category,
    )
    # Already the documented shape (MapOut): encoded directly, without a validation pass over
    # every feature, as the map is the busiest public read.
    return HttpResponse(
        json.dumps(features, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


def _compute_budget(request, scope: str) -> None:
    """Public reads that cost CPU are counted per caller address, like public writes."""
    rate_limit_check(
        scope=scope,
        ident=client_ip(request) or "unknown",
        rate=settings.THONGTHIN["PUBLIC_COMPUTE_RATE"],
    )


@router.get("/nearby", response={200: list[NearbyOut], **ERRORS})
def nearby(request, locality: str, lat: float, lon: float, category: str = ""):
    """Open complaints nearby in the same category: "is this yours?" before filing."""
    _compute_budget(request, "nearby")
    place = access_locality(locality)
    validate_point(lat, lon)
    chosen = services.category_get(place, category) if category else None
    return services.nearby_brief(locality=place, category=chosen, lat=lat, lon=lon)


@router.post("/classify", response={200: ClassifyOut, **ERRORS})
def classify(request, payload: ClassifyIn):
    """Which category a text is likely in (the text is capped at 4,000 characters, the calls
    per address by ``PUBLIC_COMPUTE_RATE``)."""
    _compute_budget(request, "classify")
    place = access_locality(payload.locality) if payload.locality else None
    if place is None:
        raise ValidationFailed(_("locality is required."), code="locality_required")
    if not payload.text.strip():
        raise ValidationFailed(_("text is empty."), code="text_required")
    prediction = classifier.classify(place, payload.text)
    if prediction is None:
        return {"category": None, "code": None, "confidence": None, "accepted": False}
    category = selectors.categories(locality=place).filter(code=prediction.category_code).first()
    return {
        "category": category.name_th if category else None,
        "code": prediction.category_code,
        "confidence": round(prediction.confidence, 4),
        "accepted": prediction.confidence >= classifier.threshold(),
    }


def _by_tracking(locality_slug: str, code: str) -> Complaint:
    return selectors.access_complaint_by_tracking(
        locality=access_locality(locality_slug), code=code
    )


@router.post("/track/{locality}/{code}/rating", response={200: RatingOut, **ERRORS})
def rate(request, locality: str, code: str, payload: RatingIn):
    """The reporter (who holds the tracking code) rates a resolved case 1–5 stars."""
    complaint = services.complaint_rate(
        complaint=_by_tracking(locality, code), stars=payload.stars, comment=payload.comment
    )
    return {"rating": complaint.rating}


@router.post("/track/{locality}/{code}/reopen", response={200: ReopenOut, **ERRORS})
def reopen(request, locality: str, code: str, payload: ReasonIn):
    """The reporter reopens a resolved case within 7 days, with a reason."""
    complaint = services.complaint_reopen(
        complaint=_by_tracking(locality, code), reason=payload.reason
    )
    return {"status": complaint.case.status, "reopen_count": complaint.reopen_count}


@router.get("/stats", response={200: StatsOut, **ERRORS})
def stats(request, locality: str):
    figures = selectors.complaint_stats(access_locality(locality))
    return figures.__dict__
