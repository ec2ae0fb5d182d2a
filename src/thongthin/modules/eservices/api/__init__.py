"""/api/v1/eservices/: the public catalogue (no key needed: the manuals are public by law) and
an application's payment (amount, references, the Thai QR payload and its image), for a kiosk
or another system: by application number for staff and API keys, by tracking code for the
applicant."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from ninja import Router

from thongthin.core.api.auth import STAFF_OR_KEY, principal_of
from thongthin.core.api.schemas import ERRORS
from thongthin.core.errors import NotFound
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_case, access_locality

from .. import selectors
from ..models import Application, Payment, Service
from ..services import payment_qr
from .schemas import PaymentOut, ServiceOut

router = Router(tags=["eservices"])


def _out(service: Service, slug: str) -> dict:
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    return {
        "code": service.code,
        "name_th": service.name_th,
        "name_en": service.name_en,
        "name_ms": service.name_ms,
        "kind": service.kind,
        "division": service.department.code if service.department else None,
        "legal_basis": service.legal_basis,
        "conditions": service.conditions,
        "channels": service.channels,
        "steps": [s for s in service.steps if isinstance(s, dict) and s.get("step")],
        "time_limit": service.time_limit,
        "time_unit": service.time_unit,
        "time_note": service.time_note,
        "documents": [d for d in service.documents if isinstance(d, dict) and d.get("name")],
        "fee_note": service.fee_note,
        "complaints_to": service.complaints_to,
        "url": base + reverse("eservices:service", kwargs={"slug": slug, "code": service.code}),
    }


@router.get("/services", response={200: list[ServiceOut], **ERRORS})
def services(request, locality: str):
    """The locality's services, each with its citizen's manual."""
    place = access_locality(locality)
    return [_out(s, place.slug) for s in selectors.catalogue(locality=place)]


@router.get("/services/{code}", response={200: ServiceOut, **ERRORS})
def service(request, code: str, locality: str):
    place = access_locality(locality)
    return _out(selectors.access_service(locality=place, code=code), place.slug)


def _payment_out(application: Application, slug: str, *, public: bool) -> dict:
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    case = application.case
    qr = payment_qr(application)
    receipts = Payment.objects.for_locality(application.locality_id).filter(
        application=application, voided_at__isnull=True
    )

    def pdf(payment: Payment) -> str:
        if public:
            return base + reverse(
                "eservices:my_receipt_pdf",
                kwargs={"slug": slug, "code": case.tracking_code, "pk": payment.pk},
            )
        return base + reverse("eservices:receipt_pdf", kwargs={"pk": payment.pk})

    out = {
        "number": case.number,
        "status": case.status,
        "fee": str(application.fee) if application.fee is not None else None,
        "due": case.status == "fee_due",
        "receipts": [
            {
                "receipt_no": p.receipt_no, "amount": str(p.amount), "method": p.method,
                "received_at": p.received_at.isoformat(), "pdf_url": pdf(p),
            }
            for p in receipts
        ],
    }  # fmt: skip
    if qr is not None:
        out.update(
            account=qr["account"], ref1=qr["ref1"], ref2=qr["ref2"] or None,
            payload=qr["payload"], qr_svg=qr["svg"],
            qr_png=segno.make(qr["payload"], error="m").png_data_uri(scale=6, border=2),
        )  # fmt: skip
    return out


@router.get(
    "/applications/{number}/payment", auth=STAFF_OR_KEY, response={200: PaymentOut, **ERRORS}
)
def application_payment(request, number: str, locality: str | None = None):
    """The fee of an application by its number (staff session or API key of the locality)."""
    principal = principal_of(request, locality)
    case = access_case(actor=principal.actor, number=number, locality=principal.locality)
    application = selectors.application_of(case)
    if application is None:
        raise NotFound()
    return _payment_out(application, principal.locality.slug, public=False)


@router.get("/track/{code}/payment", response={200: PaymentOut, **ERRORS})
def tracked_payment(request, code: str, locality: str):
    """The same for the applicant, by the tracking code (their credential)."""
    place = access_locality(locality)
    rate_limit_check(scope="public-track", ident=client_ip(request) or "unknown", rate="60/60")
    application = selectors.access_application_by_tracking(locality=place, code=code)
    return _payment_out(application, place.slug, public=True)
