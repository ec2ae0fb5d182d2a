"""A walk-in application entered at the counter: the officer picks the service, fills its form
(the same form, the same checks as on the web) from what the applicant brings, and attaches the
scanned documents. The application is a case like any other, filed on the walk-in channel by
that officer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thongthin.core.errors import DomainError, NotFound
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from .. import selectors
from ..models import Service
from ..module import WORK
from .applying import form_page_context, submit_from_request


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def walk_in(request, code: str = ""):
    locality = acting_locality_for(request, WORK)
    offered = Service.objects.for_locality(locality).filter(active=True).order_by("name_th")
    if not code:
        return render(
            request,
            "eservices/staff/walk_in.html",
            {"locality": locality, "services": [s for s in offered if s.form]},
        )
    service = selectors.access_service(locality=locality, code=code)
    error, error_field, status = "", "", 200
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            application = submit_from_request(
                request, locality=locality, service=service, channel="walk_in", actor=request.user
            )
            return redirect("staff:case", number=application.case.number)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            error, status = error_text(exc), exc.http_status
            detail = exc.detail if isinstance(exc.detail, dict) else {}
            error_field = detail.get("field", "")
    return render(
        request,
        "eservices/staff/walk_in.html",
        {
            "locality": locality,
            "service": service,
            "values": values,
            "error": error,
            "error_field": error_field,
            **form_page_context(locality, service),
        },
        status=status,
    )
