"""Complaint pages: the citizen's report form, public map, statistics and open data; the staff
queue, phone/walk-in entry and the complaint panel on the case page."""

from __future__ import annotations

import csv
import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thongthin.core.errors import DomainError, NotFound, ValidationFailed
from thongthin.core.models import Case, Department, User
from thongthin.core.models.accounts import Role
from thongthin.core.models.cases import Channel
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_case, access_locality, case_public_get
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.attachments import attachment_create, clean_upload
from thongthin.core.services.cases import case_assign, case_transition, tracking_url
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import _acting_locality, _detail_context
from thongthin.core.workflow import get_case_kind

from . import selectors, services
from .models import Category, Complaint
from .services import REOPEN_DAYS

PHOTO_FIELD = "photos"


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _categories(locality):
    return Category.objects.for_locality(locality).filter(active=True)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        raise ValidationFailed(
            "The location is not a number.", message_th="ตำแหน่งไม่ถูกต้อง", code="location_invalid"
        ) from None


def _reporter(locality, values):
    """The citizen a form names (name and/or mobile), or None for an anonymous report."""
    if not (values.get("name", "").strip() or values.get("phone", "").strip()):
        return None
    return citizen_upsert(
        locality=locality, phone=values.get("phone", ""), display_name=values.get("name", "")
    )


def _photos(request) -> list[bytes]:
    return [f.read() for f in request.FILES.getlist(PHOTO_FIELD) if f.size]


# -- citizen report form ----------------------------------------------------------------------


@not_found_as_404
def report(request, slug: str):
    locality = access_locality(slug)
    context = {"locality": locality, "categories": _categories(locality), "values": {}}
    if request.method != "POST":
        return render(request, "complaints/portal/report.html", context)
    values = request.POST
    context["values"] = values
    try:
        rate_limit_check(scope="public-request", ident=_ip(request) or "")
        lat, lon = _float(values.get("lat")), _float(values.get("lon"))
        category_code = values.get("category", "")
        photos = _photos(request)
        for data in photos:
            clean_upload(data)
        if values.get("me_too"):
            return _me_too(request, locality, values)
        if not values.get("confirm_new") and lat is not None and lon is not None:
            category = services.category_get(locality, category_code) if category_code else None
            services._clean_description(values.get("description", ""))
            nearby = services.duplicates_near(
                locality=locality, category=category, lat=lat, lon=lon
            )
            if nearby:
                context["nearby"] = nearby
                return _form_result(request, context, 200)
        with transaction.atomic():
            reporter = _reporter(locality, values)
            complaint = services.complaint_create(
                locality=locality,
                description=values.get("description", ""),
                category_code=category_code,
                channel=Channel.WEB,
                lat=lat,
                lon=lon,
                address=values.get("address", ""),
                reporter=reporter,
                photos=photos,
                show_name=bool(values.get("show_name")),
                actor_label="citizen",
                ip=_ip(request),
            )
    except DomainError as exc:
        context["error"] = error_text(exc)
        return _form_result(request, context, exc.http_status)
    context.update(
        complaint=complaint, case=complaint.case, tracking_url=tracking_url(complaint.case)
    )
    if request.htmx:
        response = render(request, "complaints/portal/_received.html", context, status=201)
        response["HX-Retarget"] = "#report"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "complaints/portal/report_done.html", context, status=201)


def _form_result(request, context: dict, status: int) -> HttpResponse:
    if request.htmx:
        return render(request, "complaints/portal/_form_result.html", context, status=status)
    return render(request, "complaints/portal/report.html", context, status=status)


def _me_too(request, locality, values) -> HttpResponse:
    """ "Yes, this is my problem too": follow the existing case instead of filing a copy."""
    complaint = (
        Complaint.objects.for_locality(locality)
        .select_related("case")
        .filter(case__number=values["me_too"])
        .first()
    )
    if complaint is None:
        raise NotFound()
    followed = False
    if values.get("phone", "").strip():
        citizen = citizen_upsert(
            locality=locality, phone=values["phone"], display_name=values.get("name", "")
        )
        services.complaint_me_too(complaint=complaint, citizen=citizen)
        followed = True
    context = {"locality": locality, "case": complaint.case, "followed": followed}
    if request.htmx:
        response = render(request, "complaints/portal/_me_too.html", context)
        response["HX-Retarget"] = "#report"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "complaints/portal/report_done.html", context)


