"""Executives' and the dispatch room's numbers: response times, counts, map, CSV export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.errors import DomainError
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.forms import date_params

from .. import cbd, reports
from ..module import REPORTS
from ._common import ip_of, locality_for


def _dates(request):
    """From and to, as typed (day/month/year in the Buddhist Era) or from a link (ISO)."""
    return date_params(
        request,
        ("start", "end"),
        _("Write dates as day/month/year in the Buddhist Era, such as 3/12/2569."),
    )


def _as_input(iso: str) -> str:
    return thai.format_date_input(thai.parse_date_input(iso))


@login_required
@not_found_as_404
def report_page(request):
    locality = locality_for(request, REPORTS)
    error, status, data = "", 200, None
    try:
        start, end = _dates(request)
        data = reports.response_report(locality=locality, actor=request.user, start=start, end=end)
    except DomainError as exc:
        error, status = error_text(exc), exc.http_status
    colours = [(code, cbd.colour_label(code)) for code in cbd.COLOURS]
    rows = [
        (code, cbd.colour_word(code), month, summary)
        for code, months in (data["response_by_colour_month"] if data else {}).items()
        for month, summary in months.items()
        if summary["n"]
    ]
    return render(
        request,
        "ems/staff/reports.html",
        {"locality": locality, "data": data, "error": error, "colours": colours,
         "start": data["start"] if data else request.GET.get("start", ""),
         "end": data["end"] if data else request.GET.get("end", ""),
         "start_input": _as_input(data["start"]) if data else request.GET.get("start", ""),
         "end_input": _as_input(data["end"]) if data else request.GET.get("end", ""),
         "target_minutes": reports.RED_TARGET_SECONDS // 60, "rows": rows},
        status=status,
    )  # fmt: skip


@login_required
@not_found_as_404
def export(request):
    locality = locality_for(request, REPORTS)
    try:
        start, end = _dates(request)
        body = reports.export_csv(
            locality=locality, actor=request.user, start=start, end=end, ip=ip_of(request)
        )
    except DomainError as exc:
        return HttpResponse(error_text(exc), status=exc.http_status, content_type="text/plain")
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ems-{locality.slug}.csv"'
    return response
