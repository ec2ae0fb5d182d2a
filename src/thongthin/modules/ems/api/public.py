"""Open to everyone: the CBD symptom groups, and a citizen's SOS (rate-limited)."""

from __future__ import annotations

from ninja import Status

from thongthin.core.api.auth import client_ip
from thongthin.core.api.schemas import ERRORS
from thongthin.core.http import retry_of
from thongthin.core.i18n import render_in
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.cases import tracking_url
from thongthin.core.services.idempotency import idempotent_call

from .. import cbd, services
from ._router import router
from .schemas import SosIn, SosOut, SymptomGroupOut


@router.get("/symptom-groups", response={200: list[SymptomGroupOut]})
def symptom_groups(request):
    return [
        {"group": g, "th": render_in("th", label), "en": render_in("en", label)}
        for g, label in cbd.SYMPTOM_GROUPS.items()
    ]


@router.post("/sos", response={201: SosOut, 200: SosOut, **ERRORS})
def sos(request, payload: SosIn):
    """A citizen's SOS (no login): rate-limited per address; the same phone within 30 minutes
    adds to the incident already open (200, without its number or tracking link: anyone can
    type a phone number) instead of a new one (201). Resend with the same Idempotency-Key to
    get the first answer again."""
    locality = access_locality(payload.locality)
    rate_limit_check(scope="ems-sos", ident=client_ip(request) or "-")

    def create() -> tuple[int, dict]:
        incident, created = services.sos_create(
            locality=locality,
            citizen=ReporterIn(phone=payload.phone),
            lat=payload.lat,
            lon=payload.lon,
            reason=payload.reason,
        )
        body = {
            "number": incident.case.number if created else None,
            "tracking_url": tracking_url(incident.case) if created else None,
            "created": created,
        }
        return 201 if created else 200, body

    status, body = idempotent_call(
        locality=locality,
        scope="ems.sos",
        **retry_of(request),
        create=create,
    )
    return Status(status, body)