@not_found_as_404
def public_case(request, slug: str, number: str):
    """A complaint's public page (from the map and lists): no personal data, no reporter tools."""
    locality = access_locality(slug)
    case = (
        Case.objects.for_locality(locality)
        .filter(kind="complaint", number=number)
        .select_related("locality")
        .first()
    )
    if case is None:
        raise NotFound()
    return render(
        request,
        "thongthin/portal/track.html",
        {
            "locality": locality,
            "case": case,
            "events": case.events.filter(public=True),
            "photos": case.attachments.filter(public=True),
            "panels": [],
        },
    )


def track_panel_context(*, request, case) -> dict:
    complaint = Complaint.objects.for_locality(case.locality_id).filter(case=case).first()
    can_reopen = (
        case.status == "resolved"
        and case.closed_at is not None
        and timezone.now() - case.closed_at <= timedelta(days=REOPEN_DAYS)
    )
    return {"complaint": complaint, "can_reopen": can_reopen}


@not_found_as_404
@require_POST
def track_action(request, slug: str, code: str, what: str):
    """The reporter (holder of the tracking code) rates or reopens the case."""
    locality = access_locality(slug)
    case = case_public_get(locality=locality, tracking_code=code)
    complaint = Complaint.objects.for_locality(locality).filter(case=case).first()
    if complaint is None:
        raise NotFound()
    try:
        if what == "rate":
            try:
                stars = int(request.POST.get("stars", ""))
            except ValueError:
                stars = 0
            services.complaint_rate(
                complaint=complaint, stars=stars, comment=request.POST.get("comment", "")
            )
        elif what == "reopen":
            services.complaint_reopen(complaint=complaint, reason=request.POST.get("reason", ""))
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        from django.contrib import messages

        messages.error(request, error_text(exc))
    return redirect("portal:track", slug=slug, code=case.tracking_code)


# -- public map, statistics, open data ---------------------------------------------------------


@not_found_as_404
def public_map(request, slug: str):
    locality = access_locality(slug)
    workflow = get_case_kind("complaint").workflow
    return render(
        request,
        "complaints/portal/map.html",
        {"locality": locality, "categories": _categories(locality), "states": workflow.states},
    )


@not_found_as_404
def stats(request, slug: str):
    locality = access_locality(slug)
    figures = selectors.complaint_stats(locality)
    top = max((n for _, _, n in figures.by_category), default=0) or 1
    months_top = max((n for _, n in figures.by_month), default=0) or 1
    return render(
        request,
        "complaints/portal/stats.html",
        {"locality": locality, "s": figures, "top": top, "months_top": months_top},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@not_found_as_404
def export_csv(request, slug: str):
    locality = access_locality(slug)
    writer = csv.DictWriter(_Echo(), fieldnames=selectors.EXPORT_COLUMNS)
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]

    def rows():
        yield "\ufeff" + writer.writeheader()  # a BOM, as Traffy's files have, for Excel
        for row in selectors.export_rows(locality, base):
            yield writer.writerow(row)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-complaints.csv"'
    return response


@not_found_as_404
def export_geojson(request, slug: str):
    locality = access_locality(slug)
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]

    def chunks():
        yield '{"type":"FeatureCollection","features":['
        first = True
        for row in selectors.export_rows(locality, base):
            if not row["coords"]:
                continue
            lon, lat = (float(v) for v in row["coords"].split(","))
            properties = {k: v for k, v in row.items() if k != "coords"}
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False, default=str)
            first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-complaints.geojson"'
    return response


# -- staff --------------------------------------------------------------------------------------


def _staff_locality(request):
    locality = _acting_locality(request)
    if locality is None or (
        not request.user.is_platform_admin and request.user.role not in Role.CASE_WORKERS
    ):
        raise NotFound()
    return locality


