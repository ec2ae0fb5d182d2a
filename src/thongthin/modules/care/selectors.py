"""Care reads, and the one gate per object. People in care are sensitive health data: every
gate and list here answers "not found" to anyone without a care role of the locality (the
same for a missing row and another locality's), and writes the read to the audit log.

Other modules reach this module only through :func:`vulnerable_near` (the war room's
evacuation list, the EMS dispatcher's "who is bedridden at this address").
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.audit import AuditAction, audit_record

from .models import (
    CarePlan,
    ClinicAppointment,
    Contact,
    Hospital,
    Person,
    Reading,
    Ride,
    RoutePlan,
    Vehicle,
    Visit,
)
from .module import APPROVE, ASSESS, CLINIC, DRIVE, NEARBY, SUMMARY, TRANSPORT, VIEW, VISIT

# A missed visit stays on the care manager's list this many days.
MISSED_DAYS = 14


def _user(actor: Actor | Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def _logged(actor: Actor, locality: Locality, what: str, *, obj=None, ip=None, **detail) -> None:
    audit_record(
        action=AuditAction.PII_READ,
        locality=locality,
        actor=_user(actor),
        obj=obj,
        ip=ip,
        detail={"what": what, **detail},
    )


def _number(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def _need(actor: Actor, locality: Locality, code: str) -> None:
    if not has_capability(actor, locality, code):
        raise NotFound()


def bangkok_day(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


# --- People ---------------------------------------------------------------------------------


def people_list(
    *,
    actor: Actor,
    locality: Locality,
    ip: str | None = None,
    status: str = "active",
    group: str = "",
    moo: str = "",
    q: str = "",
    missed: bool = False,
) -> list[Person]:
    """The registry as a care role sees it (the read is logged with the filters); ``missed``:
    only those with a visit missed in the last :data:`MISSED_DAYS` days."""
    _need(actor, locality, VIEW)
    rows = Person.objects.for_locality(locality).select_related("subdistrict")
    if missed:
        rows = rows.filter(pk__in=_missed_visits(locality).values("person_id"))
    if status in Person.Status.values:
        rows = rows.filter(status=status)
    if group.isdigit():
        rows = rows.filter(group=int(group))
    if moo.isdigit():
        rows = rows.filter(moo=int(moo))
    if q.strip():
        words = q.strip()[:100]
        rows = rows.filter(
            Q(first_name__icontains=words)
            | Q(last_name__icontains=words)
            | Q(house_no__icontains=words)
        )
    people = list(rows[:500])
    _logged(
        actor, locality, "care.people", ip=ip, rows=len(people), group=group, moo=moo,
        status=status, q=q.strip()[:100], missed=missed,
    )  # fmt: skip
    return people


def _missed_visits(locality: Locality) -> QuerySet[Visit]:
    since = timezone.localdate() - timedelta(days=MISSED_DAYS)
    return Visit.objects.for_locality(locality).filter(
        status=Visit.Status.MISSED, due_on__gte=since, person__status=Person.Status.ACTIVE
    )


# -- what waits for whom ("My work"): counts only, each under the capability its page needs --


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


def _caregiver_of(actor: Actor, person: Person) -> bool:
    user = _user(actor)
    if user is None:
        return False
    return (
        Visit.objects.for_locality(person.locality_id)
        .filter(person=person, caregiver=user)
        .exists()
        or CarePlan.objects.for_locality(person.locality_id)
        .filter(person=person, caregiver=user, status=CarePlan.Status.APPROVED)
        .exists()
    )


def access_person(
    *, actor: Actor, locality: Locality, person_id: object, ip: str | None = None
) -> Person:
    """A person in care: for care roles, and for a caregiver who visits them. Logged."""
    person = (
        Person.objects.for_locality(locality)
        .select_related("subdistrict")
        .filter(pk=_number(person_id))
        .first()
    )
    if person is None:
        raise NotFound()
    visiting = has_capability(actor, locality, VISIT) and _caregiver_of(actor, person)
    if not (has_capability(actor, locality, VIEW) or visiting):
        raise NotFound()
    _logged(actor, locality, "care.person", obj=person, ip=ip)
    return person


def people_of_citizen(*, locality: Locality, citizen: Citizen) -> list[Person]:
    """The active people a citizen (a LINE user) may send for: themself first, then those they
    linked to with the code on the person's card, the latest first."""
    own = list(
        Person.objects.for_locality(locality).filter(citizen=citizen, status=Person.Status.ACTIVE)
    )
    linked = [
        c.person
        for c in Contact.objects.for_locality(locality)
        .filter(citizen=citizen, person__status=Person.Status.ACTIVE)
        .select_related("person")
        .order_by("-id")
    ]
    return list({p.pk: p for p in own + linked}.values())


