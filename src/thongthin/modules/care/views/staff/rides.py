"""Smart Car pages: the coordinator's day (requests, the planned routes on a map, a ride
pinned to a vehicle, planning again), a ride asked for by phone at the office, and the
driver's route with the steps they record."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from thongthin.core import thai
from thongthin.core.access import has_capability
from thongthin.core.errors import DomainError
from thongthin.core.http import client_ip
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality, acting_locality_for

from ... import selectors, services
from ...models import Person, Ride
from ...module import DRIVE, MODULE, TRANSPORT
from ...services.rides import vehicle_for
from ..forms import be_date, day_param, error_of, moment


def _day(request):
    return day_param(request)


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def rides(request):
    locality = acting_locality_for(request, TRANSPORT)
    day = _day(request)
    if request.GET.get("waiting") and "day" not in request.GET:  # from My work: the first such day
        waiting = selectors.ride_days_waiting(locality)
        if waiting:
            return redirect(f"{reverse('care:rides')}?day={thai.format_date_input(waiting[0][0])}")
    error = ""
    if request.method == "POST":
        try:
            day = be_date(request.POST.get("day", ""), "day") or day
            services.route_plan(
                locality=locality, actor=request.user, day=day, ip=client_ip(request)
            )
            return redirect(f"{reverse('care:rides')}?day={thai.format_date_input(day)}")
        except DomainError as exc:
            error = error_of(exc)[0]
    rows = selectors.rides_of_day(
        actor=request.user, locality=locality, day=day, ip=client_ip(request)
    )
    routes = selectors.routes_of_day(actor=request.user, locality=locality, day=day)
    names = {r.pk: r.person.name for r in rows}
    start = selectors.bangkok_day(day)[0]
    shown = []
    for route in routes:
        stops = [
            {
                **stop,
                "name": names.get(stop["ride"], ""),
                "time": start + timedelta(seconds=stop["at"]),
            }
            for stop in route.stops
        ]
        shown.append((route, stops))
    return render(
        request,
        "care/staff/rides.html",
        {
            "locality": locality,
            "day": day,
            "day_input": thai.format_date_input(day),
            "previous": thai.format_date_input(day - timedelta(days=1)),
            "next": thai.format_date_input(day + timedelta(days=1)),
            "rows": rows,
            "routes": shown,
            "vehicles": selectors.vehicles(locality),
            "unserved": [r for r in rows if r.status == Ride.Status.UNSERVED],
            "router": bool(MODULE.setting("ROUTER_URL")),
            "road_factor": MODULE.setting("ROAD_FACTOR"),
            "speed_kmh": MODULE.setting("SPEED_KMH"),
            "waiting_days": [
                (d, thai.format_date_input(d), n) for d, n in selectors.ride_days_waiting(locality)
            ],
            "error": error,
        },
    )


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def ride_new(request):
    locality = acting_locality_for(request, TRANSPORT)
    error, field, status = "", "", 200
    people = selectors.people_list(actor=request.user, locality=locality, ip=client_ip(request))
    if request.method == "POST":
        try:
            person = selectors.access_person(
                actor=request.user,
                locality=locality,
                person_id=request.POST.get("person"),
                ip=client_ip(request),
            )
            ride = services.ride_request(
                person=person,
                hospital_id=request.POST.get("hospital"),
                appointment_at=moment(request.POST.get("day", ""), request.POST.get("time", "")),
                mobility=request.POST.get("mobility", ""),
                companion=request.POST.get("companion") == "1",
                return_trip=request.POST.get("return_trip") == "1",
                asked_by=request.POST.get("asked_by", ""),
                channel="phone",
                actor=request.user,
                ip=client_ip(request),
            )
            day = timezone.localdate(ride.appointment_at)
            return redirect(f"{reverse('care:rides')}?day={thai.format_date_input(day)}")
        except DomainError as exc:
            error, field, status = error_of(exc)
    return render(
        request,
        "care/staff/ride_new.html",
        {
            "locality": locality,
            "people": [p for p in people if p.status == Person.Status.ACTIVE],
            "hospitals": selectors.hospitals(locality),
            "mobilities": Ride.Mobility.choices,
            "values": request.POST,
            "error": error,
            "error_field": field,
            "no_wheelchair_car": not vehicle_for(locality, Ride.Mobility.WHEELCHAIR),
        },
        status=status,
    )


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def ride(request, pk: int):
    """The coordinator's edits (pin to a vehicle, cancel) and the driver's steps. A GET (the
    log-in page sending someone back here after their session ended) goes to their day."""
    locality = acting_locality(request)
    if locality is None:
        return redirect("staff:queue")
    if request.method == "GET":
        mine = not has_capability(request.user, locality, TRANSPORT)
        return redirect("care:my_route" if mine else "care:rides")
    row = selectors.access_ride(actor=request.user, locality=locality, ride_id=pk)
    what = request.POST.get("what", "")
    back = request.POST.get("back") == "route"
    try:
        if what == "pin":
            services.ride_pin(
                ride=row,
                actor=request.user,
                vehicle_id=request.POST.get("vehicle"),
                ip=client_ip(request),
            )
        elif what == "cancel":
            services.ride_cancel(ride=row, actor=request.user, ip=client_ip(request))
        else:
            services.ride_step(ride=row, actor=request.user, step=what, ip=client_ip(request))
    except DomainError as exc:
        messages.error(request, error_of(exc)[0])
    day = thai.format_date_input(timezone.localdate(row.appointment_at))
    target = reverse("care:my_route" if back else "care:rides")
    return redirect(f"{target}?day={day}")


@login_required
@not_found_as_404
def my_route(request):
    locality = acting_locality_for(request, DRIVE)
    day = _day(request)
    routes = selectors.my_route(
        actor=request.user, locality=locality, day=day, ip=client_ip(request)
    )
    start = selectors.bangkok_day(day)[0]
    shown = []
    for route, by_id in routes:
        stops = []
        for stop in route.stops:
            ride = by_id.get(stop["ride"])
            if ride is None:
                continue
            stops.append({**stop, "ride_obj": ride, "time": start + timedelta(seconds=stop["at"])})
        shown.append((route, stops))
    return render(
        request,
        "care/staff/my_route.html",
        {
            "locality": locality,
            "day": day,
            "today": day == timezone.localdate(),  # steps are recorded on the ride's day
            "day_input": thai.format_date_input(day),
            "previous": thai.format_date_input(day - timedelta(days=1)),
            "next": thai.format_date_input(day + timedelta(days=1)),
            "routes": shown,
        },
    )
