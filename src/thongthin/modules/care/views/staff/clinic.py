"""The health centre's day: appointments (booked, came, missed), booking one, and the home
readings, with the alerts nobody has seen yet first."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from thongthin.core import thai
from thongthin.core.errors import DomainError
from thongthin.core.http import client_ip
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from ... import ncd, selectors, services
from ...models import ClinicAppointment
from ...module import CLINIC
from ..forms import day_param, error_of, moment, number


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def clinic(request):
    locality = acting_locality_for(request, CLINIC)
    day = day_param(request)
    error, field, status = "", "", 200
    if request.method == "POST":
        what = request.POST.get("what", "")
        try:
            if what == "book":
                person = selectors.access_person(
                    actor=request.user,
                    locality=locality,
                    person_id=request.POST.get("person"),
                    ip=client_ip(request),
                )
                row = services.appointment_book(
                    person=person,
                    actor=request.user,
                    kind=request.POST.get("kind", ""),
                    starts_at=moment(request.POST.get("day", ""), request.POST.get("time", "")),
                    minutes=number(request.POST.get("minutes", "")) or 15,
                    ip=client_ip(request),
                )
                day = timezone.localdate(row.starts_at)
            elif what in ("kept", "cancelled"):
                row = selectors.access_appointment(
                    actor=request.user,
                    locality=locality,
                    appointment_id=request.POST.get("appointment"),
                )
                services.appointment_mark(appointment=row, actor=request.user, status=what)
            elif what == "seen":
                reading = selectors.access_reading(
                    actor=request.user, locality=locality, reading_id=request.POST.get("reading")
                )
                services.reading_seen(reading=reading, actor=request.user)
            return redirect(f"{reverse('care:clinic')}?day={thai.format_date_input(day)}")
        except DomainError as exc:
            error, field, status = error_of(exc)
    data = selectors.clinic_day(
        actor=request.user, locality=locality, day=day, ip=client_ip(request)
    )
    people = selectors.people_list(actor=request.user, locality=locality, ip=client_ip(request))
    return render(
        request,
        "care/staff/clinic.html",
        {
            "locality": locality,
            "day": day,
            "day_input": thai.format_date_input(day),
            "previous": thai.format_date_input(day - timedelta(days=1)),
            "next": thai.format_date_input(day + timedelta(days=1)),
            **data,
            "people": people,
            "kinds": ClinicAppointment.Kind.choices,
            "colours": ncd.LABELS,
            "values": request.POST,
            "error": error,
            "error_field": field,
        },
        status=status,
    )
