"""The citizen's side: the report form (with "is this yours?"), the public page of a case,
and rating or reopening from the tracking page."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thongthin.core.errors import DomainError, NotFound
from thongthin.core.models.cases import Channel
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.attachments import clean_upload
from thongthin.core.views.errors import not_found_as_404

from .. import selectors, services
from ..services import REOPEN_DAYS
from ._common import _categories, _float, _ip, _photos, _reporter

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
        # "Same problem?" is asked only about the kind of problem the citizen chose.
        if not values.get("confirm_new") and lat is not None and lon is not None and category_code:
            category = services.category_get(locality, category_code)
            services._clean_description(values.get("description", ""))
            nearby = services.duplicates_near(
                locality=locality, category=category, lat=lat, lon=lon
            )
            if nearby:
                context["nearby"] = nearby
                return _form_result(request, context, 200)
        complaint = services.complaint_create(
            locality=locality,
            description=values.get("description", ""),
            category_code=category_code,
            channel=Channel.WEB,
            lat=lat,
            lon=lon,
            address=values.get("address", ""),
            reporter=_reporter(values),
            photos=photos,
            attributes=_answers(values) if category_code else None,
            show_name=bool(values.get("show_name")),
            actor_label="citizen",
            ip=_ip(request),
        )
    except DomainError as exc:
        context["error"], context["error_code"] = exc.message, exc.code
        return _form_result(request, context, exc.http_status)
    # The receipt has its own address (the tracking page, marked as just received): a reload
    # or a shared link shows it again, and the form is not sent twice.
    receipt = reverse("portal:track", args=[slug, complaint.case.tracking_code]) + "?received=1"
    if request.htmx:
        response = HttpResponse(status=201)
        response["HX-Redirect"] = receipt
        return response
    response = redirect(receipt)
    response.status_code = 303  # See Other: the receipt is fetched with GET
    return response


def _answers(values) -> dict:
    """The extra questions' answers as the form sends them: ``attribute[code]`` (repeated for a
    question with several choices)."""
    answers = {}
    for key in values:
        if key.startswith("attribute[") and key.endswith("]"):
            found = values.getlist(key)
            answers[key[10:-1]] = found if len(found) > 1 else found[0]
    return answers


def _form_result(request, context: dict, status: int) -> HttpResponse:
    if request.htmx:
        return render(request, "complaints/portal/_form_result.html", context, status=status)
    return render(request, "complaints/portal/report.html", context, status=status)


def _me_too(request, locality, values) -> HttpResponse:
    """ "Yes, this is my problem too": follow the existing case instead of filing a copy."""
    complaint = selectors.access_public_complaint(locality=locality, number=values["me_too"])
    follower = services.complaint_me_too(complaint=complaint, reporter=_reporter(values))
    context = {"locality": locality, "case": complaint.case, "followed": follower is not None}
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
    case = selectors.access_public_complaint(locality=locality, number=number).case
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
    complaint = selectors.access_complaint_by_tracking(
        locality=case.locality, code=case.tracking_code
    )
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
    complaint = selectors.access_complaint_by_tracking(locality=locality, code=code)
    case = complaint.case
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

        messages.error(request, exc.message)
    return redirect("portal:track", slug=slug, code=case.tracking_code)
