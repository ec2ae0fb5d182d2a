"""Care services, the health centre and the Smart Car: bookings and home readings with their
alerts; rides planned onto routes, the driver's steps and the monthly figures."""

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from thongthin.core.errors import (
    IllegalTransition,
    NotFound,
    ValidationFailed,
)
from thongthin.core.models import OutboxMessage
from thongthin.core.testing import FakeOsrm, make_staff

from .. import reports, selectors, services
from ..models import ClinicAppointment, Reading, Ride, RoutePlan
from ..services.clinic import clinic_mark_missed, clinic_remind
from ..services.rides import rides_remind
from .conftest import person_data

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_overlapping_appointments_are_refused(locality, person, nurse):
    services.appointment_book(
        person=person, actor=nurse, kind="ncd", starts_at=at(2, 9), minutes=30
    )
    with pytest.raises(ValidationFailed) as caught:
        services.appointment_book(person=person, actor=nurse, kind="vaccination",
                                  starts_at=at(2, 9, 15))  # fmt: skip
    assert caught.value.code == "appointment_overlaps"
    services.appointment_book(
        person=person, actor=nurse, kind="vaccination", starts_at=at(2, 9, 30)
    )
    assert ClinicAppointment.objects.for_locality(locality).count() == 2


def test_a_missed_appointment_becomes_a_follow_up_visit(locality, person, nurse):
    row = services.appointment_book(person=person, actor=nurse, kind="ncd", starts_at=at(1, 9))
    later = row.starts_at + timedelta(hours=3)
    assert clinic_mark_missed(now=later) == 1
    assert clinic_mark_missed(now=later) == 0
    row.refresh_from_db()
    assert row.status == "missed" and row.follow_up is not None
    assert row.follow_up.comservice == "1A13" and row.follow_up.caregiver_id == nurse.pk


def test_appointment_reminder_the_day_before_once(locality, person, nurse, settings):
    from thongthin.core.services.accounts import citizen_upsert

    person.citizen = citizen_upsert(locality=locality, phone="0812345678", display_name="x")
    person.save(update_fields=["citizen"])
    settings.THONGTHIN = {**settings.THONGTHIN, "SMS_GATEWAY_URL": "http://127.0.0.1:9/sms"}
    row = services.appointment_book(person=person, actor=nurse, kind="ncd", starts_at=at(1, 10))
    assert clinic_remind(now=row.starts_at - timedelta(hours=20)) == 1
    assert clinic_remind(now=row.starts_at - timedelta(hours=19)) == 0
    assert OutboxMessage.objects.for_locality(locality).filter(channel="sms").count() == 1


def test_a_dangerous_reading_alerts_the_nurses_at_once_and_is_stored_once(locality, person, nurse):
    person.hypertension = True
    person.save(update_fields=["hypertension"])
    key = str(uuid.uuid4())
    reading, new = services.reading_record(person=person, sbp=186, dbp=100, glucose=None,
                                           client_id=key)  # fmt: skip
    again, new_again = services.reading_record(person=person, sbp=186, dbp=100, glucose=None,
                                               client_id=key)  # fmt: skip
    assert (new, new_again) == (True, False) and reading.pk == again.pk
    assert reading.colour == "red" and reading.alert
    alert = OutboxMessage.objects.for_locality(locality).get(recipient="nurse@example.org")
    assert alert.payload["urgent"] and "186/100" in alert.payload["text"]
    calm, _ = services.reading_record(person=person, sbp=130, dbp=80, glucose=None)
    assert calm.colour == "dark_green" and not calm.alert
    assert OutboxMessage.objects.for_locality(locality).count() == 1


def test_an_impossible_reading_is_refused(locality, person):
    with pytest.raises(ValidationFailed) as caught:
        services.reading_record(person=person, sbp=30, dbp=20, glucose=None)
    assert caught.value.code == "reading_impossible"
    assert not Reading.objects.for_locality(locality).exists()


# --- Smart Car --------------------------------------------------------------------------------


def on_its_day(row):
    """Bring a planned ride to today (rides are asked for at least two hours ahead, and the
    driver records its steps on its day)."""
    today = timezone.localtime(row.appointment_at).replace(
        year=timezone.localdate().year, month=timezone.localdate().month,
        day=timezone.localdate().day,
    )  # fmt: skip
    Ride.objects.for_locality(row.locality_id).filter(pk=row.pk).update(appointment_at=today)
    row.refresh_from_db()
    return row