def access_person_by_token(*, locality: Locality, token: str) -> Person:
    """The person whose personal link this is (home readings, asking for a ride)."""
    token = (token or "").strip()
    if len(token) < 20:
        raise NotFound()
    person = (
        Person.objects.for_locality(locality)
        .filter(reading_token=token, status=Person.Status.ACTIVE)
        .first()
    )
    if person is None:
        raise NotFound()
    return person


def person_history(person: Person) -> dict[str, Any]:
    """What the person page shows besides the person (read already logged by the gate)."""
    assessments = list(person.assessments.all())
    return {
        "contacts": list(person.contacts.all()),
        "assessments": assessments,
        "plans": list(person.plans.select_related("care_manager", "caregiver")),
        # Done or missed, and the next few due: not the whole year ahead.
        "visits": list(
            person.visits.select_related("caregiver")
            .filter(Q(due_on__lte=timezone.localdate() + timedelta(days=31)) | ~Q(status="due"))
            .order_by("-due_on")[:40]
        ),
        "rides": list(person.rides.select_related("hospital").order_by("-appointment_at")[:20]),
        "appointments": list(person.appointments.order_by("-starts_at")[:20]),
        "readings": list(person.readings.all()[:30]),
    }


# --- Plans and visits -----------------------------------------------------------------------


def access_plan(
    *, actor: Actor, locality: Locality, plan_id: object, ip: str | None = None
) -> CarePlan:
    plan = (
        CarePlan.objects.for_locality(locality)
        .select_related("person", "care_manager", "caregiver")
        .filter(pk=_number(plan_id))
        .first()
    )
    if plan is None or not (
        has_capability(actor, locality, VIEW) or has_capability(actor, locality, APPROVE)
    ):
        raise NotFound()
    _logged(actor, locality, "care.plan", obj=plan, ip=ip)
    return plan


def plans_for_committee(
    *, actor: Actor, locality: Locality, status: str = "submitted", ip: str | None = None
) -> list[CarePlan]:
    if not (has_capability(actor, locality, APPROVE) or has_capability(actor, locality, VIEW)):
        raise NotFound()
    rows = CarePlan.objects.for_locality(locality).select_related(
        "person", "care_manager", "caregiver"
    )
    if status in CarePlan.Status.values:
        rows = rows.filter(status=status)
    plans = list(rows[:300])
    _logged(actor, locality, "care.plans", ip=ip, rows=len(plans), status=status)
    return plans


def my_visits(*, actor: Actor, locality: Locality, day: date, ip: str | None = None) -> list[Visit]:
    """A caregiver's visits for a day (and those still due from before), in the order to drive
    them: nearest-next from the first, starting at the locality's office."""
    _need(actor, locality, VISIT)
    rows = list(
        Visit.objects.for_locality(locality)
        .filter(caregiver=_user(actor))
        .filter(Q(due_on=day) | Q(due_on__lt=day, status=Visit.Status.DUE))
        .select_related("person", "person__subdistrict")
    )
    _logged(actor, locality, "care.my_visits", ip=ip, rows=len(rows))
    return drive_order(rows, (locality.center_lat, locality.center_lon))


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def drive_order(visits: list[Visit], start: tuple[float, float]) -> list[Visit]:
    """Nearest next: good enough for a caregiver's 5–10 homes on a motorbike."""
    placed = [
        (v, (v.person.lat, v.person.lon))
        for v in visits
        if v.person.lat is not None and v.person.lon is not None
    ]
    rest = [v for v in visits if v.person.lat is None or v.person.lon is None]
    ordered, here = [], start
    while placed:
        nearest = min(placed, key=lambda pair: distance_m(here, pair[1]))  # type: ignore[arg-type]
        placed.remove(nearest)
        ordered.append(nearest[0])
        here = nearest[1]  # type: ignore[assignment]
    return ordered + rest


