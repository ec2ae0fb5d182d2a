"""The care API: reads for care roles only (a complaints officer gets "not found"), a screening
with a bad item answered 422 with {code, message, detail}, a visit from a phone sent twice
stored once, a home reading through the person's own link, a day's plan."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core.testing import PASSWORD, jpeg, make_staff

from .. import services
from ..models import Visit
from .conftest import items

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_people_for_care_roles_only(locality, person, manager):
    answer = login(manager).get("/api/v1/care/people")
    assert answer.status_code == 200
    assert [p["id"] for p in answer.json()] == [person.pk]
    assert answer.json()[0]["band"] == "homebound" and "national_id_hash" not in answer.json()[0]
    officer = make_staff(locality, "officer")
    for path in ("/api/v1/care/people", f"/api/v1/care/people/{person.pk}"):
        refused = login(officer).get(path)
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert Client().get("/api/v1/care/people").status_code == 401


def test_a_bad_screening_is_a_422_and_changes_nothing(locality, person, manager):
    client = login(manager)
    url = f"/api/v1/care/people/{person.pk}/assessments"
    for body, code in (
        ({"items": {**items(7), "feeding": 4}}, "adl_score_invalid"),
        ({"items": {"total": 7}}, "adl_total_given"),
        ({"items": {k: v for k, v in items(7).items() if k != "stairs"}}, "adl_item_missing"),
        ({"items": items(7), "tai": "Z9"}, "tai_invalid"),
    ):
        answer = client.post(url, body, content_type="application/json")
        assert answer.status_code == 422, body
        assert answer.json()["code"] == code and answer.json()["message"]
        assert set(answer.json()) == {"code", "message", "detail"}
    assert person.assessments.count() == 1
    good = client.post(url, {"items": items(3), "tai": "I2"}, content_type="application/json")
    assert good.status_code == 201 and good.json()["group"] == 4


def test_a_visit_sent_twice_from_a_phone_is_stored_once(locality, person, caregiver):
    visit = Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )
    client = login(caregiver)
    body = {
        "client_id": str(uuid.uuid4()),
        "lat": 8.4311,
        "lon": 99.9611,
        "sbp": 128,
        "dbp": 82,
        "activities": ["bathing", "turning"],
        "photos": ["data:image/jpeg;base64," + base64.b64encode(jpeg(gps=True)).decode()],
    }
    url = f"/api/v1/care/visits/{visit.pk}/record"
    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["stored"] is True and again.json()["stored"] is False
    assert Visit.objects.for_locality(locality).get(pk=visit.pk).status == "done"
    bad = client.post(url, {**body, "client_id": "x", "photos": ["@@"]},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422


def test_a_reading_through_the_personal_link(locality, person, nurse):
    url = f"/api/v1/care/my/{locality.slug}/{person.reading_token}/readings"
    answer = Client().post(url, {"sbp": 190, "dbp": 115}, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["colour"] == "red"
    assert answer.json()["alert"] is True
    wrong = Client().post(
        f"/api/v1/care/my/{locality.slug}/{'x' * 24}/readings",
        {"sbp": 120, "dbp": 80},
        content_type="application/json",
    )
    assert wrong.status_code == 404
    impossible = Client().post(url, {"sbp": 20, "dbp": 10}, content_type="application/json")
    assert impossible.status_code == 422 and impossible.json()["code"] == "reading_impossible"


def test_plan_a_day_through_the_api(locality, person, manager, hospital, van):
    day = timezone.localdate() + timedelta(days=1)
    services.ride_request(
        person=person,
        hospital_id=hospital.pk,
        appointment_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
        mobility="wheelchair",
    )
    answer = login(manager).post(f"/api/v1/care/rides/plan?day={day.isoformat()}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["unserved"] == [] and data["routes"][0]["vehicle"] == van.pk
    assert [s["kind"] for s in data["routes"][0]["stops"]] == ["pickup", "drop", "pickup", "drop"]


def test_what_an_attack_probe_found_is_closed(locality, person, manager, caregiver, nurse):
    from thongthin.core.models import Attachment
    from thongthin.core.testing import pdf

    from ..services import person_register
    from .conftest import person_data

    # A time without an offset is Bangkok time, not a crash.
    url = f"/api/v1/care/my/{locality.slug}/{person.reading_token}/readings"
    naive = (timezone.localtime() - timedelta(hours=1)).replace(tzinfo=None).isoformat()
    answer = Client().post(url, {"sbp": 120, "dbp": 80, "taken_at": naive},
                           content_type="application/json")  # fmt: skip
    assert answer.status_code == 201
    # A reading's id never answers with another person's reading.
    key = str(uuid.uuid4())
    Client().post(url, {"sbp": 190, "dbp": 110, "client_id": key}, content_type="application/json")
    other = person_register(locality=locality, actor=manager, data=person_data(first_name="ข"))
    theirs = Client().post(
        f"/api/v1/care/my/{locality.slug}/{other.reading_token}/readings",
        {"sbp": 120, "dbp": 80, "client_id": key},
        content_type="application/json",
    )
    assert theirs.status_code == 409 and "colour" not in theirs.json()
    # A visit's photo is served only by the care page (audited), never the generic file URL;
    # a PDF is not a photo.
    visit = Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )
    client = login(caregiver)
    record = f"/api/v1/care/visits/{visit.pk}/record"
    as_pdf = client.post(record, {"client_id": str(uuid.uuid4()),
                                  "photos": [base64.b64encode(pdf()).decode()]},
                         content_type="application/json")  # fmt: skip
    assert as_pdf.status_code in (415, 422) and as_pdf.json()["code"] == "upload_not_image"
    photo = base64.b64encode(jpeg()).decode()
    done = client.post(record, {"client_id": str(uuid.uuid4()), "photos": [photo],
                                "checked_in_at": naive}, content_type="application/json")  # fmt: skip
    assert done.status_code == 201
    stored = Attachment.objects.for_locality(locality).get()
    assert stored.guarded and not stored.public
    officer = login(make_staff(locality, "officer"))
    key_url = f"/files/{stored.pk}-{stored.sha256[:16]}/file/"
    assert officer.get(key_url).status_code == 404
    assert login(manager).get(key_url).status_code == 404
    assert (
        login(manager).get(f"/staff/care/visits/{visit.pk}/photos/{stored.pk}/").status_code == 200
    )
    # Planning a day: "not found" to roles without it, as every care operation answers.
    assert officer.post("/api/v1/care/rides/plan?day=2030-01-01").status_code == 404
