"""The citizen's side: the catalogue of services and each service's manual (printable)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404

from .. import selectors
from ..models import Service

WORKING_DAY_MINUTES = 8 * 60


def duration(minutes: int | None) -> str:
    """A step's time in words: minutes, hours or working days (of eight hours)."""
    if not minutes:
        return "-"
    if minutes >= WORKING_DAY_MINUTES and minutes % WORKING_DAY_MINUTES == 0:
        return _("%(n)s working days") % {"n": minutes // WORKING_DAY_MINUTES}
    if minutes >= 60 and minutes % 60 == 0:
        return _("%(n)s hours") % {"n": minutes // 60}
    return _("%(n)s minutes") % {"n": minutes}


@not_found_as_404
def catalogue(request, slug: str):
    locality = access_locality(slug)
    services = list(selectors.catalogue(locality=locality))
    groups = [
        (label, [s for s in services if s.kind == kind])
        for kind, label in Service.Kind.choices
        if any(s.kind == kind for s in services)
    ]
    return render(
        request, "eservices/portal/catalogue.html", {"locality": locality, "groups": groups}
    )


@not_found_as_404
def service(request, slug: str, code: str):
    locality = access_locality(slug)
    item = selectors.access_service(locality=locality, code=code)
    steps = [
        {**step, "duration": duration(step.get("minutes"))}
        for step in item.steps
        if isinstance(step, dict)
    ]
    return render(
        request,
        "eservices/portal/service.html",
        {
            "locality": locality,
            "service": item,
            "steps": steps,
            "bookable": selectors.takes_appointments(locality=locality, service=item),
        },
    )
