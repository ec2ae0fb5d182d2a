"""Smart Car: rides to hospital appointments asked for by the person, a relative, a caregiver
or the office; the day's routes planned by the solver (``routing``), editable by pinning a ride
to a vehicle and planning again; the person reminded the day before and told when the car
is on its way; the driver's steps recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.access import has_capability, require_capability
from thongthin.core.errors import IllegalTransition, ValidationFailed
from thongthin.core.i18n import Message
from thongthin.core.models import Citizen, Locality, User
from thongthin.core.services.audit import audit_record
from thongthin.core.services.notifications import notify_citizen

from .. import routing
from ..models import Hospital, Person, Ride, RoutePlan, Vehicle
from ..module import DRIVE, MODULE, TRANSPORT, Audit
from ..selectors import bangkok_day

CLINIC_HOURS = 2  # from the appointment until the person is ready to go home
OPEN = (Ride.Status.REQUESTED, Ride.Status.PLANNED, Ride.Status.UNSERVED)


def _invalid(message, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, detail={"field": field})


def vehicle_for(locality: Locality, mobility: str) -> bool:
    """Whether any active vehicle can carry someone of this mobility."""
    cars = Vehicle.objects.for_locality(locality).filter(active=True)
    if mobility == Ride.Mobility.WHEELCHAIR:
        cars = cars.filter(wheelchair_places__gt=0)
    elif mobility == Ride.Mobility.STRETCHER:
        cars = cars.filter(stretcher=True, wheelchair_places__gt=0)
    return cars.exists()


def ride_time_check(appointment_at: datetime | None) -> datetime:
    """An appointment a ride can be asked for: two hours to 90 days ahead, 07:00 to 17:00."""
    if appointment_at is None:
        raise _invalid(_("The appointment day and time are needed."), "required", "appointment_at")
    now = timezone.now()
    if appointment_at < now + timedelta(hours=2) or appointment_at > now + timedelta(days=90):
        raise _invalid(
            _("The appointment must be at least two hours from now and within 90 days."),
            "appointment_invalid",
            "appointment_at",
        )
    local = timezone.localtime(appointment_at).time()
    if not (clock(7) <= local <= clock(17)):
        raise _invalid(
            _("Rides are for appointments between 07:00 and 17:00."),
            "appointment_invalid",
            "appointment_at",
        )
    return appointment_at


def ride_request(
    *,
    person: Person,
    hospital_id: object,
    appointment_at: datetime | None,
    mobility: str,
    companion: bool = False,
    return_trip: bool = True,
    asked_by: str = "",
    channel: str = "web",
    citizen: Citizen | None = None,
    actor: User | None = None,
    ip: str | None = None,
) -> Ride:
    """Keep a ride request. A ride no vehicle can take (a wheelchair with no wheelchair place)
    is kept too and shows as such, so the coordinator can find another way."""
    locality = person.locality
    if actor is not None:
        require_capability(actor, locality, TRANSPORT)
    if person.status != Person.Status.ACTIVE:
        raise _invalid(_("The person is no longer in care."), "person_inactive", "person")
    hospital = None
    if str(hospital_id or "").isdigit():
        hospital = (
            Hospital.objects.for_locality(locality)
            .filter(pk=int(str(hospital_id)), active=True)
            .first()
        )
    if hospital is None:
        raise _invalid(_("Choose the hospital."), "hospital_invalid", "hospital")
    appointment_at = ride_time_check(appointment_at)
    if mobility not in Ride.Mobility.values:
        raise _invalid(_("Choose how the person moves."), "mobility_invalid", "mobility")
    start, end = bangkok_day(timezone.localdate(appointment_at))
    with transaction.atomic():
        # Two requests for the same person at once (a double tap on LINE) take turns here.
        Person.objects.for_locality(locality).select_for_update().filter(pk=person.pk).first()
        if (
            Ride.objects.for_locality(locality)
            .filter(person=person, appointment_at__gte=start, appointment_at__lt=end)
            .exclude(status__in=[Ride.Status.CANCELLED, Ride.Status.NO_SHOW])
            .exists()
        ):
            raise _invalid(
                _("This person already has a ride that day."), "ride_exists", "appointment_at"
            )
        ride = Ride.objects.create(
            locality=locality,
            person=person,
            hospital=hospital,
            appointment_at=appointment_at,
            mobility=mobility,
            companion=companion,
            return_trip=return_trip,
            asked_by=asked_by.strip()[:200],
            channel=channel,
            citizen=citizen,
        )
        audit_record(
            action=Audit.RIDE_SAVED,
            locality=locality,
            actor=actor,
            obj=ride,
            ip=ip,
            detail={"channel": channel},
        )
    return ride


def ride_cancel(*, ride: Ride, actor: User, ip: str | None = None) -> Ride:
    require_capability(actor, ride.locality, TRANSPORT)
    if ride.status not in OPEN:
        raise IllegalTransition(_("This ride can no longer be cancelled."), code="ride_started")
    with transaction.atomic():
        ride.status = Ride.Status.CANCELLED
        ride.vehicle, ride.pickup_at, ride.stop_order = None, None, None
        ride.save(update_fields=["status", "vehicle", "pickup_at", "stop_order"])
        audit_record(
            action=Audit.RIDE_SAVED,
            locality=ride.locality,
            actor=actor,
            obj=ride,
            ip=ip,
            detail={"status": "cancelled"},
        )
    return ride


def ride_pin(*, ride: Ride, actor: User, vehicle_id: object, ip: str | None = None) -> Ride:
    """The coordinator's edit: this ride goes in this vehicle (or any, with no vehicle)."""
    require_capability(actor, ride.locality, TRANSPORT)
    if ride.status not in OPEN:
        raise IllegalTransition(_("This ride has started."), code="ride_started")
    vehicle = None
    if str(vehicle_id or "").isdigit():
        vehicle = (
            Vehicle.objects.for_locality(ride.locality)
            .filter(pk=int(str(vehicle_id)), active=True)
            .first()
        )
        if vehicle is None:
            raise _invalid(_("Unknown vehicle."), "vehicle_invalid", "vehicle")
        seats, chairs = ride.places
        car = routing.Car(vehicle.pk, vehicle.seats, vehicle.wheelchair_places, vehicle.stretcher)
        leg = routing.Leg((ride.pk, "out"), (0, 0), (0, 0), (0, 0), (0, 0), seats, chairs,
                          ride.mobility == Ride.Mobility.STRETCHER)  # fmt: skip
        if not routing.fits(car, leg):
            raise _invalid(
                _("This vehicle has no place for this ride (a wheelchair, a stretcher, seats)."),
                "vehicle_unfit",
                "vehicle",
            )
    with transaction.atomic():
        ride.vehicle, ride.pinned = vehicle, vehicle is not None
        ride.save(update_fields=["vehicle", "pinned"])
        audit_record(
            action=Audit.RIDE_SAVED, locality=ride.locality, actor=actor, obj=ride, ip=ip,
            detail={"pinned": vehicle.pk if vehicle else None},
        )  # fmt: skip
    return ride