@login_required
@not_found_as_404
def staff_queue(request):
    locality = _staff_locality(request)
    departments = Department.objects.for_locality(locality)
    department_code = request.GET.get("department")
    if department_code is None and request.user.role == Role.OFFICER and request.user.department_id:
        department_code = request.user.department.code
    department = departments.filter(code=department_code).first() if department_code else None
    error = ""
    try:
        complaints = selectors.queue(
            locality=locality,
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
            "staff": User.objects.filter(locality=locality, is_active=True).order_by("username"),
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
    locality = _staff_locality(request)
    numbers = request.POST.getlist("numbers")
    department = (
        Department.objects.for_locality(locality).filter(pk=request.POST.get("department")).first()
        if request.POST.get("department")
        else None
    )
    assignee = (
        User.objects.filter(
            locality=locality, is_active=True, pk=request.POST.get("assignee")
        ).first()
        if request.POST.get("assignee")
        else None
    )
    from django.contrib import messages

    if not numbers or (department is None and assignee is None):
        messages.error(
            request, "เลือกเรื่องและกองหรือเจ้าหน้าที่ก่อน / Pick cases and a division or an officer."
        )
        return redirect("complaints:staff-queue")
    try:
        with transaction.atomic():
            for number in numbers:
                case = access_case(actor=request.user, number=number, locality=locality)
                case_assign(
                    case=case, actor=request.user, department=department, assignee=assignee,
                    ip=_ip(request),
                )  # fmt: skip
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"มอบหมาย {len(numbers)} เรื่องแล้ว / Assigned {len(numbers)}.")
    return redirect(request.POST.get("next") or "complaints:staff-queue")


@login_required
@not_found_as_404
def staff_new(request):
    """Staff file a complaint taken by phone or at the counter, recording the channel."""
    locality = _staff_locality(request)
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
            raise ValidationFailed(
                "Choose phone or walk-in.", message_th="เลือกช่องทาง", code="unknown_channel"
            )
        photos = _photos(request)
        with transaction.atomic():
            reporter = _reporter(locality, values)
            complaint = services.complaint_create(
                locality=locality,
                description=values.get("description", ""),
                category_code=values.get("category", ""),
                channel=channel,
                lat=_float(values.get("lat")),
                lon=_float(values.get("lon")),
                address=values.get("address", ""),
                reporter=reporter,
                photos=photos,
                actor=request.user,
                ip=_ip(request),
            )
    except DomainError as exc:
        context["error"] = error_text(exc)
        return render(request, "complaints/staff/new.html", context, status=exc.http_status)
    return redirect("staff:case", number=complaint.case.number)


def staff_panel_context(*, request, case) -> dict:
    complaint = (
        Complaint.objects.for_locality(case.locality_id)
        .select_related("category")
        .filter(case=case)
        .first()
    )
    nearby = []
    if (
        complaint
        and case.lat is not None
        and case.status in ("received", "accepted", "in_progress", "reopened")
    ):
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
        "open": case.status in ("received", "accepted", "in_progress", "reopened"),
    }


@login_required
@not_found_as_404
@require_POST
def staff_action(request, number: str, what: str):
    locality = _staff_locality(request)
    case = access_case(actor=request.user, number=number, locality=locality)
    complaint = Complaint.objects.for_locality(locality).filter(case=case).first()
    if complaint is None:
        raise NotFound()
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
                ip=_ip(request),
            )
        elif what == "merge":
            into = access_case(
                actor=request.user, number=request.POST.get("into", "").strip(), locality=locality
            )
            target = Complaint.objects.for_locality(locality).filter(case=into).first()
            if target is None:
                raise NotFound()
            services.complaint_merge(
                duplicate=complaint, into=target, actor=request.user, ip=_ip(request)
            )
        elif what == "resolve":
            photos = _photos(request)
            with transaction.atomic():
                for data in photos:
                    attachment_create(case=case, data=data, actor=request.user, ip=_ip(request))
                case_transition(
                    case=case,
                    action="resolve",
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                    ip=_ip(request),
                )
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound) and what != "merge":
            raise
        error = error_text(exc)
    case = access_case(actor=request.user, number=number, locality=locality)
    context = _detail_context(request, case, error=error)
    status = 422 if error else 200
    if request.htmx:
        return render(request, "thongthin/staff/_case_body.html", context, status=status)
    return render(request, "thongthin/staff/case.html", context, status=status)
