"""The staff side: complaint queue, bulk assign, phone/walk-in entry, the case-page panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from thongthin.core.access import has_capability
from thongthin.core.errors import DomainError, NotFound, ValidationFailed
from thongthin.core.models.cases import Channel
from thongthin.core.module import OVERSEE_CASES
from thongthin.core.selectors import (
    access_case,
    assignment_targets_by_id,
    locality_departments,
    locality_staff,
)
from thongthin.core.services.case_work import case_assign_many
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for, case_page
from thongthin.core.workflow import get_case_kind

from .. import selectors, services
from ..models import Complaint
from ..module import VIEW, WORK
from ..workflow import OPEN_STATES
from ._common import _categories, _float, _ip, _photos, _reporter

# -- staff --------------------------------------------------------------------------------------


def _staff_locality(request, capability: str = VIEW):
    return acting_locality_for(request, capability)


@login_required
@not_found_as_404
def staff_queue(request):
    locality = _staff_locality(request)
    departments = locality_departments(locality=locality)
    department_code = request.GET.get("department")
    if (
        department_code is None
        and request.user.department_id
        and not has_capability(request.user, locality, OVERSEE_CASES)
    ):
        department_code = request.user.department.code
    department = departments.filter(code=department_code).first() if department_code else None
    error = ""
    try:
        complaints = selectors.queue(
            locality=locality,
            actor=request.user,
            department=department,
            status=request.GET.get("status") or None,
            category=request.GET.get("category") or None,
            overdue=bool(request.GET.get("overdue")),
            subdistrict=int(request.GET["area"]) if request.GET.get("area", "").isdigit() else None,
            triage=bool(request.GET.get("triage")),
            q=request.GET.get("q") or None,
        )
    except DomainError as exc:
        error = error_text(exc)
        complaints = Complaint.objects.for_locality(locality).none()
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "locality": locality,
            "page": page,
            "departments": departments,
            "department": department_code or "",
            "categories": _categories(locality),
            "states": get_case_kind("complaint").workflow.states,
            "areas": locality.subdistricts.all(),
            "staff": locality_staff(locality=locality),
            "query": request.GET,
            "now": timezone.now(),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
@not_found_as_404
@require_POST
def staff_bulk_assign(request):
    locality = _staff_locality(request, WORK)
    numbers = request.POST.getlist("numbers")
    from django.contrib import messages

    try:
        department, assignee = assignment_targets_by_id(
            locality=locality,
            department_id=request.POST.get("department"),
            user_id=request.POST.get("assignee"),
        )
        if not numbers or (department is None and assignee is None):
            messages.error(request, gettext("Pick cases and a division or an officer."))
            return redirect("complaints:staff-queue")
        case_assign_many(
            locality=locality,
            actor=request.user,
            numbers=numbers,
            department=department,
            assignee=assignee,
            ip=_ip(request),
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, gettext("Assigned %(n)s.") % {"n": len(numbers)})
    return redirect(request.POST.get("next") or "complaints:staff-queue")


@login_required
@not_found_as_404
def staff_new(request):
    """Staff file a complaint taken by phone or at the counter, recording the channel."""
    locality = _staff_locality(request, WORK)
    context = {
        "locality": locality,
        "categories": _categories(locality),
        "values": request.POST if request.method == "POST" else {},
        "channels": [
            (Channel.PHONE, Channel.PHONE.label),
            (Channel.WALK_IN, Channel.WALK_IN.label),
        ],
    }
    if request.method != "POST":
        return render(request, "complaints/staff/new.html", context)
    values = request.POST
    try:
        channel = values.get("channel", "")
        if channel not in (Channel.PHONE, Channel.WALK_IN):
            raise ValidationFailed(_("Choose phone or walk-in."), code="unknown_channel")
        complaint = services.complaint_create(
            locality=locality,
            description=values.get("description", ""),
            category_code=values.get("category", ""),
            channel=channel,
            lat=_float(values.get("lat")),
            lon=_float(values.get("lon")),
            address=values.get("address", ""),
            reporter=_reporter(values),
            photos=_photos(request),
            actor=request.user,
            ip=_ip(request),
        )
    except DomainError as exc:
        context["error"] = error_text(exc)
        return render(request, "complaints/staff/new.html", context, status=exc.http_status)
    return redirect("staff:case", number=complaint.case.number)


def _number(text: str | None) -> float:
    """A coordinate from a form, or ValidationFailed (said next to the map)."""
    try:
        value = float(text or "")
    except ValueError:
        raise ValidationFailed(_("Tap the map to place it."), code="location_required") from None
    return value


def staff_panel_context(*, request, case) -> dict:
    # The case page reached the case through the core's gate already.
    complaint = selectors.access_complaint(
        actor=request.user, number=case.number, locality=case.locality
    )
    nearby = []
    if complaint and case.lat is not None and case.status in OPEN_STATES:
        nearby = [
            n
            for n in services.duplicates_near(
                locality=case.locality, category=complaint.category, lat=case.lat, lon=case.lon
            )
            if n.complaint.pk != complaint.pk
        ]
    followers = complaint.followers.count() if complaint else 0
    return {
        "complaint": complaint,
        "categories": _categories(case.locality),
        "nearby": nearby,
        "followers": followers,
        "open": case.status in OPEN_STATES,
    }


@login_required
@not_found_as_404
@require_POST
def staff_action(request, number: str, what: str):
    locality = _staff_locality(request, WORK)
    complaint = selectors.access_complaint(actor=request.user, number=number, locality=locality)
    error = ""
    try:
        if what == "category":
            services.complaint_set_category(
                complaint=complaint,
                actor=request.user,
                category_code=request.POST.get("category", ""),
            )
        elif what == "forward":
            services.complaint_forward(
                complaint=complaint,
                actor=request.user,
                organisation=request.POST.get("organisation", ""),
                reason=request.POST.get("reason", ""),
                email=request.POST.get("email", ""),
                ip=_ip(request),
            )
        elif what == "merge":
            target = selectors.access_complaint(
                actor=request.user, number=request.POST.get("into", "").strip(), locality=locality
            )
            services.complaint_merge(
                duplicate=complaint, into=target, actor=request.user, ip=_ip(request)
            )
        elif what == "place":
            services.complaint_place(
                complaint=complaint,
                actor=request.user,
                lat=_number(request.POST.get("lat")),
                lon=_number(request.POST.get("lon")),
                ip=_ip(request),
            )
        elif what == "resolve":
            services.complaint_resolve(
                complaint=complaint,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                photos=_photos(request),
                ip=_ip(request),
            )
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound) and what != "merge":
            raise
        error = error_text(exc)
    case = access_case(actor=request.user, number=number, locality=locality)
    return case_page(request, case, error=error)
