"""The one-stop centre's report page and its CSV (executives and officers)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thongthin.core import thai
from thongthin.core.errors import DomainError
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.forms import date_params
from thongthin.core.views.staff import acting_locality_for

from .. import reports
from ..models import Appointment
from ..module import VIEW
from ..workflow import APPLICATION_WORKFLOW


def _dates(request):  # type: ignore[no-untyped-def]
    return date_params(
        request,
        ("start", "end"),
        _("Give the day as day/month/year in the Buddhist Era, e.g. 7/12/2569."),
    )


@login_required
@not_found_as_404
@require_GET
def report_page(request):
    locality = acting_locality_for(request, VIEW)
    error, status, data = "", 200, None
    try:
        start, end = _dates(request)
        data = reports.report(locality=locality, actor=request.user, start=start, end=end)
    except DomainError as exc:
        error, status = error_text(exc), exc.http_status
    labels = {s.code: s.label for s in APPLICATION_WORKFLOW.states}
    context: dict[str, Any] = {"locality": locality, "data": data, "error": error}
    if data:
        context |= {
            "statuses": [(code, labels[code]) for code in labels],
            "appointment_labels": dict(Appointment.Status.choices),
            "period_start": thai.parse_date_input(data["start"]),
            "period_end": thai.parse_date_input(data["end"]),
            "start_input": thai.format_date_input(thai.parse_date_input(data["start"])),
            "end_input": thai.format_date_input(thai.parse_date_input(data["end"])),
        }
    else:
        context |= {"start_input": request.GET.get("start", ""), "end_input": ""}
    return render(request, "eservices/staff/reports.html", context, status=status)


@login_required
@not_found_as_404
@require_GET
def report_csv(request):
    locality = acting_locality_for(request, VIEW)
    try:
        start, end = _dates(request)
        data = reports.report(locality=locality, actor=request.user, start=start, end=end)
    except DomainError as exc:
        return HttpResponse(error_text(exc), status=exc.http_status, content_type="text/plain")
    response = HttpResponse(
        "\ufeff" + reports.report_csv(data), content_type="text/csv; charset=utf-8"
    )
    name = f"eservices-{locality.slug}-{data['start']}-{data['end']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
