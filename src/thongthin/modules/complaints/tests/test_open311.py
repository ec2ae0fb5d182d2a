"""Open311 GeoReport v2: every call in JSON and XML, the spec's errors and status codes."""

import json
import xml.etree.ElementTree as ET

import pytest

from thongthin.core.models import Case
from thongthin.core.services.apikeys import apikey_create
from thongthin.core.services.cases import case_transition

from .conftest import LAT, LON

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


@pytest.fixture
def key(locality):
    return apikey_create(locality=locality, name="open311-app")[1]


def _post(client, locality, key, fmt="json", **extra):
    body = {
        "api_key": key,
        "jurisdiction_id": locality.slug,
        "service_code": "road",
        "lat": str(LAT),
        "long": str(LON),
        "description": "ถนนเป็นหลุม",
        "first_name": "สมชาย",
        "phone": "0812345678",
        **extra,
    }
    return client.post(f"{BASE}/requests.{fmt}", body)


def test_discovery_in_both_formats(client):
    data = client.get(f"{BASE}/discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    response = client.get(f"{BASE}/discovery.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None


def test_services_list_and_definition(client, locality):
    services = client.get(f"{BASE}/services.json", {"jurisdiction_id": locality.slug}).json()
    road = next(s for s in services if s["service_code"] == "road")
    assert road["service_name"] == "ถนน" and road["metadata"] is True and road["type"] == "realtime"
    xml = ET.fromstring(
        client.get(f"{BASE}/services.xml", {"jurisdiction_id": locality.slug}).content
    )
    assert xml.tag == "services" and xml.find("service/service_code") is not None
    assert len(xml.findall("service")) == len(services)
    definition = client.get(f"{BASE}/services/road.json", {"jurisdiction_id": locality.slug})
    attribute = definition.json()["attributes"][0]
    assert attribute["code"] == "hole_size" and attribute["datatype"] == "singlevaluelist"
    assert {v["key"] for v in attribute["values"]} == {"small", "medium", "large"}
    xml = ET.fromstring(
        client.get(f"{BASE}/services/road.xml", {"jurisdiction_id": locality.slug}).content
    )
    assert xml.find("attributes/attribute/values/value/key").text == "small"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_use_the_spec_format_and_codes(client, locality, other_locality, fmt):
    # (two localities serve, so jurisdiction_id may not be left out)
    def errors(response):
        if fmt == "json":
            return response.json()
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        return [
            {"code": e.findtext("code"), "description": e.findtext("description")}
            for e in root.findall("error")
        ]

    missing = client.get(f"{BASE}/services.{fmt}")
    assert missing.status_code == 400 and "jurisdiction_id" in errors(missing)[0]["description"]
    unknown = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "atlantis.go.th"})
    assert unknown.status_code == 404
    service = client.get(f"{BASE}/services/nope.{fmt}", {"jurisdiction_id": locality.slug})
    assert service.status_code == 404 and str(errors(service)[0]["code"]) == "404"
    # Paging and lists within bounds (a page far down was an OFFSET past SQLite's integers).
    for params in ({"page": str(10**19)}, {"page": "1001"},
                   {"service_request_id": ",".join(["ร-2569-000001"] * 1001)}):  # fmt: skip
        deep = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": locality.slug, **params})
        assert deep.status_code == 400 and str(errors(deep)[0]["code"]) == "400"


def test_post_needs_a_valid_key_for_the_jurisdiction(client, locality, other_locality, key):
    assert _post(client, locality, "").status_code == 403
    assert _post(client, locality, "tt_wrong").status_code == 403
    other_key = apikey_create(locality=other_locality, name="other")[1]
    assert _post(client, locality, other_key).status_code == 403
    assert not Case.objects.for_locality(locality).exists()


@pytest.mark.parametrize(
    ("extra", "status", "words"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "teleport"}, 404, "teleport"),
        ({"lat": "", "long": ""}, 400, "address_string"),
        ({"lat": "abc"}, 400, "lat"),
        ({"lat": "1.3", "long": "103.8"}, 400, ""),
        ({"description": "<b>bold</b>"}, 400, "HTML"),
        ({"attribute[hole_size]": "enormous"}, 400, ""),
        ({"attribute[colour]": "red"}, 400, ""),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_bad_input(client, locality, key, extra, status, words, fmt):
    """The spec's errors: ``code`` is the HTTP status, ``description`` says what is wrong."""
    response = _post(client, locality, key, fmt=fmt, **extra)
    assert response.status_code == status, response.content
    if fmt == "json":
        error = response.json()[0]
        code, description = error["code"], error["description"]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        code, description = root.find("error/code").text, root.find("error/description").text
    assert str(code) == str(status) and words in description and description
    assert not Case.objects.for_locality(locality).exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_address_only_request_is_accepted_and_waits_to_be_placed(
    client, locality, key, officer, fmt
):
    from django.test import Client

    from thongthin.core.testing import PASSWORD
    from thongthin.modules.complaints.models import Complaint

    response = _post(
        client, locality, key, fmt=fmt, lat="", long="", address_string="หน้าตลาดท่าวัง ถนนราชดำเนิน"
    )
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.for_locality(locality).select_related("case").get()
    case = complaint.case
    assert complaint.needs_location and case.lat is None and case.address.startswith("หน้าตลาด")
    # An officer places it on the map; the flag goes, the map counts it.
    staff = Client()
    staff.login(username=officer.username, password=PASSWORD)
    page = staff.get(f"/staff/cases/{case.number}/")
    assert 'data-testid="needs-location"' in page.content.decode()
    staff.post(f"/staff/complaints/{case.number}/place/", {"lat": str(LAT), "lon": str(LON)})
    complaint.refresh_from_db()
    case.refresh_from_db()
    assert not complaint.needs_location and case.lat == LAT and case.h3_cell
    assert complaint.cell_r5 and complaint.cell_r7