def _seconds(moment: datetime) -> int:
    local = timezone.localtime(moment)
    return local.hour * 3600 + local.minute * 60 + local.second


def _legs(rides: list[Ride], pinned: dict[int, int]) -> list[routing.Leg]:
    legs = []
    for ride in rides:
        if ride.person.lat is None or ride.person.lon is None:
            continue
        home = (ride.person.lat, ride.person.lon)
        hospital = (ride.hospital.lat, ride.hospital.lon)
        appt = _seconds(ride.appointment_at)
        seats, chairs = ride.places
        needs = ride.mobility == Ride.Mobility.STRETCHER
        car = pinned.get(ride.pk)
        legs.append(
            routing.Leg((ride.pk, "out"), home, hospital,
                        (max(routing.DAY_START, appt - 3 * 3600), appt - 900),
                        (appt - 5400, appt - 900), seats, chairs, needs, car)
        )  # fmt: skip
        if ride.return_trip:
            ready = appt + CLINIC_HOURS * 3600
            legs.append(
                routing.Leg((ride.pk, "back"), hospital, home, (ready, routing.DAY_END),
                            (ready, routing.DAY_END), seats, chairs, needs, car)
            )  # fmt: skip
    return legs


def route_plan(
    *, locality: Locality, actor: User, day: date, ip: str | None = None
) -> routing.Plan:
    """Plan (again) the day's routes for every active vehicle; rides pinned to a vehicle stay
    in it. Rides no vehicle could take are marked so."""
    require_capability(actor, locality, TRANSPORT)
    # A vehicle nobody drives takes no ride (the admin gives each vehicle its driver).
    cars = list(Vehicle.objects.for_locality(locality).filter(active=True, driver__isnull=False))
    if not cars:
        raise _invalid(
            _("No vehicle in use has a driver: give each vehicle its driver (admin, vehicles)."),
            "no_driver",
            "day",
        )
    start, end = bangkok_day(day)
    rides = list(
        Ride.objects.for_locality(locality)
        .filter(appointment_at__gte=start, appointment_at__lt=end, status__in=OPEN)
        .select_related("person", "hospital")
    )
    pinned = {r.pk: r.vehicle_id for r in rides if r.pinned and r.vehicle_id}
    plan = routing.solve(
        depot=(locality.center_lat, locality.center_lon),
        cars=[routing.Car(c.pk, c.seats, c.wheelchair_places, c.stretcher) for c in cars],
        legs=_legs(rides, pinned),
        roads=routing.RoutedRoads(
            float(MODULE.setting("ROAD_FACTOR")),
            float(MODULE.setting("SPEED_KMH")),
            url=str(MODULE.setting("ROUTER_URL")),
            timeout=float(MODULE.setting("ROUTER_TIMEOUT")),
        )
        if MODULE.setting("ROUTER_URL")
        else routing.Roads(
            float(MODULE.setting("ROAD_FACTOR")), float(MODULE.setting("SPEED_KMH"))
        ),
        seconds=float(MODULE.setting("ROUTE_SECONDS")),
        solutions=int(MODULE.setting("ROUTE_SOLUTIONS")),
    )
    midnight = start
    by_ride: dict[int, tuple[int, int, int]] = {}
    with transaction.atomic():
        RoutePlan.objects.for_locality(locality).filter(day=day).delete()
        for route in plan.routes:
            if not route.stops:
                continue
            RoutePlan.objects.create(
                locality=locality,
                day=day,
                vehicle_id=route.car,
                stops=[
                    {
                        "kind": s.kind,
                        "ride": s.key[0],
                        "leg": s.key[1],
                        "at": s.at,
                        "lat": s.point[0],
                        "lon": s.point[1],
                    }
                    for s in route.stops
                ],  # fmt: skip
                km=Decimal(route.metres / 1000).quantize(Decimal("0.1")),
                planned_by=actor,
                routed=plan.routed,
            )
            for order, stop in enumerate(route.stops, start=1):
                if stop.kind == "pickup" and stop.key[1] == "out":
                    by_ride[stop.key[0]] = (route.car, stop.at, order)
        unserved = {key[0] for key in plan.unserved}
        for ride in rides:
            if ride.pk in by_ride and ride.pk not in unserved:
                car, at, order = by_ride[ride.pk]
                ride.status, ride.vehicle_id, ride.stop_order = Ride.Status.PLANNED, car, order
                ride.pickup_at = midnight + timedelta(seconds=at)
            else:
                ride.status, ride.pickup_at, ride.stop_order = Ride.Status.UNSERVED, None, None
            ride.save(update_fields=["status", "vehicle", "pickup_at", "stop_order"])
        audit_record(
            action=Audit.ROUTE_PLANNED,
            locality=locality,
            actor=actor,
            ip=ip,
            detail={
                "day": day.isoformat(),
                "rides": len(rides),
                "unserved": len(unserved),
                "routed": plan.routed,
            },  # fmt: skip
        )
    return plan


