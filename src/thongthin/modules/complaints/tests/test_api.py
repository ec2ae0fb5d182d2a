"""/api/v1/complaints: filing, public reads without personal data, reporter and staff actions."""

import base64

import pytest

from thongthin.core.models import Case, Citizen
from thongthin.core.services.apikeys import apikey_create
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import PASSWORD, jpeg
from thongthin.modules.complaints.models import Complaint

from .conftest import LAT, LON

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints"


def _file(client, place, **extra):
    body = {
        "locality": place.slug,
        "description": "ถนนเป็นหลุมใหญ่หน้าบ้านเลขที่ 9",
        "category": "road",
        "lat": LAT,
        "lon": LON,
        "name": "สมใจ ดีงาม",
        "phone": "0812345678",
        **extra,
    }
    return client.post(URL, body, content_type="application/json")


def test_public_filing_returns_number_tracking_code_and_routing(client, locality):
    response = _file(client, locality, photos_base64=[base64.b64encode(jpeg()).decode()])
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"].startswith("ร-") and len(data["tracking_code"]) == 10
    assert data["category"] == "road" and not data["needs_triage"]
    case = Case.objects.for_locality(locality).get()
    assert case.channel == "web" and case.attachments.count() == 1
    assert case.reporter.phone == "0812345678"


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"description": ""}, 422, "description_required"),
        ({"category": "unknown"}, 422, "unknown_category"),
        ({"lat": 48.85, "lon": 2.35}, 422, "location_outside_thailand"),
        ({"lat": None}, 422, "location_required"),
        ({"lat": "north"}, 422, "invalid"),
        ({"phone": "12"}, 422, "phone_invalid"),
        ({"photos_base64": ["%%%"]}, 422, "photo_base64_invalid"),
        ({"photos_base64": [base64.b64encode(b"GIF89a fake").decode()]}, 422, "upload_type"),
        ({"locality": "nowhere"}, 404, "not_found"),
    ],
)
def test_bad_filing_is_a_clear_error_and_changes_nothing(client, locality, extra, status, code):
    response = _file(client, locality, **extra)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code and response.json()["message"]
    assert not Case.objects.for_locality(locality).exists()
    assert not Citizen.objects.for_locality(locality).exists()


def test_filing_with_an_api_key_records_the_channel(client, locality):
    _, secret = apikey_create(locality=locality, name="call-centre")
    response = client.post(
        URL,
        {"description": "ไฟดับทั้งซอย", "category": "lighting", "lat": LAT, "lon": LON,
         "channel": "phone"},
        content_type="application/json",
        HTTP_X_API_KEY=secret,
    )  # fmt: skip
    assert response.status_code == 201
    assert Case.objects.for_locality(locality).get().channel == "phone"
    bad = client.post(
        URL,
        {"description": "x", "lat": LAT, "lon": LON},
        content_type="application/json",
        HTTP_X_API_KEY="tt_wrong",
    )
    assert bad.status_code == 401 and bad.json()["code"] == "api_key_invalid"


def test_public_list_and_map_carry_no_personal_data(client, locality):
    _file(client, locality)
    listing = client.get(f"{URL}/public", {"locality": locality.slug})
    assert listing.status_code == 200
    text = listing.content.decode()
    for secret in ("0812345678", "สมใจ", "tracking_code", "reporter"):
        assert secret not in text
    item = listing.json()["items"][0]
    assert item["status"] == "received" and item["category"] == "road"
    clusters = client.get(f"{URL}/map", {"locality": locality.slug, "zoom": 12}).json()
    assert clusters["features"][0]["properties"] == {
        "cluster": True, "count": 1, "cell": clusters["features"][0]["properties"]["cell"],
    }  # fmt: skip
    bbox = f"{LON - 0.002},{LAT - 0.002},{LON + 0.002},{LAT + 0.002}"
    points = client.get(f"{URL}/map", {"locality": locality.slug, "zoom": 17, "bbox": bbox})
    feature = points.json()["features"][0]
    assert feature["properties"]["url"].endswith(f"/complaints/{feature['properties']['number']}/")
    assert "0812345678" not in points.content.decode()


