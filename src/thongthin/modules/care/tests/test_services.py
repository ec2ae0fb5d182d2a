"""Care services: the registry with its PDPA record and audited reads; roles and tenants
(a complaints officer sees nothing); screenings, plans and their approval at the dated rate;
visits generated, recorded once from a phone that sent twice, flagged far from home, missed;
the health centre's bookings and home readings with their alerts; Smart Car rides planned
onto routes; the selector the war room and the dispatcher use; the 43-file export."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from thongthin.core.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from thongthin.core.models import AuditEvent, OutboxMessage
from thongthin.core.testing import jpeg, make_staff

from .. import reports, selectors, services
from ..models import ClinicAppointment, Person, Reading, Ride, RoutePlan, Visit
from ..services.clinic import clinic_mark_missed, clinic_remind
from ..services.rides import rides_remind
from ..services.visits import visits_mark_missed
from .conftest import ID, items, person_data

pytestmark = pytest.mark.django_db


def reads(locality, what: str) -> int:
    rows = AuditEvent.objects.for_locality(locality).filter(action="pii.read")
    return sum(1 for detail in rows.values_list("detail", flat=True) if detail.get("what") == what)


# --- Registry -------------------------------------------------------------------------------


def test_registering_keeps_the_id_masked_and_hashed_and_the_consent(locality, manager):
    person = services.person_register(
        locality=locality, actor=manager, data=person_data(national_id=ID)
    )
    assert person.national_id_masked == "x-xxxx-xxxxx-45-0"
    assert len(person.national_id_hash) == 64 and ID not in person.national_id_hash
    assert person.consent_basis == "consent" and person.consent_purpose
    with pytest.raises(Conflict) as caught:
        services.person_register(locality=locality, actor=manager, data=person_data(national_id=ID))
    assert caught.value.code == "person_exists"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"consent_purpose": ""}, "consent_required"),
        ({"consent_basis": "because"}, "consent_required"),
        ({"consent_by": " "}, "consent_required"),
        ({"consent_on": None}, "consent_required"),
        ({"national_id": "1234567890123"}, "national_id_invalid"),
        ({"birth_date": None}, "required"),
        ({"moo": 120}, "moo_invalid"),
        ({"lat": 51.5, "lon": -0.1}, "location_outside_thailand"),
        ({"disability_types": ["9"]}, "disability_invalid"),
        ({"phone": "12345"}, "phone_invalid"),
        ({"sex": "x"}, "sex_invalid"),
    ],
)
def test_registration_refuses_bad_input_and_keeps_nothing(locality, manager, change, code):
    with pytest.raises(ValidationFailed) as caught:
        services.person_register(locality=locality, actor=manager, data=person_data(**change))
    assert caught.value.code == code
    assert not Person.objects.for_locality(locality).exists()


def test_only_care_roles_see_people_and_every_read_is_logged(locality, person, manager):
    officer = make_staff(locality, "officer")  # complaints, e-services
    executive = make_staff(locality, "executive")
    for outsider in (officer, executive):
        if outsider is executive:  # the war room's commander: only who cannot leave alone
            assert selectors.vulnerable_near(actor=outsider, locality=locality)
            with pytest.raises(NotFound):
                selectors.people_list(actor=outsider, locality=locality)
            continue
        with pytest.raises(NotFound):
            selectors.people_list(actor=outsider, locality=locality)
        with pytest.raises(NotFound):
            selectors.access_person(actor=outsider, locality=locality, person_id=person.pk)
        assert selectors.vulnerable_near(actor=outsider, locality=locality) == []
    before = reads(locality, "care.person")
    selectors.access_person(actor=manager, locality=locality, person_id=person.pk, ip="10.0.0.1")
    assert reads(locality, "care.person") == before + 1
    selectors.people_list(actor=manager, locality=locality)
    assert reads(locality, "care.people") >= 1


def test_another_locality_sees_nothing(locality, person, other_locality):
    theirs = make_staff(other_locality, "care_manager")
    with pytest.raises(NotFound):
        selectors.access_person(actor=theirs, locality=other_locality, person_id=person.pk)
    assert selectors.people_list(actor=theirs, locality=other_locality) == []


def test_a_caregiver_sees_only_the_people_they_visit(locality, person, manager, caregiver):
    with pytest.raises(NotFound):
        selectors.access_person(actor=caregiver, locality=locality, person_id=person.pk)
    Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )
    assert selectors.access_person(actor=caregiver, locality=locality, person_id=person.pk)
    with pytest.raises(NotFound):
        selectors.people_list(actor=caregiver, locality=locality)


def test_moving_away_ends_due_visits(locality, person, manager, caregiver):
    today = timezone.localdate()
    Visit.objects.create(locality=locality, person=person, caregiver=caregiver, due_on=today)
    services.person_status_set(person=person, actor=manager, status="moved", on=today)
    assert person.status == "moved" and person.status_on == today
    assert not Visit.objects.for_locality(locality).filter(status="due").exists()


# --- Screening and plans ---------------------------------------------------------------------


def test_screenings_keep_their_history_and_the_latest_on_the_person(locality, person, manager):
    today = timezone.localdate()
    services.assessment_record(
        person=person, actor=manager, items=items(3), tai="I1", assessed_on=today
    )
    services.assessment_record(  # an older one typed in later does not move the latest
        person=person, actor=manager, items=items(15), assessed_on=today - timedelta(days=400)
    )
    person.refresh_from_db()
    assert (person.adl_total, person.band, person.group) == (3, "bedbound", 4)
    assert person.assessments.count() == 3


def test_a_screening_with_an_impossible_score_or_a_total_changes_nothing(locality, person, manager):
    for bad in ({**items(7), "feeding": 5}, {"total": 7}):
        with pytest.raises(ValidationFailed):
            services.assessment_record(person=person, actor=manager, items=bad)
    assert person.assessments.count() == 1


def plan_in(who, **extra):
    today = timezone.localdate()
    values = {
        "starts_on": today,
        "ends_on": today + timedelta(days=364),
        "goals": "ป้องกันแผลกดทับ",
        "activities": "พลิกตัว ทำความสะอาด",
        "caregiver": who.pk,
    }
    values.update(extra)
    return services.PlanIn(**values)


def test_plan_approval_pays_the_rate_in_force_and_schedules_visits(
    locality, person, manager, caregiver, committee
):
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    assert plan.visits_per_month == 2  # group 2 by the setting
    with pytest.raises(PermissionDenied):
        services.plan_decide(plan=plan, actor=manager, approve=True)
    with pytest.raises(IllegalTransition):  # not submitted yet
        services.plan_decide(plan=plan, actor=committee, approve=True)
    services.plan_submit(plan=plan, actor=manager)
    with pytest.raises(ValidationFailed):  # a return needs its reason
        services.plan_decide(plan=plan, actor=committee, approve=False)
    decided = services.plan_decide(plan=plan, actor=committee, approve=True)
    assert decided.status == "approved"
    assert decided.amount == Decimal("10442")  # 365 days from today: the 2024 rate, whole
    visits = Visit.objects.for_locality(locality).filter(plan=plan)
    assert 23 <= visits.count() <= 26 and {v.caregiver_id for v in visits} == {caregiver.pk}
    assert services.visits_generate(decided) == 0  # idempotent


def test_a_plan_is_for_dependent_people_and_does_not_overlap(locality, manager, caregiver):
    fit = services.person_register(locality=locality, actor=manager, data=person_data())
    services.assessment_record(person=fit, actor=manager, items=items(16))
    fit.refresh_from_db()
    with pytest.raises(ValidationFailed) as caught:
        services.plan_save(person=fit, actor=manager, data=plan_in(caregiver))
    assert caught.value.code == "not_dependent"
    services.assessment_record(person=fit, actor=manager, items=items(6))
    fit.refresh_from_db()
    services.plan_save(person=fit, actor=manager, data=plan_in(caregiver))
    with pytest.raises(ValidationFailed) as caught:
        services.plan_save(person=fit, actor=manager, data=plan_in(caregiver))
    assert caught.value.code == "plan_overlaps"
    officer = make_staff(locality, "officer")
    with pytest.raises(ValidationFailed) as caught:  # not a caregiver
        services.plan_save(
            person=fit, actor=manager,
            data=plan_in(officer, starts_on=timezone.localdate() + timedelta(days=400),
                         ends_on=timezone.localdate() + timedelta(days=500)),
        )  # fmt: skip
    assert caught.value.code == "caregiver_invalid"


def test_returned_plans_carry_their_reason(locality, person, manager, caregiver, committee):
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    services.plan_submit(plan=plan, actor=manager)
    plan = services.plan_decide(plan=plan, actor=committee, approve=False, reason="เพิ่มกายภาพ")
    assert plan.status == "returned" and plan.return_reason == "เพิ่มกายภาพ"
    assert not Visit.objects.for_locality(locality).filter(plan=plan).exists()


# --- Visits -------------------------------------------------------------------------------------


@pytest.fixture
def visit(locality, person, caregiver):
    return Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )


def test_a_visit_sent_twice_is_stored_once(locality, visit, caregiver):
    data = services.VisitIn(client_id=str(uuid.uuid4()), lat=8.4311, lon=99.9611, sbp=130,
                            dbp=80, activities=["bathing"], notes="ดี")  # fmt: skip
    first, new = services.visit_record(visit=visit, actor=caregiver, data=data)
    again, new_again = services.visit_record(visit=visit, actor=caregiver, data=data)
    assert (new, new_again) == (True, False) and first.pk == again.pk
    assert first.status == "done" and not first.far and first.distance_m < 50
    assert (
        AuditEvent.objects.for_locality(locality).filter(action="care.visit_recorded").count() == 1
    )
    other = services.VisitIn(client_id=str(uuid.uuid4()))
    with pytest.raises(Conflict):  # a second phone's copy of a visit already done
        services.visit_record(visit=visit, actor=caregiver, data=other)


def test_a_visit_far_from_home_is_kept_and_flagged(locality, visit, caregiver):
    data = services.VisitIn(client_id=str(uuid.uuid4()), lat=8.45, lon=99.99)
    row, _ = services.visit_record(visit=visit, actor=caregiver, data=data)
    assert row.status == "done" and row.far and row.distance_m > 3000


def test_visit_photos_lose_their_location(locality, visit, caregiver):
    from thongthin.core.models import Attachment

    data = services.VisitIn(client_id=str(uuid.uuid4()), photos=[jpeg(gps=True)])
    row, _ = services.visit_record(visit=visit, actor=caregiver, data=data)
    stored = Attachment.objects.for_locality(locality).get(pk=row.photos[0])
    assert b"GPS" not in stored.file.read() and not stored.public


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"client_id": "not-a-uuid"}, "client_id_invalid"),
        ({"sbp": 400, "dbp": 80}, "reading_impossible"),
        ({"pulse": 5}, "reading_impossible"),
        ({"temperature": 50.0}, "reading_impossible"),
        ({"activities": ["dancing"]}, "activity_invalid"),
        ({"lat": 60.0, "lon": 10.0}, "location_outside_thailand"),
    ],
)
def test_bad_visits_change_nothing(locality, visit, caregiver, change, code):
    data = services.VisitIn(**{"client_id": str(uuid.uuid4()), **change})
    with pytest.raises(ValidationFailed) as caught:
        services.visit_record(visit=visit, actor=caregiver, data=data)
    assert caught.value.code == code
    visit.refresh_from_db()
    assert visit.status == "due"


def test_someone_elses_visit_is_refused(locality, visit):
    stranger = make_staff(locality, "caregiver")
    with pytest.raises(NotFound):
        selectors.access_visit(actor=stranger, locality=locality, visit_id=visit.pk)


def test_missed_visits_are_marked_and_the_care_manager_told_once(
    locality, person, manager, caregiver, committee
):
    manager.email = "cm@example.org"
    manager.save(update_fields=["email"])
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    services.plan_submit(plan=plan, actor=manager)
    services.plan_decide(plan=plan, actor=committee, approve=True)
    first = Visit.objects.for_locality(locality).filter(plan=plan).order_by("due_on").first()
    Visit.objects.for_locality(locality).filter(pk=first.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert visits_mark_missed() == 1
    assert visits_mark_missed() == 0
    first.refresh_from_db()
    assert first.status == "missed"
    told = OutboxMessage.objects.for_locality(locality).filter(recipient="cm@example.org")
    assert told.count() == 1


# --- Health centre ----------------------------------------------------------------------------


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
    for step in ("on_way", "picked_up", "arrived"):
        row = services.ride_step(ride=row, actor=driver, step=step)
    figures = reports.rides_by_month(locality, day - timedelta(days=40), day + timedelta(days=1))
    month = [m for m in figures if m["month"].month == day.month][0]
    assert month["trips"] == 1 and month["people"] == 1 and month["km"] > 0


# --- Other modules' view, exports -------------------------------------------------------------


def test_vulnerable_near_gives_who_cannot_leave_alone(locality, person, manager):
    dispatcher = make_staff(locality, "dispatcher")
    fit = services.person_register(locality=locality, actor=manager,
                                   data=person_data(first_name="แข็งแรง", lat=8.4312, lon=99.9612))  # fmt: skip
    services.assessment_record(person=fit, actor=manager, items=items(18))
    found = selectors.vulnerable_near(actor=dispatcher, locality=locality, lat=8.431, lon=99.961,
                                      radius_m=200, purpose="ems")  # fmt: skip
    assert [f["id"] for f in found] == [person.pk]
    assert found[0]["band"] == "homebound" and found[0]["household_code"] == "H-12"
    assert selectors.vulnerable_near(actor=dispatcher, locality=locality, lat=8.5, lon=99.9) == []
    by_home = selectors.vulnerable_near(
        actor=dispatcher, locality=locality, household_codes=["H-12"]
    )
    assert len(by_home) == 1
    assert reads(locality, "care.vulnerable") == 3


def test_the_43_file_export_has_the_columns_of_the_standard(locality, person, manager, caregiver):
    Visit.objects.create(locality=locality, person=person, caregiver=caregiver,
                         due_on=timezone.localdate(), status="done",
                         checked_in_at=timezone.now(), vitals={"sbp": 130, "dbp": 80})  # fmt: skip
    name, body = reports.export_43(locality=locality, actor=manager)
    assert name.startswith("F43_") and name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(body))
    files = {n: archive.read(n).decode().splitlines() for n in archive.namelist()}
    assert set(files) >= {"PERSON.txt", "FUNCTIONAL.txt", "SERVICE.txt", "COMMUNITY_SERVICE.txt",
                          "APPOINTMENT.txt", "DISABILITY.txt", "SPECIALPP.txt"}  # fmt: skip
    header = files["PERSON.txt"][0].split("|")
    assert header[:7] == ["HOSPCODE", "CID", "PID", "HID", "PRENAME", "NAME", "LNAME"]
    row = dict(zip(header, files["PERSON.txt"][1].split("|"), strict=True))
    assert row["NAME"] == "บุญมา" and row["PRENAME"] == "005" and row["DISCHARGE"] == "9"
    assert row["CID"] == ""  # only the keyed hash is kept
    functional = [dict(zip(files["FUNCTIONAL.txt"][0].split("|"), line.split("|"), strict=True))
                  for line in files["FUNCTIONAL.txt"][1:]]  # fmt: skip
    assert {(f["FUNCTIONAL_TEST"], f["TESTRESULT"]) for f in functional} == {
        ("01", "7"),
        ("04", "B3"),
    }
    community = files["COMMUNITY_SERVICE.txt"]
    assert community[0] == "HOSPCODE|PID|SEQ|DATE_SERV|COMSERVICE|PROVIDER|D_UPDATE|CID"
    assert "1A431" in community[1]
    service = dict(zip(files["SERVICE.txt"][0].split("|"), files["SERVICE.txt"][1].split("|"),
                       strict=True))  # fmt: skip
    assert service["SERVPLACE"] == "2" and service["SBP"] == "130"
    officer = make_staff(locality, "officer")
    with pytest.raises(NotFound):
        reports.export_43(locality=locality, actor=officer)
    assert AuditEvent.objects.for_locality(locality).filter(action="care.exported").count() == 1


def test_summary_counts_by_group_and_area(locality, person, manager):
    today = timezone.localdate()
    data = reports.summary(locality=locality, actor=manager, start=today - timedelta(days=30),
                           end=today)  # fmt: skip
    assert data["people"] == 1
    assert data["areas"][0]["moo"] == 4 and data["areas"][0]["counts"][2] == 1
    with pytest.raises(NotFound):
        reports.summary(locality=locality, actor=make_staff(locality, "officer"), start=today,
                        end=today)  # fmt: skip
