"""Public endpoints: tracking a case by its code and filing a general request (rate-limited)."""

from __future__ import annotations

from ninja import Router, Status

from ..http import retry_of
from ..models.cases import Channel
from ..ratelimit import rate_limit_check
from ..selectors import access_locality, case_public_get
from ..services.accounts import ReporterIn
from ..services.cases import tracking_url
from ..services.idempotency import idempotent_call
from ..services.requests import request_file
from ..workflow import get_case_kind
from .auth import client_ip
from .schemas import ERRORS, PublicCaseOut, PublicRequestIn, PublicRequestOut

router = Router(tags=["public"])


def public_timeline(case) -> list[dict]:
    workflow = get_case_kind(case.kind).workflow
    rows = []
    for event in case.events.filter(public=True):
        label = str(workflow.state(event.to_status).label) if event.to_status else ""
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
        "status_label": str(workflow.state(case.status).label),
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

    def create() -> tuple[int, dict]:
        case = request_file(
            locality=locality,
            title=payload.title,
            description=payload.description,
            channel=Channel.WEB,
            reporter=ReporterIn(name=payload.name, phone=payload.phone),
            lat=payload.lat,
            lon=payload.lon,
            ip=client_ip(request),
        )
        return 201, {
            "number": case.number,
            "tracking_code": case.tracking_code,
            "tracking_url": tracking_url(case),
        }

    status, body = idempotent_call(
        locality=locality,
        scope="requests.create",
        **retry_of(request),
        create=create,
    )
    return Status(status, body)