def test_map_filters_and_bad_parameters(client, locality, officer):
    _file(client, locality)
    _file(client, locality, category="lighting", description="ไฟดับ", lat=LAT + 0.05)
    both = client.get(f"{URL}/map", {"locality": locality.slug, "zoom": 8}).json()
    assert sum(f["properties"]["count"] for f in both["features"]) == 2
    only = client.get(f"{URL}/map", {"locality": locality.slug, "zoom": 8, "category": "road"})
    assert sum(f["properties"]["count"] for f in only.json()["features"]) == 1
    closed = client.get(f"{URL}/map", {"locality": locality.slug, "zoom": 8, "status": "closed"})
    assert closed.json()["features"] == []
    for params, code in (
        ({"bbox": "1,2,3"}, "bbox_invalid"),
        ({"status": "sleeping"}, "unknown_status"),
        ({"zoom": 18}, "bbox_required"),
        ({"zoom": 18, "bbox": "99,8,100,9"}, "bbox_too_large"),
        # A sliver: a tiny area, but 80 degrees tall (h3 would list cells for a minute).
        ({"zoom": 17, "bbox": "99.0,0,99.000125,80"}, "bbox_too_large"),
    ):
        response = client.get(f"{URL}/map", {"locality": locality.slug, **params})
        assert response.status_code == 422 and response.json()["code"] == code


