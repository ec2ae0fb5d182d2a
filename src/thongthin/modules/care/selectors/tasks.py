"""Counts for "My work": what waits for each care role (``Module.tasks``)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from thongthin.core.access import Actor, has_capability
from thongthin.core.models import Locality

from ..models import (
    CarePlan,
    Reading,
    Ride,
    Visit,
)
from ..module import APPROVE, ASSESS, CLINIC, DRIVE, TRANSPORT, VIEW, VISIT
from ._common import _user, bangkok_day
from .people import _missed_visits


def waiting_alerts(*, actor: Actor, locality: Locality) -> int:
    """Home readings in a danger band no nurse has marked seen (the health centre's page)."""
    if not has_capability(actor, locality, CLINIC):
        return 0
    return Reading.objects.for_locality(locality).filter(alert=True, seen_at__isnull=True).count()


def waiting_plans_to_decide(*, actor: Actor, locality: Locality) -> int:
    if not has_capability(actor, locality, APPROVE):
        return 0
    return CarePlan.objects.for_locality(locality).filter(status=CarePlan.Status.SUBMITTED).count()


def waiting_plans_returned(*, actor: Actor, locality: Locality) -> int:
    """Returned plans this care manager wrote (another's are theirs to change)."""
    if not (has_capability(actor, locality, ASSESS) and has_capability(actor, locality, VIEW)):
        return 0
    return (
        CarePlan.objects.for_locality(locality)
        .filter(status=CarePlan.Status.RETURNED, care_manager=_user(actor))
        .count()
    )


def waiting_missed_people(*, actor: Actor, locality: Locality) -> int:
    if not has_capability(actor, locality, VIEW):
        return 0
    return _missed_visits(locality).values("person_id").distinct().count()


def ride_days_waiting(locality: Locality, days: int = 14) -> list[tuple[date, int]]:
    """The coming days with rides no route takes yet (requested, or no vehicle could)."""
    start = bangkok_day(timezone.localdate())[0]
    rows = Ride.objects.for_locality(locality).filter(
        appointment_at__gte=start,
        appointment_at__lt=start + timedelta(days=days),
        status__in=[Ride.Status.REQUESTED, Ride.Status.UNSERVED],
    )
    counted: dict[date, int] = {}
    for at in rows.values_list("appointment_at", flat=True):
        day = timezone.localdate(at)
        counted[day] = counted.get(day, 0) + 1
    return sorted(counted.items())


def waiting_rides(*, actor: Actor, locality: Locality) -> int:
    if not has_capability(actor, locality, TRANSPORT):
        return 0
    return sum(n for _day, n in ride_days_waiting(locality))


def waiting_my_visits(*, actor: Actor, locality: Locality) -> int:
    """Today's visits for this caregiver, and earlier ones still due (as on their page)."""
    if not has_capability(actor, locality, VISIT):
        return 0
    today = timezone.localdate()
    return (
        Visit.objects.for_locality(locality)
        .filter(caregiver=_user(actor), status=Visit.Status.DUE, due_on__lte=today)
        .count()
    )


def waiting_my_rides(*, actor: Actor, locality: Locality) -> int:
    """Today's rides on the vehicles this driver drives, not yet back home."""
    if not has_capability(actor, locality, DRIVE):
        return 0
    start, end = bangkok_day(timezone.localdate())
    return (
        Ride.objects.for_locality(locality)
        .filter(appointment_at__gte=start, appointment_at__lt=end, vehicle__driver=_user(actor))
        .filter(status__in=[Ride.Status.PLANNED, Ride.Status.ON_WAY, Ride.Status.PICKED_UP,
                            Ride.Status.ARRIVED])
        .exclude(status=Ride.Status.ARRIVED, return_trip=False)
        .count()
    )  # fmt: skip
