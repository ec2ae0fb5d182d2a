"""E-services reads. The catalogue is public: ``access_service`` answers "not found" alike for
a missing service, another locality's and one the locality has switched off."""

from __future__ import annotations

from django.db.models import QuerySet

from thongthin.core.errors import NotFound
from thongthin.core.models import Locality

from .models import Application, Service


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


def application_of(case) -> Application | None:
    """The application row of a case the caller already reached through the core's gate."""
    return (
        Application.objects.for_locality(case.locality_id)
        .filter(case=case)
        .select_related("service")
        .first()
    )


def access_application_by_tracking(*, locality: Locality, code: str) -> Application:
    """For the applicant: the tracking code is the credential."""
    application = (
        Application.objects.for_locality(locality)
        .filter(case__tracking_code=(code or "").strip().upper())
        .select_related("case", "service")
        .first()
    )
    if application is None:
        raise NotFound()
    return application


def answers_shown(application: Application) -> list[tuple[str, str]]:
    """(label, value) of each answer, in the order of the form it was filed with."""
    rows = []
    for field in application.form:
        if field.get("code") not in application.answers:
            continue
        value = application.answers[field["code"]]
        if field.get("type") == "national_id" and isinstance(value, dict):
            value = value.get("masked", "")
        elif field.get("type") == "point" and isinstance(value, list):
            value = f"{value[0]:.5f}, {value[1]:.5f}"
        elif field.get("type") == "declaration":
            value = "✓"
        rows.append((field.get("label_th") or field["code"], str(value)))
    return rows
