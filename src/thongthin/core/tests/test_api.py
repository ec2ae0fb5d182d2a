"""The JSON API: one error shape, keys and sessions, pagination, tenancy, public endpoints."""

import pytest
from django.test import Client

from thongthin.core.models import AuditEvent, Case
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.apikeys import apikey_create
from thongthin.core.services.cases import case_create
from thongthin.core.testing import PASSWORD


def _key(locality, name="integration"):
    return apikey_create(locality=locality, name=name)[1]


def _case(locality, **kw):
    return case_create(
        locality=locality, kind="general", title=kw.pop("title", "ไฟดับ"), channel="web", **kw
    )


def _staff_client(user):
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code and body["message"]
    return body


@pytest.mark.django_db
def test_unauthenticated_calls_get_401_in_the_error_shape(client):
    body = assert_error(client.get("/api/v1/cases"), 401, "unauthenticated")
    assert body["message"] == "กรุณาเข้าสู่ระบบหรือใช้คีย์ API"
    english = client.get("/api/v1/cases", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["message"] == "Log in or send an API key."
    assert_error(client.get("/api/v1/cases", HTTP_X_API_KEY="tt_nope_nope"), 401, "unauthenticated")


@pytest.mark.django_db
def test_api_key_lists_its_own_locality_with_pagination(client, locality, other_locality):
    for i in range(5):
        _case(locality, title=f"เรื่อง {i}")
    _case(other_locality, title="ของคนอื่น")
    key = _key(locality)
    page = client.get("/api/v1/cases?limit=2&offset=0&with_count=true", HTTP_X_API_KEY=key).json()
    assert page["count"] == 5 and len(page["items"]) == 2 and page["next_offset"] == 2
    assert client.get("/api/v1/cases?limit=2", HTTP_X_API_KEY=key).json()["count"] is None
    last = client.get("/api/v1/cases?limit=2&offset=4", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert len(last["items"]) == 1 and last["next_offset"] is None
    titles = {c["title"] for c in page["items"] + last["items"]}
    assert "ของคนอื่น" not in titles
    assert_error(client.get("/api/v1/cases?limit=1000", HTTP_X_API_KEY=key), 422, "bad_pagination")
    deep = client.get(f"/api/v1/cases?offset={10**19}", HTTP_X_API_KEY=key)
    assert_error(deep, 422, "bad_pagination")


@pytest.mark.django_db
def test_one_locality_cannot_read_or_change_anothers_cases(
    client, locality, other_locality, officer
):
    theirs = _case(other_locality)
    key = _key(locality)
    url = f"/api/v1/cases/{theirs.number}"
    # Same number exists nowhere in ours: not found, never forbidden.
    assert_error(client.get(url, HTTP_X_API_KEY=key), 404, "not_found")
    staff = _staff_client(officer)
    assert_error(staff.get(url), 404, "not_found")
    assert_error(staff.get(url + "/events"), 404, "not_found")
    assert_error(
        staff.post(url + "/transitions", {"action": "accept"}, content_type="application/json"),
        404,
        "not_found",
    )
    assert_error(
        staff.post(url + "/notes", {"message": "x"}, content_type="application/json"),
        404,
        "not_found",
    )
    theirs.refresh_from_db()
    assert theirs.status == "received" and theirs.events.count() == 1
    # A platform admin of nobody's locality asking for ours through ?locality= is allowed only
    # for platform admins; officers cannot switch.
    assert_error(staff.get(url + f"?locality={other_locality.slug}"), 404, "not_found")


@pytest.mark.django_db
def test_same_number_in_two_localities_resolves_to_the_callers_own(
    client, locality, other_locality
):
    mine, theirs = _case(locality, title="ของเรา"), _case(other_locality, title="ของเขา")
    assert mine.number == theirs.number
    body = client.get(f"/api/v1/cases/{mine.number}", HTTP_X_API_KEY=_key(locality)).json()
    assert body["title"] == "ของเรา"


@pytest.mark.django_db
def test_integration_creates_a_case_with_channel_api(client, locality):
    key = _key(locality)
    response = client.post(
        "/api/v1/cases",
        {"title": "ท่อระบายน้ำอุดตัน", "lat": 8.43, "lon": 99.96, "reporter_phone": "0812345678"},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "api" and body["h3_cell"] and body["status"] == "received"
    case = Case.objects.for_locality(locality).get(number=body["number"])
    assert case.reporter.phone == "0812345678"
    assert "0812345678" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({}, 422, "invalid"),
        ({"title": ""}, 422, "title_required"),
        ({"title": "x", "lat": 51.5, "lon": -0.12}, 422, "location_outside_thailand"),
        ({"title": "x", "lat": "north"}, 422, "invalid"),
        ({"title": "x", "kind": "spaceship"}, 422, "unknown_kind"),
        ({"title": "x", "reporter_phone": "12345"}, 422, "phone_invalid"),
    ],
)
def test_bad_create_payloads(client, locality, payload, status, code):
    response = client.post(
        "/api/v1/cases", payload, content_type="application/json", HTTP_X_API_KEY=_key(locality)
    )
    assert_error(response, status, code)
    assert Case.objects.for_locality(locality).count() == 0


@pytest.mark.django_db
def test_staff_move_a_case_through_the_api(locality, officer):
    case = _case(locality)
    staff = _staff_client(officer)
    url = f"/api/v1/cases/{case.number}"
    ok = staff.post(url + "/transitions", {"action": "accept"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    again = staff.post(url + "/transitions", {"action": "accept"}, content_type="application/json")
    body = assert_error(again, 409, "illegal_transition")
    assert body["detail"]["status"] == "accepted"
    reason = staff.post(url + "/transitions", {"action": "reject"}, content_type="application/json")
    assert_error(reason, 422, "reason_required")
    note = staff.post(url + "/notes", {"message": "ลงพื้นที่แล้ว"}, content_type="application/json")
    assert note.status_code == 201 and note.json()["public"] is False
    events = staff.get(url + "/events").json()
    # accepting gives the case to the officer who accepted (Action.takes_case)
    assert [e["kind"] for e in events] == ["created", "transition", "assigned", "note"]


@pytest.mark.django_db
def test_api_keys_cannot_act_as_staff(client, locality):
    case = _case(locality)
    response = client.post(
        f"/api/v1/cases/{case.number}/transitions",
        {"action": "accept"},
        content_type="application/json",
        HTTP_X_API_KEY=_key(locality),
    )
    assert_error(response, 401, "unauthenticated")


@pytest.mark.django_db
def test_session_writes_need_csrf(locality, officer):
    case = _case(locality)
    strict = Client(enforce_csrf_checks=True)
    strict.login(username=officer.username, password=PASSWORD)
    response = strict.post(
        f"/api/v1/cases/{case.number}/transitions",
        {"action": "accept"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    case.refresh_from_db()
    assert case.status == "received"


@pytest.mark.django_db
def test_public_tracking_shows_no_personal_data(client, locality):
    citizen = citizen_upsert(
        locality=locality,
        phone="0898765432",
        display_name="นายลับ เฉพาะ",
        national_id="1101700203450",
    )
    case = _case(locality, reporter=citizen)
    response = client.get(f"/api/v1/public/{locality.slug}/cases/{case.tracking_code}")
    assert response.status_code == 200
    text = response.content.decode()
    for secret in ("0898765432", "นายลับ", "1101700203450", "x-xxxx"):
        assert secret not in text
    assert not {"reporter", "reporter_id", "tracking_code"} & set(response.json())
    assert response.json()["status_label"] == "รับเรื่องแล้ว"
    assert_error(client.get(f"/api/v1/public/{locality.slug}/cases/WRONGCODE1"), 404, "not_found")


@pytest.mark.django_db
def test_tracking_code_of_another_locality_is_not_found(client, locality, other_locality):
    theirs = _case(other_locality)
    response = client.get(f"/api/v1/public/{locality.slug}/cases/{theirs.tracking_code}")
    assert_error(response, 404, "not_found")


@pytest.mark.django_db
def test_public_requests_are_rate_limited(client, locality, settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_WRITE_RATE": "3/60"}
    url = f"/api/v1/public/{locality.slug}/requests"
    for i in range(3):
        ok = client.post(url, {"title": f"เรื่อง {i}"}, content_type="application/json")
        assert ok.status_code == 201 and ok.json()["tracking_url"].endswith("/")
    assert_error(
        client.post(url, {"title": "อีก"}, content_type="application/json"), 429, "rate_limited"
    )
    assert Case.objects.for_locality(locality).count() == 3


@pytest.mark.django_db
def test_audit_search_is_for_admins_and_scoped(locality, other_locality, officer, admin):
    _case(locality)
    _case(other_locality)
    officer_client = _staff_client(officer)
    assert_error(officer_client.get("/api/v1/audit"), 404, "not_found")
    rows = _staff_client(admin).get("/api/v1/audit?action=case.created").json()
    assert len(rows) == 1
    assert AuditEvent.objects.unscoped().filter(action="case.created").count() == 2


@pytest.mark.django_db
def test_reference_data_and_openapi(client, locality):
    assert client.get("/api/v1/reference/localities").json()[0]["slug"] == "alpha"
    assert client.get("/api/v1/reference/subdistricts?q=80000").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cases" in schema["paths"]
    assert client.get("/api/docs").status_code == 302
    assert client.get("/api/openapi.json").status_code == 302


@pytest.mark.django_db
def test_assign_and_upload_cannot_cross_localities(client, locality, other_locality, officer):
    from thongthin.core.tests.test_attachments import jpeg_with_gps

    theirs = _case(other_locality)
    staff = _staff_client(officer)
    url = f"/api/v1/cases/{theirs.number}"
    assign = staff.post(
        url + "/assign", {"department": "engineering"}, content_type="application/json"
    )
    assert_error(assign, 404, "not_found")
    upload = client.post(
        url + "/attachments", {"file": _upload(jpeg_with_gps())}, HTTP_X_API_KEY=_key(locality)
    )
    assert_error(upload, 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.department is None and theirs.attachments.count() == 0
    # Assigning our case to another locality's officer is refused too.
    mine = _case(locality)
    foreign = staff.post(
        f"/api/v1/cases/{mine.number}/assign",
        {"assignee": other_locality.slug},
        content_type="application/json",
    )
    assert_error(foreign, 404, "not_found")


@pytest.mark.django_db
def test_upload_through_the_api_strips_exif(client, locality):
    from thongthin.core.tests.test_attachments import jpeg_with_gps

    case = _case(locality)
    response = client.post(
        f"/api/v1/cases/{case.number}/attachments",
        {"file": _upload(jpeg_with_gps())},
        HTTP_X_API_KEY=_key(locality),
    )
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "image/jpeg"
    bad = client.post(
        f"/api/v1/cases/{case.number}/attachments",
        {"file": _upload(b"#!/bin/sh\nrm -rf /", "evil.jpg")},
        HTTP_X_API_KEY=_key(locality),
    )
    assert_error(bad, 422, "upload_type")
    assert case.attachments.count() == 1


def _upload(data: bytes, name: str = "photo.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.mark.django_db
def test_an_api_upload_is_staff_only_unless_asked_and_needs_the_right_to_work_the_case(
    client, locality
):
    from thongthin.core.tests.test_attachments import jpeg_with_gps

    case = _case(locality)
    url = f"/api/v1/cases/{case.number}/attachments"
    sent = client.post(url, {"file": _upload(jpeg_with_gps())}, HTTP_X_API_KEY=_key(locality))
    assert sent.status_code == 201 and case.attachments.get().public is False
    # A key that may only read cases does not add files to them.
    from thongthin.core.module import VIEW_CASES

    reader = apikey_create(locality=locality, name="reader", scopes=[VIEW_CASES])[1]
    refused = client.post(url, {"file": _upload(jpeg_with_gps())}, HTTP_X_API_KEY=reader)
    assert refused.status_code == 403 and case.attachments.count() == 1


@pytest.mark.django_db
def test_the_last_page_within_the_deepest_offset_has_no_next(client, locality, monkeypatch):
    from thongthin.core.api import cases as cases_api

    monkeypatch.setattr(cases_api, "OFFSET_MAX", 2)
    key = _key(locality)
    for _ in range(5):
        _case(locality)
    first = client.get("/api/v1/cases?limit=2&offset=0", HTTP_X_API_KEY=key).json()
    assert first["next_offset"] == 2
    last = client.get("/api/v1/cases?limit=2&offset=2", HTTP_X_API_KEY=key).json()
    assert len(last["items"]) == 2 and last["next_offset"] is None
