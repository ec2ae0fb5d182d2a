"""E-services reads. The catalogue is public: ``access_service`` answers "not found" alike for
a missing service, another locality's and one the locality has switched off."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from thongthin.core.errors import NotFound
from thongthin.core.models import Locality
from thongthin.core.templatetags.thongthin import bedate

from .models import Application, Service, SlotRule


def catalogue(*, locality: Locality) -> QuerySet[Service]:
    """The services citizens see, in the locality's order."""
    return Service.objects.for_locality(locality).filter(active=True).select_related("department")


def access_service(*, locality: Locality, code: str) -> Service:
    service = catalogue(locality=locality).filter(code=code).first()
    if service is None:
        raise NotFound()
    return service


def takes_appointments(*, locality: Locality, service: Service) -> bool:
    """Whether some active slot rule gives ``service`` times to book."""
    rules = SlotRule.objects.for_locality(locality).filter(active=True)
    return rules.filter(Q(service=service) | Q(service__isnull=True)).exists()


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


def answer_text(field: dict, value: object) -> str:
    """An answer as people read it: the ID masked, a point as coordinates, 2 not 2.0."""
    kind = field.get("type")
    if kind == "national_id" and isinstance(value, dict):
        return str(value.get("masked", ""))
    if kind == "point" and isinstance(value, list) and len(value) == 2:
        return f"{value[0]:.5f}, {value[1]:.5f}"
    if kind == "declaration":
        return "✓"
    if kind == "address" and isinstance(value, dict):
        return f"{value.get('text', '')} {value.get('area', '')}".strip()
    if kind == "file":
        return str(_("attached (see the files)"))
    if kind == "date" and isinstance(value, str):
        try:
            return bedate(date.fromisoformat(value), "long")
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def answers_shown(application: Application) -> list[tuple[str, str]]:
    """(label, value) of each answer, in the order of the form it was filed with."""
    return [
        (
            field.get("label_th") or field["code"],
            answer_text(field, application.answers[field["code"]]),
        )
        for field in application.form
        if field.get("code") in application.answers
    ]
