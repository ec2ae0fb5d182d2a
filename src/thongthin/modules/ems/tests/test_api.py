"""The EMS API: intake, recommend, assign, stamps, positions, SOS, board, reports, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from thongthin.core.models import AuditEvent
from thongthin.core.services.apikeys import apikey_create
from thongthin.core.testing import make_staff
from thongthin.modules.ems.models import Incident, Unit

from .conftest import LAT, LON, make_unit

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ems"


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


@pytest.fixture
def desk(client, dispatcher):
    client.force_login(dispatcher)
    return client


def _new(desk, **extra):
    body = {"symptom_group": 25, "colour": "red", "criterion": 2, "lat": LAT, "lon": LON,
            "caller_phone": "081-234-5678", "caller_name": "นายแจ้ง"}  # fmt: skip
    body.update(extra)
    return post(desk, f"{BASE}/incidents", body)


def test_take_a_call_recommend_assign_and_stamp(desk, locality):
    make_unit(locality, "als-1", "ALS", 2, 0)
    make_unit(locality, "fr-1", "FR", 0.3, 0)
    response = _new(desk)
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    assert response.json()["dispatch_code"] == "25แดง2"

    ranked = desk.get(f"{BASE}/incidents/{number}/recommendations").json()
    assert [r["unit"] for r in ranked] == ["als-1", "fr-1"] and ranked[0]["reasons"]

    response = post(desk, f"{BASE}/incidents/{number}/assign", {"unit": "als-1"})
    assert response.status_code == 200 and response.json()["status"] == "dispatched"
    again = post(desk, f"{BASE}/incidents/{number}/assign", {"unit": "als-1"})
    assert again.status_code == 409 and again.json()["code"] == "unit_not_available"

    response = post(desk, f"{BASE}/incidents/{number}/stamps", {"point": "left_base_at"})
    assert response.status_code == 200 and response.json()["timeline"]["left_base_at"]
    early = response.json()["timeline"]["call_at"]
    bad = post(desk, f"{BASE}/incidents/{number}/stamps", {"point": "at_scene_at", "at": early})
    assert bad.status_code == 422 and bad.json()["code"] == "stamp_out_of_order"
    assert bad.json()["message"]  # Thai by default
    assert desk.get(f"{BASE}/incidents/{number}").json()["timeline"]["at_scene_at"] is None


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"symptom_group": 11}, 422, "unknown_symptom_group"),
        ({"colour": "purple"}, 422, "unknown_colour"),
        ({"lat": 95.0, "lon": 100.0}, 422, "location_outside_thailand"),
        ({"lat": "north"}, 422, "invalid"),
    ],
)
def test_bad_calls_get_a_code_and_change_nothing(desk, extra, status, code):
    response = _new(desk, **extra)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert Incident.objects.unscoped().count() == 0


def test_positions_from_the_crew_phone_and_a_vehicle_tracker(client, locality, responder):
    unit = make_unit(locality, "als-1", "ALS", crew=[responder])
    other = make_unit(locality, "bls-1", "BLS")
    client.force_login(responder)
    ok = post(client, f"{BASE}/units/als-1/position", {"lat": 8.44, "lon": 99.95})
    assert ok.status_code == 200 and ok.json()["stored"]
    refused = post(client, f"{BASE}/units/bls-1/position", {"lat": 8.44, "lon": 99.95})
    assert refused.status_code == 403 and refused.json()["code"] == "not_your_unit"
    impossible = post(client, f"{BASE}/units/als-1/position", {"lat": 8.44, "lon": 200})
    assert impossible.status_code == 422
    client.logout()
    _, secret = apikey_create(locality=locality, name="tracker")
    tracked = client.post(
        f"{BASE}/units/bls-1/position", json.dumps({"lat": 8.41, "lon": 99.93}),
        content_type="application/json", headers={"X-API-Key": secret},
    )  # fmt: skip
    assert tracked.status_code == 200
    anonymous = post(client, f"{BASE}/units/bls-1/position", {"lat": 8.41, "lon": 99.93})
    assert anonymous.status_code == 401
    unit.refresh_from_db()
    other.refresh_from_db()
    assert (unit.lat, other.lat) == (8.44, 8.41)


def test_citizen_sos_twice_is_one_incident_and_needs_a_phone(client, locality):
    body = {"locality": locality.slug, "phone": "0891234567", "lat": LAT, "lon": LON,
            "reason": "ล้มหมดสติ"}  # fmt: skip
    first = post(client, f"{BASE}/sos", body)
    assert first.status_code == 201, first.content
    # Anyone may type that phone number: the repeat is added to the open SOS, and does not
    # give back its number or tracking link (its place and words).
    second = post(client, f"{BASE}/sos", {**body, "phone": "089-123-4567", "lat": 13.7})
    assert second.status_code == 200 and second.json() == {
        "number": None, "tracking_url": None, "created": False,
    }  # fmt: skip
    assert first.json()["tracking_url"].split("/")[-2] not in second.content.decode()
    missing = post(client, f"{BASE}/sos", {**body, "phone": ""})
    assert missing.status_code == 422 and missing.json()["code"] == "phone_required"
    nowhere = post(client, f"{BASE}/sos", {**body, "phone": "0890000000", "lat": None})
    assert nowhere.status_code == 422 and nowhere.json()["code"] == "location_required"
    assert Incident.objects.for_locality(locality).count() == 1


def test_board_has_no_personal_data_and_is_for_the_locality_only(
    desk, client, locality, other_locality
):
    make_unit(locality, "als-1", "ALS")
    _new(desk)
    board = desk.get(f"{BASE}/board").json()
    assert [u["code"] for u in board["units"]] == ["als-1"] and len(board["incidents"]) == 1
    text = json.dumps(board, ensure_ascii=False)
    assert "0812345678" not in text and "นายแจ้ง" not in text
    number = board["incidents"][0]["number"]
    client.force_login(make_staff(other_locality, "dispatcher"))
    assert client.get(f"{BASE}/incidents/{number}").status_code == 404
    assert client.get(f"{BASE}/board").json()["incidents"] == []
    assert post(client, f"{BASE}/incidents/{number}/assign", {"unit": "als-1"}).status_code == 404
    officer = make_staff(locality, "officer")
    client.force_login(officer)
    assert client.get(f"{BASE}/board").status_code == 403


def test_reports_and_export_with_personal_data_only_for_roles_that_may(
    desk, client, locality, dispatcher
):
    from datetime import timedelta

    from django.utils import timezone

    from thongthin.modules.ems import services

    unit = make_unit(locality, "als-1", "ALS")
    start = timezone.now() - timedelta(hours=2)
    incident = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", lat=LAT, lon=LON,
        caller_phone="0812345678", call_at=start,
    )  # fmt: skip
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    for point, minutes in [("dispatch_at", 1), ("left_base_at", 2), ("at_scene_at", 7),
                           ("left_scene_at", 20), ("back_base_at", 40)]:  # fmt: skip
        services.stamp_set(
            incident=incident, point=point, actor=dispatcher, at=start + timedelta(minutes=minutes)
        )
    report = desk.get(f"{BASE}/reports/response").json()
    assert report["red_within_8_min"] == {"reached": 1, "total": 1, "share": 1.0}
    assert report["response_by_colour"]["red"]["median"] == 7 * 60
    assert report["dispatch_time"]["median"] == 60 and report["scene_time"]["median"] == 13 * 60

    rows = list(
        csv.DictReader(io.StringIO(desk.get("/staff/ems/export.csv").content.decode("utf-8-sig")))
    )
    assert rows[0]["response_seconds"] == "420" and "caller_phone" not in rows[0]
    client.force_login(make_staff(locality, "executive"))
    rows = list(
        csv.DictReader(io.StringIO(client.get("/staff/ems/export.csv").content.decode("utf-8-sig")))
    )
    assert rows[0]["caller_phone"] == "0812345678"
    assert AuditEvent.objects.for_locality(locality).filter(action="pii.read").exists()
    assert Unit.objects.for_locality(locality).get().status == "available"
