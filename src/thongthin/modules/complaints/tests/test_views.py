"""The pages: citizen report form, tracking, public map/statistics/open data, staff work."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thongthin.core.models import Case
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import PASSWORD, content_of, jpeg
from thongthin.modules.complaints.models import Complaint, Follower

from .conftest import LAT, LON

pytestmark = pytest.mark.django_db


def _report(client, locality, htmx=False, **extra):
    data = {
        "category": "road",
        "description": "ถนนเป็นหลุมหน้าโรงเรียน",
        "lat": str(LAT),
        "lon": str(LON),
        "name": "สมใจ",
        "phone": "0812345678",
        **extra,
    }
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(f"/{locality.slug}/complaints/report/", data, **headers)


def test_portal_links_to_the_module_pages(client, locality):
    page = client.get(f"/{locality.slug}/").content.decode()
    for path in ("complaints/report/", "complaints/map/", "complaints/stats/"):
        assert f"/{locality.slug}/{path}" in page
    form = client.get(f"/{locality.slug}/complaints/report/").content.decode()
    assert 'name="photos"' in form and "ถนน" in form and 'id="pick-map"' in form


def test_report_with_photos_creates_one_complaint(client, locality):
    photos = [SimpleUploadedFile(f"p{i}.jpg", jpeg(), "image/jpeg") for i in range(2)]
    response = _report(client, locality, photos=photos)
    # The receipt has its own address: the tracking page, marked as just received.
    assert response.status_code == 303 and response["Location"].endswith("?received=1")
    receipt = client.get(response["Location"])
    text = receipt.content.decode()
    assert receipt.status_code == 200 and 'data-testid="received"' in text
    assert 'data-testid="copy-code"' in text and "line.me/R/share" in text
    case = Case.objects.for_locality(locality).get()
    assert case.number in text and case.tracking_code in text
    assert case.attachments.count() == 2 and case.channel == "web"


def test_report_errors_keep_the_form(client, locality):
    response = _report(client, locality, htmx=True, lat="", lon="")
    assert response.status_code == 422 and "location_required" in response.content.decode()
    fake = SimpleUploadedFile("x.jpg", b"not a picture", "image/jpeg")
    response = _report(client, locality, htmx=True, photos=[fake])
    assert response.status_code == 422 and "upload_type" in response.content.decode()
    response = _report(client, locality, lat="1.29", lon="103.85")
    assert response.status_code == 422 and "ถนนเป็นหลุมหน้าโรงเรียน" in response.content.decode()
    assert not Case.objects.for_locality(locality).exists()


def test_nearby_prompt_then_new_or_me_too(client, locality):
    _report(client, locality)
    prompt = _report(client, locality, htmx=True, phone="0898765432")
    assert prompt.status_code == 200 and 'data-testid="nearby"' in prompt.content.decode()
    assert Case.objects.for_locality(locality).count() == 1
    first = Case.objects.for_locality(locality).get()
    me_too = _report(client, locality, htmx=True, phone="0898765432", me_too=first.number)
    assert me_too["HX-Retarget"] == "#report" and first.number in me_too.content.decode()
    follower = Follower.objects.for_locality(locality).get()
    assert follower.citizen.phone == "0898765432"
    new = _report(client, locality, htmx=True, confirm_new="1")
    assert new.status_code == 201 and new["HX-Redirect"].endswith("?received=1")
    assert Case.objects.for_locality(locality).count() == 2
    # "Same problem?" is asked only about the chosen kind of problem: none chosen, none asked.
    other = _report(client, locality, htmx=True, category="", description="มีปัญหาหน้าบ้าน")
    assert other.status_code == 201 and Case.objects.for_locality(locality).count() == 3


def test_tracking_page_rates_and_reopens(client, locality, officer):
    _report(client, locality)
    case = Case.objects.for_locality(locality).get()
    track = f"/{locality.slug}/track/{case.tracking_code}/"
    assert 'name="stars"' not in client.get(track).content.decode()
    case_transition(case=case, action="accept", actor=officer)
    case_transition(case=case, action="resolve", actor=officer, reason="ซ่อมแล้ว")
    page = client.get(track).content.decode()
    assert 'name="stars"' in page and 'data-testid="reopen-submit"' in page
    assert "0812345678" not in page and "สมใจ" not in page
    base = f"/{locality.slug}/complaints/track/{case.tracking_code}"
    client.post(f"{base}/rate/", {"stars": "9"})
    assert Complaint.objects.for_locality(locality).get().rating is None
    assert client.post(f"{base}/rate/", {"stars": "5", "comment": "ดีมาก"}).status_code == 302
    assert "5/5" in client.get(track).content.decode()
    client.post(f"{base}/reopen/", {"reason": "ยังไม่เรียบร้อย"})
    assert Complaint.objects.for_locality(locality).get().reopen_count == 1


def test_public_case_page_has_no_reporter_tools(client, locality, officer):
    _report(client, locality)
    case = Case.objects.for_locality(locality).get()
    case_transition(case=case, action="accept", actor=officer)
    case_transition(case=case, action="resolve", actor=officer, reason="ซ่อมแล้ว")
    page = client.get(f"/{locality.slug}/complaints/{case.number}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert case.number in body and 'name="stars"' not in body and case.tracking_code not in body
    assert client.get(f"/{locality.slug}/complaints/ร-2569-999999/").status_code == 404


def test_open_data_exports_use_traffys_layout_without_personal_data(client, locality):
    _report(client, locality, photos=[SimpleUploadedFile("p.jpg", jpeg(), "image/jpeg")])
    response = client.get(f"/{locality.slug}/complaints/export.csv")
    text = _body(response).decode("utf-8")
    assert response["Content-Length"] == str(len(text.encode()))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == [
        "ticket_id", "type", "organization", "comment", "coords", "photo", "photo_after",
        "address", "subdistrict", "district", "province", "timestamp", "state", "star",
        "count_reopen", "last_activity",
    ]  # fmt: skip
    row = rows[0]
    assert row["type"] == "{ถนน}" and row["coords"] == f"{LON},{LAT}"
    assert row["state"] == "รอรับเรื่อง" and "/files/" in row["photo"]
    assert "0812345678" not in text and "สมใจ" not in text
    geo = json.loads(_body(client.get(f"/{locality.slug}/complaints/export.geojson")))
    feature = geo["features"][0]
    assert feature["geometry"]["coordinates"] == [LON, LAT]
    assert "0812345678" not in json.dumps(geo, ensure_ascii=False)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    assert response.streaming  # from the file, not built in memory (core.downloads)
    return content_of(response)


def test_open_data_is_built_once_in_a_while_and_downloads_are_capped(client, locality):
    _report(client, locality)
    url = f"/{locality.slug}/complaints/export.csv"
    first = _body(client.get(url)).decode()
    _report(client, locality)  # within the file's five minutes: the same file is served
    assert _body(client.get(url)).decode() == first
    for _ in range(28):
        _body(client.get(url))
    capped = client.get(url)
    assert capped.status_code == 429 and "กรุณารอ" in capped.content.decode()


def test_an_open_data_build_that_fails_leaves_no_partial_file(client, locality, monkeypatch):
    from thongthin.modules.complaints import exports

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")  # after the header was written
        yield  # a generator, as export_rows is

    monkeypatch.setattr(exports.selectors, "export_rows", broken)
    with pytest.raises(OSError):
        exports.export_file(locality, "csv")
    assert not list(exports._folder().glob("*.part"))


def test_map_and_statistics_pages(client, locality):
    _report(client, locality)
    assert (
        'data-testid="complaints-map"'
        in client.get(f"/{locality.slug}/complaints/map/").content.decode()
    )
    stats = client.get(f"/{locality.slug}/complaints/stats/").content.decode()
    assert 'data-testid="stat-total">1<' in stats and "ถนน" in stats


def test_staff_queue_filters_and_bulk_assign(client, locality, officer, engineer):
    _report(client, locality)
    _report(client, locality, category="cleanliness", description="ขยะล้น", confirm_new="1",
            lat=str(LAT + 0.01))  # fmt: skip
    client.login(username=officer.username, password=PASSWORD)
    page = client.get("/staff/complaints/", {"department": ""}).content.decode()
    road, rubbish = Case.objects.for_locality(locality).order_by("id")
    assert road.number in page and rubbish.number in page
    only_health = client.get("/staff/complaints/", {"department": "health"}).content.decode()
    assert rubbish.number in only_health and road.number not in only_health
    by_category = client.get("/staff/complaints/", {"department": "", "category": "road"})
    assert rubbish.number not in by_category.content.decode()
    assert (
        road.number
        not in client.get("/staff/complaints/", {"department": "", "overdue": "1"}).content.decode()
    )
    bad = client.get("/staff/complaints/", {"status": "sleeping"})
    assert bad.status_code == 422
    client.post(
        "/staff/complaints/bulk-assign/",
        {"numbers": [road.number, rubbish.number], "assignee": engineer.pk},
    )
    assert set(Case.objects.for_locality(locality).values_list("assignee_id", flat=True)) == {
        engineer.pk
    }


def test_staff_take_a_phone_report(client, locality, officer):
    client.login(username=officer.username, password=PASSWORD)
    assert client.get("/staff/complaints/new/").status_code == 200
    bad = client.post("/staff/complaints/new/", {"channel": "phone", "description": ""})
    assert bad.status_code == 422
    response = client.post(
        "/staff/complaints/new/",
        {"channel": "walk_in", "category": "lighting", "description": "ไฟดับหน้าวัด",
         "lat": LAT, "lon": LON, "name": "ป้าแดง", "phone": "0811111111"},
    )  # fmt: skip
    case = Case.objects.for_locality(locality).get()
    from urllib.parse import unquote

    assert response.status_code == 302
    assert unquote(response["Location"]).endswith(f"/{case.number}/")
    assert case.channel == "walk_in" and case.reporter.display_name == "ป้าแดง"


def test_case_page_panel_actions(client, locality, officer, engineer):
    _report(client, locality)
    _report(client, locality, confirm_new="1")
    first, second = Case.objects.for_locality(locality).order_by("id")
    client.login(username=engineer.username, password=PASSWORD)
    page = client.get(f"/staff/cases/{second.number}/").content.decode()
    assert 'data-testid="complaint-panel"' in page and first.number in page  # merge candidate
    assert 'data-testid="action-resolve"' not in page  # resolving goes through the panel form
    action = f"/staff/complaints/{first.number}"
    client.post(f"{action}/category/", {"category": "drain"})
    assert Complaint.objects.for_locality(locality).get(case=first).category.code == "drain"
    client.post(f"/staff/cases/{first.number}/transition/", {"action": "accept"})
    refused = client.post(f"{action}/resolve/", {"reason": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and "resolve_needs_evidence" in refused.content.decode()
    photo = SimpleUploadedFile("after.jpg", jpeg((0, 160, 0)), "image/jpeg")
    client.post(f"{action}/resolve/", {"photos": [photo]})
    first.refresh_from_db()
    assert first.status == "resolved"
    assert first.attachments.filter(uploaded_by=engineer).count() == 1
    client.post(f"/staff/complaints/{second.number}/merge/", {"into": first.number})
    assert Case.objects.for_locality(locality).get(pk=second.pk).status == "received"  # closed
    third = Case.objects.for_locality(locality).get(pk=second.pk)
    client.post(
        f"/staff/complaints/{third.number}/forward/",
        {"organisation": "การประปาส่วนภูมิภาค", "reason": "ท่อประปาแตก"},
    )
    assert Case.objects.for_locality(locality).get(pk=second.pk).status == "forwarded"


def test_staff_pages_stay_inside_the_locality(client, locality, other_officer):
    citizen_upsert(locality=locality, phone="0812345678")
    _report(client, locality)
    case = Case.objects.for_locality(locality).get()
    client.login(username=other_officer.username, password=PASSWORD)
    assert case.number not in client.get("/staff/complaints/").content.decode()
    for what in ("category", "forward", "merge", "resolve"):
        response = client.post(f"/staff/complaints/{case.number}/{what}/", {"category": "drain"})
        assert response.status_code == 404
    assert Complaint.objects.for_locality(locality).get().category.code == "road"
    client.logout()
    assert client.get("/staff/complaints/").status_code == 302  # to the login page


def test_the_web_form_asks_the_chosen_categorys_extra_questions(client, locality):
    form = client.get(f"/{locality.slug}/complaints/report/").content.decode()
    assert 'data-category="road"' in form and 'name="attribute[hole_size]"' in form
    response = _report(client, locality, **{"attribute[hole_size]": "large"})
    assert response.status_code == 303
    from thongthin.modules.complaints.models import Complaint

    assert Complaint.objects.for_locality(locality).get().attributes == {"hole_size": "large"}
    wrong = _report(
        client, locality, htmx=True, confirm_new="1", **{"attribute[hole_size]": "vast"}
    )
    assert wrong.status_code == 422 and 'data-code="attribute_invalid"' in wrong.content.decode()
