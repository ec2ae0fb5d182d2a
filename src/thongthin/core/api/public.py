"""Public endpoints: tracking a case by its code and filing a general request (rate-limited)."""

from __future__ import annotations

from django.db import transaction
from ninja import Router, Status

from ..models.cases import Channel
from ..ratelimit import rate_limit_check
from ..selectors import access_locality, case_public_get
from ..services.accounts import citizen_upsert
from ..services.cases import case_create, tracking_url
from ..workflow import get_case_kind
from .auth import client_ip
from .schemas import Error, PublicCaseOut, PublicRequestIn, PublicRequestOut

router = Router(tags=["public"])
ERRORS = {400: Error, 404: Error, 422: Error, 429: Error}


def public_timeline(case) -> list[dict]:
    workflow = get_case_kind(case.kind).workflow
    rows = []
    for event in case.events.filter(public=True):
        label = workflow.state(event.to_status).label if event.to_status else ""
        rows.append(
            {
                "at": event.at.isoformat(),
                "kind": event.kind,
                "status": event.to_status,
                "status_label": label,
                "message": event.message if event.kind in ("transition", "note") else "",
            }
        )
    return rows


@router.get("/{slug}/cases/{tracking_code}", response={200: PublicCaseOut, **ERRORS})
def track_case(request, slug: str, tracking_code: str):
    case = case_public_get(locality=access_locality(slug), tracking_code=tracking_code)
    workflow = get_case_kind(case.kind).workflow
    return {
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "status_label": workflow.state(case.status).label,
        "created_at": case.created_at,
        "closed_at": case.closed_at,
        "lat": case.lat,
        "lon": case.lon,
        "timeline": public_timeline(case),
    }


@router.post("/{slug}/requests", response={201: PublicRequestOut, **ERRORS})
def file_request(request, slug: str, payload: PublicRequestIn):
    locality = access_locality(slug)
    rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
    with transaction.atomic():
        reporter = None
        if payload.phone or payload.name:
            reporter = citizen_upsert(
                locality=locality, phone=payload.phone, display_name=payload.name
            )
        case = case_create(
            locality=locality,
            kind="general",
            title=payload.title,
            description=payload.description,
            channel=Channel.WEB,
            reporter=reporter,
            lat=payload.lat,
            lon=payload.lon,
            actor_label="citizen",
            ip=client_ip(request),
        )
    return Status(
        201,
        {
            "number": case.number,
            "tracking_code": case.tracking_code,
            "tracking_url": tracking_url(case),
        },
    )
