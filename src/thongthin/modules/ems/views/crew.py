"""The responder's phone page: my unit, its current incident with one-tap stamps, its status,
and sharing the phone's position."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thongthin.core.errors import DomainError
from thongthin.core.views.errors import error_text, not_found_as_404

from .. import cbd, selectors, services
from ..models import STAMPS, UnitStatus
from ..module import BOARD
from ..services.units import MANUAL_STATUSES
from ..workflow import STAMP_LABELS
from ._common import ip_of, locality_for


def _crew_page(request, locality, error: str = "", status: int = 200):
    units = selectors.crew_units(actor=request.user, locality=locality)
    cards = []
    for unit in units:
        incident = unit.incident
        next_point = None
        if incident is not None:
            next_point = next((p for p in STAMPS[2:] if getattr(incident, p) is None), None)
        cards.append(
            {
                "unit": unit,
                "incident": incident,
                "code": cbd.dispatch_code(
                    incident.symptom_group, incident.idc_colour, incident.criterion
                )
                if incident
                else "",
                "stamps": [(p, STAMP_LABELS[p], getattr(incident, p)) for p in STAMPS]
                if incident
                else [],
                "next_point": next_point,
                "next_label": STAMP_LABELS[next_point] if next_point else None,
            }
        )
    return render(
        request,
        "ems/staff/crew.html",
        {
            "locality": locality,
            "cards": cards,
            "manual": [(s, UnitStatus(s).label) for s in sorted(MANUAL_STATUSES)],
            "colours": [(code, cbd.colour_label(code)) for code in cbd.COLOURS],
            "error": error,
        },
        status=status,
    )


@login_required
@not_found_as_404
def crew(request):
    return _crew_page(request, locality_for(request, BOARD))


@login_required
@require_POST
@not_found_as_404
def crew_status(request, code: str):
    locality = locality_for(request, BOARD)
    unit = selectors.access_unit(actor=request.user, locality=locality, code=code)
    try:
        services.unit_set_status(
            unit=unit, status=request.POST.get("status", ""), actor=request.user, ip=ip_of(request)
        )
    except DomainError as exc:
        return _crew_page(request, locality, error=error_text(exc), status=exc.http_status)
    return redirect("ems:crew")
