"""A person's own link (given to them or their family on paper, LINE or SMS): send a home
reading of blood pressure or sugar, ask for a Smart Car ride. No account: the link is the key,
so it shows only the person's first name and what they sent; rate-limited per address."""

from __future__ import annotations

import uuid

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from thongthin.core.errors import DomainError
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404

from .. import ncd, selectors, services
from ..models import Ride
from .forms import error_of, moment, number


@not_found_as_404
@require_http_methods(["GET", "POST"])
def my_care(request, slug: str, token: str):
    locality = access_locality(slug)
    person = selectors.access_person_by_token(locality=locality, token=token)
    error, field, status, done = "", "", 200, request.GET.get("sent", "")
    if request.method == "POST":
        what = request.POST.get("what", "")
        try:
            rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
            if what == "reading":
                reading, _new = services.reading_record(
                    person=person,
                    sbp=number(request.POST.get("sbp", "")),
                    dbp=number(request.POST.get("dbp", "")),
                    glucose=number(request.POST.get("glucose", "")),
                    channel="web",
                    client_id=request.POST.get("client_id", ""),
                    ip=client_ip(request),
                )
                return redirect(f"{reverse('care:my_care', args=[slug, token])}?sent=reading")
            if what == "ride":
                services.ride_request(
                    person=person,
                    hospital_id=request.POST.get("hospital"),
                    appointment_at=moment(
                        request.POST.get("day", ""), request.POST.get("time", "")
                    ),
                    mobility=request.POST.get("mobility", ""),
                    companion=request.POST.get("companion") == "1",
                    return_trip=request.POST.get("return_trip") == "1",
                    asked_by=request.POST.get("asked_by", ""),
                    channel="web",
                    ip=client_ip(request),
                )
                return redirect(f"{reverse('care:my_care', args=[slug, token])}?sent=ride")
        except DomainError as exc:
            error, field, status = error_of(exc)
    readings = list(person.readings.all()[:10])
    rides = list(
        person.rides.filter(appointment_at__gte=timezone.now()).select_related("hospital")[:5]
    )
    return render(
        request,
        "care/portal/my_care.html",
        {
            "locality": locality,
            "person": person,
            "token": token,
            "readings": readings,
            "rides": rides,
            "colours": ncd.LABELS,
            "hospitals": selectors.hospitals(locality),
            "mobilities": Ride.Mobility.choices,
            "values": request.POST,
            "error": error,
            "error_field": field,
            "done": done,
            "new_id": uuid.uuid4(),
        },
        status=status,
    )