# step: (the statuses it follows, the status it gives)
STEPS = {
    "on_way": ((Ride.Status.PLANNED,), Ride.Status.ON_WAY),
    "picked_up": ((Ride.Status.ON_WAY,), Ride.Status.PICKED_UP),
    "arrived": ((Ride.Status.PICKED_UP,), Ride.Status.ARRIVED),
    "returned": ((Ride.Status.ARRIVED,), Ride.Status.RETURNED),
    # The car came and the person was not there, too unwell, or went another way.
    "no_show": ((Ride.Status.ON_WAY,), Ride.Status.NO_SHOW),
}


def _tell(ride: Ride, text, key: str) -> None:
    family = [c.citizen for c in ride.person.contacts.all() if c.citizen_id]
    for citizen in {c for c in (ride.citizen, ride.person.citizen, *family) if c is not None}:
        notify_citizen(
            locality=ride.locality,
            citizen=citizen,
            text=text,
            dedupe_key=f"care:ride:{ride.pk}:{key}:{citizen.pk}",
        )


def ride_step(*, ride: Ride, actor: User, step: str, ip: str | None = None) -> Ride:
    """The driver's record: on the way, picked up, at the hospital, back home; or could not
    pick the person up (whoever asked is told, and the trip counts as such in the figures)."""
    locality = ride.locality
    if not (has_capability(actor, locality, DRIVE) or has_capability(actor, locality, TRANSPORT)):
        require_capability(actor, locality, DRIVE)
    if step not in STEPS:
        raise _invalid(_("Unknown step."), "step_invalid", "step")
    before, after = STEPS[step]
    if timezone.localdate(ride.appointment_at) != timezone.localdate():
        raise IllegalTransition(_("A ride's steps are recorded on its day."), code="ride_not_today")
    with transaction.atomic():
        locked = (
            Ride.objects.for_locality(locality)
            .select_for_update(of=("self",))
            .select_related("person", "citizen", "person__citizen")
            .get(pk=ride.pk)
        )
        if locked.status == after:
            return locked  # pressed twice
        if locked.status not in before:
            raise IllegalTransition(
                _("This step does not follow the ride's last one."), code="ride_step_order"
            )
        now = timezone.now()
        locked.status = after
        if step == "picked_up":
            locked.picked_up_at = now
        elif step == "arrived":
            locked.arrived_at = now
        elif step == "returned":
            locked.returned_at = now
        locked.save()
        audit_record(
            action=Audit.RIDE_SAVED,
            locality=locality,
            actor=actor,
            obj=locked,
            ip=ip,
            detail={"step": step},
        )
        if step == "on_way":
            _tell(
                locked,
                Message(
                    _("The Smart Car is on its way to pick up %(name)s."),
                    name=locked.person.first_name,
                ),
                "on_way",
            )
        elif step == "no_show":
            _tell(
                locked,
                Message(
                    _(
                        "The Smart Car came for %(name)s but could not pick them up. "
                        "Call the office to ask for another ride."
                    ),
                    name=locked.person.first_name,
                ),
                "no_show",
            )
    return locked


def rides_remind(now: datetime | None = None) -> int:
    """Job: tell each planned ride's person (or who asked) the day before, with the time."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start, end = bangkok_day(tomorrow)
    told = 0
    rows = (
        Ride.objects.unscoped()
        .filter(
            status=Ride.Status.PLANNED,
            reminded=False,
            appointment_at__gte=start,
            appointment_at__lt=end,
        )
        .select_related("person", "citizen", "person__citizen", "hospital", "locality")
    )
    for ride in rows:
        with transaction.atomic():
            if not Ride.objects.unscoped().filter(pk=ride.pk, reminded=False).update(reminded=True):
                continue
            _tell(
                ride,
                Message(
                    _(
                        "Reminder: the Smart Car picks up %(name)s tomorrow at about "
                        "%(time)s for %(hospital)s."
                    ),
                    name=ride.person.first_name,
                    time=timezone.localtime(ride.pickup_at).strftime("%H:%M")
                    if ride.pickup_at
                    else "",
                    hospital=ride.hospital.name,
                ),
                "remind",
            )
            told += 1
    return told
