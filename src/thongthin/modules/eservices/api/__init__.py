"""/api/v1/eservices/: the public catalogue (no key needed: the manuals are public by law)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from ninja import Router

from thongthin.core.api.schemas import ERRORS
from thongthin.core.selectors import access_locality

from .. import selectors
from ..models import Service
from .schemas import ServiceOut

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
