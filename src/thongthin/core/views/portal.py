"""The public portal of each locality at /<slug>/: file a request, track it."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import modules
from ..errors import DomainError, NotFound
from ..http import client_ip
from ..models import Locality
from ..models.cases import Channel
from ..ratelimit import rate_limit_check
from ..selectors import access_locality, case_public_find, case_public_get
from ..services.accounts import ReporterIn
from ..services.cases import tracking_url
from ..services.requests import request_file
from .errors import not_found_as_404
from .forms import RequestForm, TrackForm


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def index(request):
    localities = Locality.objects.filter(is_active=True).select_related("province")
    return render(request, "thongthin/index.html", {"localities": localities})


@not_found_as_404
def home(request, slug: str):
    locality = access_locality(slug)
    intake = modules.intake(locality)
    return render(
        request,
        "thongthin/portal/home.html",
        {
            "locality": locality,
            "form": RequestForm(),
            "track_form": TrackForm(),
            "intake": intake,
            "intake_url": reverse(intake.url_name, args=[slug]) if intake else "",
        },
    )


@not_found_as_404
@require_POST
def submit(request, slug: str):
    locality = access_locality(slug)
    form = RequestForm(request.POST, request.FILES)
    context = {"locality": locality, "form": form, "track_form": TrackForm()}
    if not form.is_valid():
        return render(request, "thongthin/portal/_request_form.html", context, status=422)
    data = form.cleaned_data
    try:
        rate_limit_check(scope="public-request", ident=client_ip(request) or "")
        case = request_file(
            locality=locality,
            title=data["title"],
            description=data["description"],
            channel=Channel.WEB,
            reporter=ReporterIn(name=data["name"], phone=data["phone"]),
            lat=data["lat"],
            lon=data["lon"],
            photos=[data["photo"].read()] if data["photo"] else [],
            ip=client_ip(request),
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        context["error_code"] = exc.code
        return render(
            request, "thongthin/portal/_request_form.html", context, status=exc.http_status
        )
    context.update(case=case, tracking_url=tracking_url(case))
    return render(request, "thongthin/portal/_received.html", context, status=201)


@not_found_as_404
def track_search(request, slug: str):
    """The tracking search: a tracking code, or a case number with the phone's last four digits.
    Found, it goes to the case's tracking address; not found, the search box stays."""
    locality = access_locality(slug)
    code, last4 = request.GET.get("code", "").strip()[:40], request.GET.get("phone", "")[:20]
    if not code:
        return redirect("portal:home", slug=slug)
    try:
        # A number with four digits has 10,000 answers: guesses are capped per address.
        rate_limit_check(
            scope="public-track",
            ident=client_ip(request) or "",
            rate=settings.THONGTHIN["PUBLIC_COMPUTE_RATE"],
        )
        case = case_public_find(locality=locality, code=code, phone_last4=last4)
    except NotFound:
        return render(
            request,
            "thongthin/portal/track_missing.html",
            {"locality": locality, "code": code, "numbered": "-" in code},
            status=404,
        )
    except DomainError as exc:
        return render(
            request,
            "thongthin/portal/track_missing.html",
            {"locality": locality, "code": code, "error": exc.message},
            status=exc.http_status,
        )
    return redirect("portal:track", slug=slug, code=case.tracking_code)


@not_found_as_404
def track(request, slug: str, code: str):
    locality = access_locality(slug)
    try:
        case = case_public_get(locality=locality, tracking_code=code)
    except NotFound:
        return render(
            request,
            "thongthin/portal/track_missing.html",
            {"locality": locality, "code": code},
            status=404,
        )
    events = case.events.filter(public=True)
    photos = case.attachments.filter(public=True)
    return render(
        request,
        "thongthin/portal/track.html",
        {
            "locality": locality,
            "case": case,
            "events": events,
            "photos": photos,
            "panels": [
                (panel.template, modules.resolve(panel.context)(request=request, case=case))
                for _module, panel in modules.panels(case.kind, public=True)
            ],
            "received": bool(request.GET.get("received")),
            "receipt_url": f"{tracking_url(case)}?received=1",
        },
    )
