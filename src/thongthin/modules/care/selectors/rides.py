"""The Smart Car: rides, routes, vehicles and hospitals."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Locality

from ..models import (
    Hospital,
    Ride,
    RoutePlan,
    Vehicle,
)
from ..module import DRIVE, TRANSPORT
from ._common import _logged, _need, _number, _user, bangkok_day

# --- Smart Car --------------------------------------------------------------------------------


def rides_of_day(
    *, actor: Actor, locality: Locality, day: date, ip: str | None = None
) -> list[Ride]:
    _need(actor, locality, TRANSPORT)
    start, end = bangkok_day(day)
    rows = list(
        Ride.objects.for_locality(locality)
        .filter(appointment_at__gte=start, appointment_at__lt=end)
        .select_related("person", "hospital", "vehicle")
        .order_by("vehicle__name", "stop_order", "appointment_at")
    )
    _logged(actor, locality, "care.rides", ip=ip, rows=len(rows), day=day.isoformat())
    return rows


def routes_of_day(*, actor: Actor, locality: Locality, day: date) -> list[RoutePlan]:
    if not (has_capability(actor, locality, TRANSPORT) or has_capability(actor, locality, DRIVE)):
        raise NotFound()
    rows = (
        RoutePlan.objects.for_locality(locality)
        .filter(day=day)
        .select_related("vehicle", "vehicle__driver")
    )
    if not has_capability(actor, locality, TRANSPORT):
        rows = rows.filter(vehicle__driver=_user(actor))
    return list(rows.order_by("vehicle__name"))


def access_ride(*, actor: Actor, locality: Locality, ride_id: object) -> Ride:
    ride = (
        Ride.objects.for_locality(locality)
        .select_related("person", "hospital", "vehicle")
        .filter(pk=_number(ride_id))
        .first()
    )
    if ride is None:
        raise NotFound()
    if has_capability(actor, locality, TRANSPORT):
        return ride
    driving = ride.vehicle is not None and ride.vehicle.driver_id == getattr(
        _user(actor), "pk", None
    )
    if not (driving and has_capability(actor, locality, DRIVE)):
        raise NotFound()
    return ride


def my_route(
    *, actor: Actor, locality: Locality, day: date, ip: str | None = None
) -> list[tuple[RoutePlan, dict[int, Ride]]]:
    """A driver's routes for the day, each with its rides by id. Logged."""
    _need(actor, locality, DRIVE)
    routes = routes_of_day(actor=actor, locality=locality, day=day)
    ride_ids = {s["ride"] for r in routes for s in r.stops if s.get("ride")}
    rides = {
        r.pk: r
        for r in Ride.objects.for_locality(locality)
        .filter(pk__in=ride_ids)
        .select_related("person", "hospital")
    }
    _logged(actor, locality, "care.my_route", ip=ip, rows=len(rides))
    return [(route, rides) for route in routes]


def vehicles(locality: Locality) -> QuerySet[Vehicle]:
    return Vehicle.objects.for_locality(locality).filter(active=True)


def hospitals(locality: Locality) -> QuerySet[Hospital]:
    return Hospital.objects.for_locality(locality).filter(active=True)


def ready_vehicles(locality: Locality) -> bool:
    return vehicles(locality).filter(driver__isnull=False).exists()


def ready_hospitals(locality: Locality) -> bool:
    return hospitals(locality).exists()
