"""E-services reads. The catalogue is public: ``access_service`` answers "not found" alike for
a missing service, another locality's and one the locality has switched off."""

from __future__ import annotations

from django.db.models import QuerySet

from thongthin.core.errors import NotFound
from thongthin.core.models import Locality

from .models import Service


def catalogue(*, locality: Locality) -> QuerySet[Service]:
    """The services citizens see, in the locality's order."""
    return Service.objects.for_locality(locality).filter(active=True).select_related("department")


def access_service(*, locality: Locality, code: str) -> Service:
    service = catalogue(locality=locality).filter(code=code).first()
    if service is None:
        raise NotFound()
    return service


def ready_catalogue(locality: Locality) -> bool:
    """Before going live: services offered, each with the division responsible for it."""
    offered = Service.objects.for_locality(locality).filter(active=True)
    return offered.exists() and not offered.filter(department__isnull=True).exists()