def access_visit(*, actor: Actor, locality: Locality, visit_id: object) -> Visit:
    visit = (
        Visit.objects.for_locality(locality)
        .select_related("person")
        .filter(pk=_number(visit_id))
        .first()
    )
    if visit is None:
        raise NotFound()
    mine = visit.caregiver_id == getattr(_user(actor), "pk", None)
    if not (
        has_capability(actor, locality, VIEW) or (mine and has_capability(actor, locality, VISIT))
    ):
        raise NotFound()
    return visit


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


# --- Health centre ----------------------------------------------------------------------------


def clinic_day(
    *, actor: Actor, locality: Locality, day: date, ip: str | None = None
) -> dict[str, Any]:
    _need(actor, locality, CLINIC)
    start, end = bangkok_day(day)
    appointments = list(
        ClinicAppointment.objects.for_locality(locality)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=ClinicAppointment.Status.CANCELLED)
        .select_related("person")
    )
    alerts = list(
        Reading.objects.for_locality(locality)
        .filter(alert=True, seen_at__isnull=True)
        .select_related("person")[:100]
    )
    recent = list(Reading.objects.for_locality(locality).select_related("person")[:50])
    _logged(actor, locality, "care.clinic", ip=ip, rows=len(appointments) + len(recent))
    return {"appointments": appointments, "alerts": alerts, "recent": recent}


def access_appointment(*, actor: Actor, locality: Locality, appointment_id: object):
    _need(actor, locality, CLINIC)
    row = (
        ClinicAppointment.objects.for_locality(locality)
        .select_related("person")
        .filter(pk=_number(appointment_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def access_reading(*, actor: Actor, locality: Locality, reading_id: object) -> Reading:
    _need(actor, locality, CLINIC)
    row = Reading.objects.for_locality(locality).filter(pk=_number(reading_id)).first()
    if row is None:
        raise NotFound()
    return row


# --- For other modules: who needs help to leave or to be carried -----------------------------


def vulnerable_near(
    *,
    actor: Actor,
    locality: Locality,
    lat: float | None = None,
    lon: float | None = None,
    radius_m: float = 300,
    household_codes: list[str] | None = None,
    ip: str | None = None,
    purpose: str = "",
) -> list[dict[str, Any]]:
    """People in care who cannot leave on their own (ADL band ติดบ้าน/ติดเตียง, a wheelchair
    or a movement disability) near a point or in the given households, for the war room's
    evacuation list and the EMS dispatcher. Only what a rescuer needs: name, age, band,
    address, household and point. Empty for an actor without ``care.nearby``. Logged."""
    if not has_capability(actor, locality, NEARBY):
        return []
    rows = Person.objects.for_locality(locality).filter(status=Person.Status.ACTIVE)
    if household_codes is not None:
        rows = rows.filter(household_code__in=[c for c in household_codes if c])
    found = []
    today = timezone.localdate()
    for person in rows.select_related("subdistrict")[:5000]:
        if person.band not in ("homebound", "bedbound") and "3" not in person.disability_types:
            continue
        if lat is not None and lon is not None:
            if person.lat is None or person.lon is None:
                continue
            if distance_m((lat, lon), (person.lat, person.lon)) > radius_m:
                continue
        found.append(
            {
                "id": person.pk,
                "name": person.name,
                "age": today.year - person.birth_date.year,
                "band": person.band,
                "band_label": person.band_label,
                "group": person.group,
                "address": person.address_line(),
                "household_code": person.household_code,
                "lat": person.lat,
                "lon": person.lon,
            }
        )
    _logged(actor, locality, "care.vulnerable", ip=ip, rows=len(found), purpose=purpose)
    return found


# --- Figures without names ---------------------------------------------------------------------


def can_summarise(actor: Actor, locality: Locality) -> None:
    if not (has_capability(actor, locality, SUMMARY) or has_capability(actor, locality, VIEW)):
        raise NotFound()
