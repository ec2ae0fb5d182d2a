"""The care pages for each role, forms refusing bad input in words and keeping nothing, the
person's own link, and "not found" for everyone else."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.testing import PASSWORD, make_staff

from .. import services
from ..models import CarePlan, Person, Reading, Ride, RoutePlan, Visit
from ..services.visits import visits_mark_missed
from .conftest import items, plan_in

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def be(day) -> str:
    return thai.format_date_input(day)


def test_register_screen_and_plan_through_the_pages(locality, manager, caregiver, committee):
    client = login(manager)
    today = timezone.localdate()
    form = {
        "prename": "นาย", "first_name": "สมหมาย", "last_name": "ทองดี", "sex": "1",
        "birth_date": f"1/5/{thai.be_year(today) - 78}", "house_no": "5", "moo": "2",
        "point": "8.432, 99.962", "consent_purpose": "ดูแลระยะยาว", "consent_basis": "consent",
        "consent_by": "สมหมาย ทองดี", "consent_on": be(today), "national_id": "12345",
    }  # fmt: skip
    refused = client.post("/staff/care/people/new/", form)
    assert refused.status_code == 422 and "เลขประจำตัวประชาชน" in refused.content.decode()
    assert not Person.objects.for_locality(locality).exists()
    made = client.post("/staff/care/people/new/", {**form, "national_id": ""})
    person = Person.objects.for_locality(locality).get()
    assert made.status_code == 302 and made["Location"] == f"/staff/care/people/{person.pk}/"
    bad = client.post(f"/staff/care/people/{person.pk}/assess/", {**items(5), "feeding": "7"})
    assert bad.status_code == 422 and person.assessments.count() == 0
    client.post(f"/staff/care/people/{person.pk}/assess/", {**items(5), "tai": "C2",
                "assessed_on": be(today)})  # fmt: skip
    page = client.get(f"/staff/care/people/{person.pk}/").content.decode()
    assert "adl-chart" in page and "ติดบ้าน" in page
    client.post(f"/staff/care/people/{person.pk}/plan/", {
        "starts_on": be(today), "ends_on": be(today + timedelta(days=180)), "goals": "ก",
        "activities": "ข", "visits_per_month": "2", "caregiver": str(caregiver.pk),
    })  # fmt: skip
    plan = CarePlan.objects.for_locality(locality).get()
    client.post(f"/staff/care/people/{person.pk}/", {"what": "submit_plan", "plan": plan.pk})
    decided = login(committee).post(f"/staff/care/plans/{plan.pk}/", {"decision": "approve"})
    assert decided.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.amount is not None
    assert Visit.objects.for_locality(locality).filter(plan=plan).count() >= 12


def test_each_role_sees_its_pages_and_a_complaints_officer_none(locality, person, manager,
                                                                 caregiver, nurse, driver,
                                                                 committee):  # fmt: skip
    pages = {
        manager: ["/staff/care/people/", f"/staff/care/people/{person.pk}/", "/staff/care/rides/",
                  "/staff/care/clinic/", "/staff/care/reports/", "/staff/care/rides/new/"],
        caregiver: ["/staff/care/visits/mine/"],
        nurse: ["/staff/care/clinic/", "/staff/care/people/"],
        driver: ["/staff/care/route/mine/"],
        committee: ["/staff/care/plans/", "/staff/care/reports/"],
    }  # fmt: skip
    for user, urls in pages.items():
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.role, url)
    officer = login(make_staff(locality, "officer"))
    for url in sum(pages.values(), []) + ["/staff/care/export-43.zip"]:
        assert officer.get(url).status_code == 404, url
    assert login(committee).get(f"/staff/care/people/{person.pk}/").status_code == 404
    export = login(manager).get("/staff/care/export-43.zip")
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"


def test_the_personal_link_takes_readings_and_rides(locality, person, hospital, van):
    client = Client()
    url = f"/{locality.slug}/care/{person.reading_token}/"
    page = client.get(url)
    assert page.status_code == 200 and person.first_name in page.content.decode()
    assert person.last_name not in page.content.decode()  # the link shows the first name only
    impossible = client.post(url, {"what": "reading", "sbp": "300", "dbp": "250"})
    assert impossible.status_code == 422 and not Reading.objects.for_locality(locality).exists()
    sent = client.post(url, {"what": "reading", "sbp": "150", "dbp": "95"})
    assert sent.status_code == 302
    assert Reading.objects.for_locality(locality).get().colour in {"light_green", "yellow"}
    day = timezone.localdate() + timedelta(days=2)
    asked = client.post(url, {"what": "ride", "hospital": hospital.pk, "day": be(day),
                              "time": "09:30", "mobility": "wheelchair", "return_trip": "1",
                              "asked_by": "ลูกสาว"})  # fmt: skip
    assert asked.status_code == 302
    ride = Ride.objects.for_locality(locality).get()
    assert ride.channel == "web" and ride.mobility == "wheelchair" and ride.return_trip
    assert client.get(f"/{locality.slug}/care/{'y' * 24}/").status_code == 404


def test_the_coordinator_plans_and_pins_and_the_driver_records(locality, person, manager,
                                                                hospital, van, driver):  # fmt: skip
    day = timezone.localdate() + timedelta(days=1)
    client = login(manager)
    made = client.post("/staff/care/rides/new/", {"person": person.pk, "hospital": hospital.pk,
                       "day": be(day), "time": "10:00", "mobility": "walks", "return_trip": "1"})  # fmt: skip
    assert made.status_code == 302
    ride = Ride.objects.for_locality(locality).get()
    client.post(f"/staff/care/rides/{ride.pk}/", {"what": "pin", "vehicle": van.pk})
    ride.refresh_from_db()
    assert ride.pinned and ride.vehicle_id == van.pk
    planned = client.post("/staff/care/rides/", {"day": be(day)})
    assert planned.status_code == 302
    page = client.get(f"/staff/care/rides/?day={be(day)}").content.decode()
    assert "route-map" in page and person.first_name in page
    route = login(driver).get(f"/staff/care/route/mine/?day={be(day)}").content.decode()
    assert person.first_name in route and f"on-way-{ride.pk}" not in route  # steps on its day
    early = login(driver).post(f"/staff/care/rides/{ride.pk}/", {"what": "on_way", "back": "route"})
    assert early.status_code == 302  # refused in words (tomorrow's ride): nothing changed
    ride.refresh_from_db()
    assert ride.status == "planned"
    today = timezone.localtime(ride.appointment_at).replace(
        year=timezone.localdate().year, month=timezone.localdate().month,
        day=timezone.localdate().day,
    )  # fmt: skip
    Ride.objects.for_locality(locality).filter(pk=ride.pk).update(appointment_at=today)
    RoutePlan.objects.for_locality(locality).update(day=timezone.localdate())
    route = login(driver).get("/staff/care/route/mine/").content.decode()
    assert f"on-way-{ride.pk}" in route
    login(driver).post(f"/staff/care/rides/{ride.pk}/", {"what": "on_way", "back": "route"})
    ride.refresh_from_db()
    assert ride.status == "on_way"


def test_correcting_a_person_keeps_the_id_and_logs_which_fields(locality, person, manager):
    from thongthin.core.models import AuditEvent

    client = login(manager)
    form = client.get(f"/staff/care/people/{person.pk}/edit/")
    assert form.status_code == 200 and 'value="12/3"' in form.content.decode()
    values = {
        "prename": "นาง", "first_name": "บุญมา", "last_name": "แก้วใส", "sex": "2",
        "birth_date": be(person.birth_date), "house_no": "99", "moo": "5", "point": "8.432, 99.962",
        "consent_purpose": "ดูแลระยะยาว", "consent_basis": "consent", "consent_by": "บุญมา",
        "consent_on": be(person.consent_on), "hypertension": "1", "contact_name": "ลูกสาว",
        "contact_phone": "0811111111",
    }  # fmt: skip
    bad = client.post(f"/staff/care/people/{person.pk}/edit/", {**values, "moo": "300"})
    assert bad.status_code == 422
    saved = client.post(f"/staff/care/people/{person.pk}/edit/", values)
    assert saved.status_code == 302
    person.refresh_from_db()
    assert (person.house_no, person.moo, person.hypertension) == ("99", 5, True)
    assert person.contacts.get().name == "ลูกสาว"
    logged = AuditEvent.objects.for_locality(locality).filter(action="care.person_updated").get()
    assert "house_no" in logged.detail["fields"] and "99" not in str(logged.detail)


def test_a_date_that_is_not_a_date_is_a_form_error_not_a_crash(locality, person, manager, hospital):
    client = Client()
    url = f"/{locality.slug}/care/{person.reading_token}/"
    answer = client.post(url, {"what": "ride", "hospital": hospital.pk, "day": "31/02/2569",
                               "time": "09:00", "mobility": "walks"})  # fmt: skip
    assert answer.status_code == 422 and "พ.ศ." in answer.content.decode()
    staff = login(manager)
    for page in ("rides", "clinic"):
        for bad in ("abc", "1/1/99999"):
            answer = staff.get(f"/staff/care/{page}/?day={bad}")
            # today's page, saying the day asked for was not understood
            assert answer.status_code == 200 and "วันที่ในลิงก์" in answer.content.decode()
    assert "วันที่ในลิงก์" not in staff.get("/staff/care/rides/").content.decode()
    assert staff.post(f"/staff/care/people/{person.pk}/assess/",
                      {**items(5), "assessed_on": "40/13/2569"}).status_code == 422  # fmt: skip
    assert staff.post("/staff/care/rides/", {"day": "x/y/z"}).status_code == 200


def test_my_work_shows_each_care_role_what_waits_for_them(
    locality, person, manager, caregiver, committee, nurse, hospital, van, driver
):
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    services.plan_submit(plan=plan, actor=manager)
    assert "แผนการดูแลรอการพิจารณาของคุณ 1 แผน" in login(committee).get("/staff/").content.decode()
    services.plan_decide(plan=plan, actor=committee, approve=True)
    first = Visit.objects.for_locality(locality).filter(plan=plan).order_by("due_on")[0]
    Visit.objects.for_locality(locality).filter(pk=first.pk).update(due_on=timezone.localdate())
    mine = login(caregiver).get("/staff/").content.decode()
    assert "การเยี่ยมบ้านของคุณวันนี้ 1 ครั้ง" in mine
    assert 'data-testid="queue"' not in mine  # a caregiver works no cases: only their tasks
    services.reading_record(person=person, sbp=190, dbp=115, glucose=None, channel="web")
    nursing = login(nurse).get("/staff/").content.decode()
    assert "ค่าที่วัดเองที่บ้านอยู่ในระดับอันตราย ยังไม่มีใครดู 1 รายการ" in nursing
    Visit.objects.for_locality(locality).filter(plan=plan, due_on=timezone.localdate()).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert visits_mark_missed() == 1
    managing = login(manager).get("/staff/").content.decode()
    assert "คนที่พลาดการเยี่ยมบ้าน 1 คน" in managing
    listed = login(manager).get("/staff/care/people/?missed=1").content.decode()
    assert person.first_name in listed
    services.ride_request(
        person=person, hospital_id=hospital.pk, mobility="walks",
        appointment_at=timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
        + timedelta(days=2),
    )  # fmt: skip
    coordinating = login(manager).get("/staff/").content.decode()
    assert "คำขอใช้รถที่ยังไม่ได้จัดเส้นทาง 1 คำขอ" in coordinating
    rides = login(manager).get("/staff/care/rides/").content.decode()
    assert 'data-testid="waiting-days"' in rides
    officer = login(make_staff(locality, "officer")).get("/staff/").content.decode()
    assert 'data-testid="tasks"' not in officer


def test_smart_car_pages_after_a_walk(locality, manager, person, hospital, van, driver):
    """A vehicle nobody drives gets no ride; the task leads to the first day still waiting;
    a driver sent back to a ride's address after signing in lands on their route."""
    from ..models import Vehicle

    Vehicle.objects.for_locality(locality).update(driver=None)
    day = timezone.localdate() + timedelta(days=3)
    services.ride_request(
        person=person, hospital_id=hospital.pk, mobility="walks",
        appointment_at=timezone.make_aware(datetime.combine(day, datetime.min.time()))
        + timedelta(hours=17),  # 17:00 itself is within the hours
    )  # fmt: skip
    coordinator = login(manager)
    first = coordinator.get("/staff/care/rides/?waiting=1")
    assert first.status_code == 302 and first["Location"].endswith(be(day))
    refused = coordinator.post("/staff/care/rides/", {"day": be(day)})
    assert "คนขับ" in refused.content.decode()  # no vehicle has a driver: said, nothing planned
    assert Ride.objects.for_locality(locality).get().status == "requested"
    Vehicle.objects.for_locality(locality).update(driver=driver)
    coordinator.post("/staff/care/rides/", {"day": be(day)})
    row = Ride.objects.for_locality(locality).get()
    assert row.status == "planned" and row.vehicle_id == van.pk
    back = login(driver).get(f"/staff/care/rides/{row.pk}/")
    assert back.status_code == 302 and back["Location"] == "/staff/care/route/mine/"