def test_jurisdiction_may_be_left_out_where_one_locality_serves(client, locality, key):
    services = client.get(f"{BASE}/services.json")
    assert services.status_code == 200 and services.json()
    body = {"api_key": key, "service_code": "road", "lat": str(LAT), "long": str(LON),
            "description": "ถนนเป็นหลุม"}  # fmt: skip
    assert client.post(f"{BASE}/requests.json", body).status_code == 201


def test_jurisdiction_is_needed_where_several_serve(client, locality, other_locality):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_discovery_names_a_contact_and_where_keys_come_from(client, locality, settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_BASE_URL": "https://tt.example.org"}
    data = client.get(f"{BASE}/discovery.json").json()
    assert data["contact"] and data["key_service"] == "https://tt.example.org/staff/admin/keys/"
    locality.email = "saraban@city.example.go.th"
    locality.save()
    mine = client.get(f"{BASE}/discovery.json", {"jurisdiction_id": locality.slug}).json()
    assert "saraban@city.example.go.th" in mine["contact"]


def test_post_then_read_it_back(client, locality, key, officer):
    response = _post(client, locality, key, **{"attribute[hole_size]": "large"})
    assert response.status_code == 201
    created = response.json()[0]
    number = created["service_request_id"]
    assert "token" not in created and created["service_notice"]
    case = Case.objects.for_locality(locality).get()
    assert case.number == number and case.channel == "open311"
    # (a complaint is keyed by (locality, case) now, not a one-to-one on the case)
    assert case.complaints.get().attributes == {"hole_size": "large"}
    one = client.get(f"{BASE}/requests/{number}.json", {"jurisdiction_id": locality.slug}).json()
    assert len(one) == 1
    row = one[0]
    assert row["status"] == "open" and row["service_code"] == "road"
    assert row["lat"] == LAT and row["long"] == LON
    assert row["requested_datetime"].endswith("+07:00")
    assert "0812345678" not in json.dumps(one, ensure_ascii=False)
    assert "สมชาย" not in json.dumps(one, ensure_ascii=False)
    xml = ET.fromstring(
        client.get(f"{BASE}/requests/{number}.xml", {"jurisdiction_id": locality.slug}).content
    )
    assert xml.tag == "service_requests" and xml.findtext("request/service_request_id") == number
    token = client.get(
        f"{BASE}/tokens/{case.tracking_code}.json", {"jurisdiction_id": locality.slug}
    ).json()
    assert token == [{"service_request_id": number, "token": case.tracking_code}]
    case_transition(case=case, action="accept", actor=officer)
    case_transition(case=case, action="resolve", actor=officer, reason="ซ่อมแล้ว")
    row = client.get(f"{BASE}/requests/{number}.json", {"jurisdiction_id": locality.slug}).json()[0]
    assert row["status"] == "closed" and row["status_notes"] == "ซ่อมแล้ว"
    missing = client.get(f"{BASE}/requests/ร-2569-999999.json", {"jurisdiction_id": locality.slug})
    assert missing.status_code == 404


def test_request_list_filters(client, locality, other_locality, key, officer):
    first = _post(client, locality, key).json()[0]["service_request_id"]
    second = _post(client, locality, key, service_code="lighting").json()[0]["service_request_id"]
    case = Case.objects.for_locality(locality).get(number=second)
    case_transition(case=case, action="accept", actor=officer)
    case_transition(case=case, action="resolve", actor=officer, reason="เปลี่ยนหลอดแล้ว")

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", {"jurisdiction_id": locality.slug, **params})
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert ids() == {first, second}
    assert ids(status="open") == {first}
    assert ids(status="closed") == {second}
    assert ids(service_code="lighting") == {second}
    assert ids(service_request_id=f"{first},{second}", status="open") == {first, second}
    assert ids(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00Z") == set()
    assert ids(page_size="1", page="2") | ids(page_size="1") == {first, second}
    too_long = client.get(
        f"{BASE}/requests.json",
        {"jurisdiction_id": locality.slug, "start_date": "2026-01-01T00:00:00Z",
         "end_date": "2026-06-01T00:00:00Z"},
    )  # fmt: skip
    assert too_long.status_code == 400
    naive = client.get(
        f"{BASE}/requests.json", {"jurisdiction_id": locality.slug, "start_date": "2026-01-01"}
    )
    assert naive.status_code == 400
    assert (
        client.get(f"{BASE}/requests.json", {"jurisdiction_id": other_locality.slug}).json() == []
    )


def test_jurisdiction_by_web_domain(client, locality):
    locality.website = "https://www.alpha.go.th/"
    locality.save()
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "alpha.go.th"})
    assert response.status_code == 200 and response.json()