def ride(person, hospital, hour=9, mobility="walks", **extra):
    return services.ride_request(person=person, hospital_id=hospital.pk,
                                 appointment_at=at(1, hour), mobility=mobility, **extra)  # fmt: skip


def test_rides_are_planned_onto_a_route_and_a_wheelchair_without_a_place_is_told(
    locality, manager, person, hospital, van
):
    van.wheelchair_places = 0
    van.save()
    second = services.person_register(locality=locality, actor=manager,
                                       data=person_data(first_name="สมชาย", lat=8.42, lon=99.95))  # fmt: skip
    walking = ride(person, hospital, 9)
    chair = ride(second, hospital, 10, mobility="wheelchair")
    services.route_plan(
        locality=locality, actor=manager, day=timezone.localdate() + timedelta(days=1)
    )
    walking.refresh_from_db()
    chair.refresh_from_db()
    assert walking.status == "planned" and walking.vehicle_id == van.pk
    assert walking.pickup_at < walking.appointment_at - timedelta(minutes=15)
    assert chair.status == "unserved" and chair.vehicle_id is None
    route = RoutePlan.objects.for_locality(locality).get()
    assert [s["kind"] for s in route.stops].count("pickup") == 2  # there and back
    assert route.km > 0


def test_ride_requests_refuse_bad_input(locality, person, hospital):
    with pytest.raises(ValidationFailed):
        services.ride_request(person=person, hospital_id=hospital.pk, appointment_at=at(-1, 9),
                              mobility="walks")  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.ride_request(person=person, hospital_id=999, appointment_at=at(1, 9),
                              mobility="walks")  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.ride_request(person=person, hospital_id=hospital.pk, appointment_at=at(1, 22),
                              mobility="walks")  # fmt: skip
    ride(person, hospital, 9)
    with pytest.raises(ValidationFailed) as caught:
        ride(person, hospital, 11)
    assert caught.value.code == "ride_exists"


def test_the_driver_steps_and_the_family_is_told(locality, manager, person, hospital, van, driver,
                                                 settings):  # fmt: skip
    from thongthin.core.services.accounts import citizen_upsert

    settings.THONGTHIN = {**settings.THONGTHIN, "SMS_GATEWAY_URL": "http://127.0.0.1:9/sms"}
    asker = citizen_upsert(locality=locality, phone="0899999999", display_name="ลูก")
    row = ride(person, hospital, 9, citizen=asker)
    services.route_plan(
        locality=locality, actor=manager, day=timezone.localdate() + timedelta(days=1)
    )
    row.refresh_from_db()
    assert rides_remind(now=row.appointment_at - timedelta(hours=20)) == 1
    assert rides_remind(now=row.appointment_at - timedelta(hours=20)) == 0
    assert selectors.access_ride(actor=driver, locality=locality, ride_id=row.pk)
    with pytest.raises(IllegalTransition) as caught:  # tomorrow's ride, today
        services.ride_step(ride=row, actor=driver, step="on_way")
    assert caught.value.code == "ride_not_today"
    row = on_its_day(row)
    with pytest.raises(IllegalTransition):
        services.ride_step(ride=row, actor=driver, step="arrived")
    for step in ("on_way", "on_way", "picked_up", "arrived", "returned"):
        row = services.ride_step(ride=row, actor=driver, step=step)
    assert row.status == "returned" and row.picked_up_at and row.arrived_at
    texts = [
        m.payload["text"]
        for m in OutboxMessage.objects.for_locality(locality).filter(recipient="0899999999")
    ]
    assert len(texts) == 2  # the reminder and "on its way", each once
    other_driver = make_staff(locality, "driver")
    with pytest.raises(NotFound):
        selectors.access_ride(actor=other_driver, locality=locality, ride_id=row.pk)


def test_monthly_figures_count_trips_people_and_km(
    locality, manager, person, hospital, van, driver
):
    row = ride(person, hospital, 9)
    day = timezone.localdate() + timedelta(days=1)
    services.route_plan(locality=locality, actor=manager, day=day)
    row = on_its_day(row)
    RoutePlan.objects.for_locality(locality).update(day=timezone.localdate())  # driven today
    day = timezone.localdate()
    for step in ("on_way", "picked_up", "arrived"):
        row = services.ride_step(ride=row, actor=driver, step=step)
    figures = reports.rides_by_month(locality, day - timedelta(days=40), day + timedelta(days=1))
    month = [m for m in figures if m["month"].month == day.month][0]
    assert month["trips"] == 1 and month["people"] == 1 and month["km"] > 0


