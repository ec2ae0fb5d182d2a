"""Care reports for the fund's sub-committee and the health centre (figures without names),
and the 43-file export for the national systems (care roles only, logged)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from thongthin.core import thai
from thongthin.core.access import has_capability
from thongthin.core.http import client_ip
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from ... import reports as figures
from ...module import SUMMARY, VIEW


@login_required
@not_found_as_404
def reports(request):
    locality = acting_locality_for(request, SUMMARY)
    year = thai.fiscal_year_be(date.today())
    chosen = request.GET.get("year", "")
    if chosen.isascii() and chosen.isdigit() and 2500 <= int(chosen) <= 2700:
        year = int(chosen)
    start, end = thai.fiscal_year_bounds(year)
    data = figures.summary(locality=locality, actor=request.user, start=start, end=end)
    return render(
        request,
        "care/staff/reports.html",
        {
            "locality": locality,
            "year": year,
            "start": start,
            "end": end,
            **data,
            "may_export": has_capability(request.user, locality, VIEW),
        },
    )


@login_required
@not_found_as_404
def export_43(request):
    locality = acting_locality_for(request, VIEW)
    name, body = figures.export_43(locality=locality, actor=request.user, ip=client_ip(request))
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