def test_public_list_pages_with_before(client, locality):
    for _ in range(3):
        _file(client, locality)
    first = client.get(f"{URL}/public", {"locality": locality.slug, "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_before"]
    second = client.get(
        f"{URL}/public", {"locality": locality.slug, "limit": 2, "before": first["next_before"]}
    ).json()
    assert len(second["items"]) == 1 and second["next_before"] is None


def test_nearby_offers_possible_duplicates(client, locality):
    number = _file(client, locality).json()["number"]
    near = client.get(
        f"{URL}/nearby", {"locality": locality.slug, "lat": LAT + 0.001, "lon": LON,
                          "category": "road"},
    )  # fmt: skip
    assert [r["number"] for r in near.json()] == [number]
    second = _file(client, locality).json()
    assert [n["number"] for n in second["nearby"]] == [number]


def test_reporter_rates_and_reopens_with_the_tracking_code(client, locality, officer):
    filed = _file(client, locality).json()
    base = f"{URL}/track/{locality.slug}/{filed['tracking_code']}"
    early = client.post(f"{base}/rating", {"stars": 5}, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "rating_not_resolved"
    case = Case.objects.for_locality(locality).get()
    case_transition(case=case, action="accept", actor=officer)
    case_transition(case=case, action="resolve", actor=officer, reason="เติมยางมะตอยแล้ว")
    bad = client.post(f"{base}/rating", {"stars": 9}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "rating_invalid"
    ok = client.post(f"{base}/rating", {"stars": 4}, content_type="application/json")
    assert ok.status_code == 200 and ok.json() == {"rating": 4}
    reopened = client.post(
        f"{base}/reopen", {"reason": "ยังเป็นหลุม"}, content_type="application/json"
    )
    assert reopened.json() == {"status": "reopened", "reopen_count": 1}
    wrong = client.post(
        f"{URL}/track/{locality.slug}/WRONGCODE1/rating", {"stars": 4},
        content_type="application/json",
    )  # fmt: skip
    assert wrong.status_code == 404


def test_staff_actions_and_tenant_isolation(client, locality, officer, other_officer):
    number = _file(client, locality).json()["number"]
    second = _file(client, locality, lat=LAT + 0.0005).json()["number"]
    client.login(username=other_officer.username, password=PASSWORD)
    for path, body in (
        (f"{URL}/{number}/category", {"category": "drain"}),
        (f"{URL}/{number}/forward", {"organisation": "PEA", "reason": "x"}),
        (f"{URL}/{number}/merge", {"into": second}),
        (f"{URL}/bulk-assign", {"numbers": [number], "department": "engineering"}),
    ):
        response = client.post(path, body, content_type="application/json")
        assert response.status_code == 404, (path, response.content)
    assert Complaint.objects.for_locality(locality).filter(category__code="road").count() == 2
    client.logout()
    client.login(username=officer.username, password=PASSWORD)
    assert client.post(
        f"{URL}/{number}/category", {"category": "drain"}, content_type="application/json"
    ).json() == {"number": number, "category": "drain"}
    merged = client.post(f"{URL}/{number}/merge", {"into": second}, content_type="application/json")
    assert merged.json() == {"number": number, "merged_into": second}
    assigned = client.post(
        f"{URL}/bulk-assign",
        {"numbers": [second], "assignee": officer.username},
        content_type="application/json",
    )
    assert assigned.json() == {"assigned": 1}
    assert Case.objects.for_locality(locality).get(number=second).assignee == officer
    anonymous = client.__class__()
    denied = anonymous.post(f"{URL}/{second}/category", {"category": "road"},
                            content_type="application/json")  # fmt: skip
    assert denied.status_code == 401


def test_classify_endpoint(client, locality, trained):
    response = client.post(
        f"{URL}/classify", {"locality": locality.slug, "text": "ขยะล้นถังหน้าบ้าน"},
        content_type="application/json",
    )  # fmt: skip
    data = response.json()
    assert data["code"] == "cleanliness" and data["category"] == "ความสะอาด"
    assert 0 < data["confidence"] <= 1
    empty = client.post(
        f"{URL}/classify", {"locality": locality.slug, "text": " "}, content_type="application/json"
    )
    assert empty.status_code == 422 and empty.json()["code"] == "text_required"


def test_stats(client, locality, officer):
    _file(client, locality)
    stats = client.get(f"{URL}/stats", {"locality": locality.slug}).json()
    assert stats["total"] == 1
    assert ["received", "รอรับเรื่อง", 1] in stats["by_status"]


def test_public_reads_and_reporter_actions_stay_in_their_locality(
    client, locality, other_locality, officer
):
    filed = _file(client, locality).json()
    for path in ("public", "map"):
        other = client.get(f"{URL}/{path}", {"locality": other_locality.slug, "zoom": 12})
        assert filed["number"] not in other.content.decode()
        assert '"count"' not in other.content.decode()
    near = client.get(f"{URL}/nearby", {"locality": other_locality.slug, "lat": LAT, "lon": LON})
    assert near.json() == []
    case = Case.objects.for_locality(locality).get()
    case_transition(case=case, action="accept", actor=officer)
    case_transition(case=case, action="resolve", actor=officer, reason="ซ่อมแล้ว")
    wrong_place = client.post(
        f"{URL}/track/{other_locality.slug}/{filed['tracking_code']}/rating",
        {"stars": 1}, content_type="application/json",
    )  # fmt: skip
    assert wrong_place.status_code == 404
    assert Complaint.objects.for_locality(locality).get().rating is None
    page = client.get(f"/{other_locality.slug}/complaints/{filed['number']}/")
    assert page.status_code == 404


def test_staff_queue_api_filters_and_isolation(client, locality, officer, other_officer):
    road = _file(client, locality).json()["number"]
    rubbish = _file(client, locality, category="cleanliness", description="ขยะล้น",
                    lat=LAT + 0.01).json()["number"]  # fmt: skip
    client.login(username=officer.username, password=PASSWORD)

    def numbers(**params):
        response = client.get(f"{URL}/queue", params)
        assert response.status_code == 200, response.content
        return [i["number"] for i in response.json()["items"]]

    assert set(numbers()) == {road, rubbish}
    assert numbers(department="health") == [rubbish]
    assert numbers(category="road") == [road]
    assert numbers(status="closed") == []
    assert numbers(overdue=True) == []
    page = client.get(f"{URL}/queue", {"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_offset"] == 1
    assert client.get(f"{URL}/queue", {"status": "sleeping"}).status_code == 422
    assert client.get(f"{URL}/queue", {"department": "nope"}).status_code == 404
    client.logout()
    client.login(username=other_officer.username, password=PASSWORD)
    assert numbers() == []


def test_street_level_turns_into_fine_clusters_when_crowded(client, locality, monkeypatch):
    from thongthin.modules.complaints import selectors

    for index in range(3):
        _file(client, locality, lat=LAT + index * 0.0001)
    bbox = f"{LON - 0.002},{LAT - 0.002},{LON + 0.002},{LAT + 0.002}"
    params = {"locality": locality.slug, "zoom": 17, "bbox": bbox}
    points = client.get(f"{URL}/map", params).json()
    assert len(points["features"]) == 3 and not points["features"][0]["properties"]["cluster"]
    monkeypatch.setattr(selectors.public, "POINTS_MAX", 2)  # (selectors became a package)
    crowded = client.get(f"{URL}/map", params).json()
    assert all(f["properties"]["cluster"] for f in crowded["features"])
    assert sum(f["properties"]["count"] for f in crowded["features"]) == 3