def test_a_person_who_could_not_be_picked_up_is_told_and_counted(
    locality, manager, person, hospital, van, driver
):
    from thongthin.core.services.accounts import citizen_upsert

    asker = citizen_upsert(locality=locality, line_user_id="U" + "7" * 32, display_name="ลูก")
    row = ride(person, hospital, 10, citizen=asker)
    services.route_plan(
        locality=locality, actor=manager, day=timezone.localdate() + timedelta(days=1)
    )
    row = on_its_day(row)
    row = services.ride_step(ride=row, actor=driver, step="on_way")
    row = services.ride_step(ride=row, actor=driver, step="no_show")
    assert row.status == "no_show"
    with pytest.raises(IllegalTransition):
        services.ride_step(ride=row, actor=driver, step="picked_up")
    told = OutboxMessage.objects.for_locality(locality).filter(dedupe_key__contains="no_show")
    assert told.count() == 1 and "โทร" in told.get().payload["text"]
    today = timezone.localdate()
    month = reports.rides_by_month(locality, today, today)[0]
    assert (month["trips"], month["no_show"]) == (0, 1)
    # The family calls the office: another ride that day can be asked for.
    Ride.objects.for_locality(locality).filter(pk=row.pk).update(appointment_at=at(1, 10))
    assert ride(person, hospital, 13).status == "requested"


def osrm_roads(no_road: bool = False) -> FakeOsrm:
    """Roads twice as slow and 1.5 times as long as the straight line (None for ``no_road``)."""
    from .. import routing

    def table(points):
        metres = [[routing.straight_metres(a, b) for b in points] for a in points]
        gone = [[no_road and i != j for j in range(len(points))] for i in range(len(points))]
        return {
            "durations": [[None if gone[i][j] else m * 2 / (40 / 3.6) for j, m in enumerate(row)]
                          for i, row in enumerate(metres)],
            "distances": [[None if gone[i][j] else m * 1.5 for j, m in enumerate(row)]
                          for i, row in enumerate(metres)],
        }  # fmt: skip

    return FakeOsrm(table)


def test_a_configured_router_gives_the_routes_road_times(
    locality, manager, person, hospital, van, settings
):
    ride(person, hospital, 9)
    day = timezone.localdate() + timedelta(days=1)
    services.route_plan(locality=locality, actor=manager, day=day)
    straight = RoutePlan.objects.for_locality(locality).get()
    assert not straight.routed
    osrm = osrm_roads()
    settings.THONGTHIN_MODULES = {
        "care": {"ROUTE_SOLUTIONS": 1, "ROUTE_SECONDS": 60, "ROUTER_URL": osrm.url},
    }  # fmt: skip
    try:
        services.route_plan(locality=locality, actor=manager, day=day)
    finally:
        osrm.close()
    routed = RoutePlan.objects.for_locality(locality).get()
    assert routed.routed and len(osrm.requests) == 1
    assert osrm.requests[0].count(";") == 2  # the office, the home, the hospital: one table
    # The router's distances are 1.5 × the straight line, the estimate's 1.3 ×.
    assert routed.km > straight.km
    failing = FakeOsrm(fail=True)
    settings.THONGTHIN_MODULES["care"]["ROUTER_URL"] = failing.url
    try:
        plan = services.route_plan(locality=locality, actor=manager, day=day)
    finally:
        failing.close()
    assert not plan.routed and RoutePlan.objects.for_locality(locality).get().stops


def test_the_router_s_missing_roads_keep_the_straight_line():
    from .. import routing

    osrm = osrm_roads(no_road=True)
    try:
        points = [(8.43, 99.96), (8.45, 99.975)]
        seconds, metres, routed = routing.RoutedRoads(1.3, 40.0, url=osrm.url).matrix(points)
    finally:
        osrm.close()
    straight = routing.Roads(1.3, 40.0)
    assert routed and seconds[0][1] == straight.seconds(*points)  # no road: the estimate
    assert metres[0][1] == straight.metres(*points) and seconds[0][0] == 0


# --- Other modules' view, exports -------------------------------------------------------------
