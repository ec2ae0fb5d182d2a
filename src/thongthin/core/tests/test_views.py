"""Portal and back office pages: Thai first, English switch, forms, tenancy and PDPA."""

import io

import pytest
from django.test import Client
from PIL import Image

from thongthin.core import modules
from thongthin.core.models import AuditEvent, Case
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.cases import case_create
from thongthin.core.testing import PASSWORD, content_of, make_staff


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _case(locality, **kw):
    return case_create(
        locality=locality, kind="general", title=kw.pop("title", "ขอรับถังขยะ"), channel="web", **kw
    )


@pytest.mark.django_db
def test_portal_is_thai_first_with_an_english_switch(client, locality):
    thai = client.get(f"/{locality.slug}/")
    assert thai.status_code == 200
    assert "ยื่นคำร้องออนไลน์" in thai.content.decode() and locality.name_th in thai.content.decode()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": f"/{locality.slug}/"})
    assert switched.status_code == 302
    english = client.get(f"/{locality.slug}/").content.decode()
    assert "File a request online" in english and locality.name_en in english
    assert "City Municipality" in english and "เทศบาลนคร" not in english


@pytest.mark.django_db
def test_unknown_locality_is_404(client):
    assert client.get("/nowhere/").status_code == 404


@pytest.mark.django_db
def test_citizen_files_a_request_with_a_photo_and_tracks_it(client, locality):
    photo = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 200, 10)).save(photo, format="JPEG")
    photo.seek(0)
    photo.name = "photo.jpg"
    response = client.post(
        f"/{locality.slug}/submit/",
        {
            "title": "ขอตัดกิ่งไม้",
            "description": "กิ่งไม้พาดสายไฟ",
            "lat": "8.43",
            "lon": "99.96",
            "name": "สมใจ",
            "phone": "0812345678",
            "photo": photo,
        },
    )
    assert response.status_code == 201, response.content.decode()
    case = Case.objects.for_locality(locality).get()
    assert case.channel == "web" and case.attachments.count() == 1
    assert case.tracking_code in response.content.decode()
    page = client.get(f"/{locality.slug}/track/{case.tracking_code}/").content.decode()
    assert case.number in page and "รับเรื่องแล้ว" in page
    assert "0812345678" not in page and "สมใจ" not in page
    # The search box takes the code in any case, or the number with the phone's last digits.
    found = client.get(f"/{locality.slug}/track/", {"code": case.tracking_code.lower()})
    assert found.status_code == 302 and found["Location"].endswith(f"/{case.tracking_code}/")
    by_number = client.get(f"/{locality.slug}/track/", {"code": case.number, "phone": "5678"})
    assert by_number.status_code == 302 and case.tracking_code in by_number["Location"]
    for wrong in ({"code": case.number, "phone": "1234"}, {"code": case.number}):
        missing = client.get(f"/{locality.slug}/track/", wrong)
        assert missing.status_code == 404
        assert 'data-testid="track-form"' in missing.content.decode()  # the search box stays
        assert case.tracking_code not in missing.content.decode()
    assert client.get(f"/{locality.slug}/track/NOSUCHCODE/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"title": ""}, "กรุณากรอกเรื่อง"),
        ({"title": "x", "lat": "51.5", "lon": "-0.1"}, "ตำแหน่งอยู่นอกประเทศไทย"),
        ({"title": "x", "phone": "12345"}, "เบอร์โทรศัพท์มือถือไม่ถูกต้อง"),
    ],
)
def test_bad_form_input_is_shown_and_changes_nothing(client, locality, data, text):
    response = client.post(f"/{locality.slug}/submit/", data)
    assert response.status_code == 422
    assert text in response.content.decode()
    assert Case.objects.for_locality(locality).count() == 0


@pytest.mark.django_db
def test_a_fake_photo_is_refused_before_anything_is_saved(client, locality):
    fake = io.BytesIO(b"this is not a picture")
    fake.name = "photo.jpg"
    response = client.post(f"/{locality.slug}/submit/", {"title": "x", "photo": fake})
    assert response.status_code == 422
    assert "upload_type" in response.content.decode()
    assert Case.objects.for_locality(locality).count() == 0


@pytest.mark.django_db
def test_staff_need_to_log_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


@pytest.mark.django_db
def test_login_is_audited(client, locality, officer):
    client.post("/staff/login/", {"username": officer.username, "password": "wrong"})
    client.post("/staff/login/", {"username": officer.username, "password": PASSWORD})
    actions = list(AuditEvent.objects.unscoped().values_list("action", flat=True))
    assert "auth.login_failed" in actions and "auth.login" in actions


@pytest.mark.django_db
def test_queue_detail_and_actions(locality, officer, admin):
    case = _case(locality)
    client = _login(admin)
    queue = client.get("/staff/").content.decode()
    assert case.number in queue
    detail = client.get(f"/staff/cases/{case.number}/")
    assert detail.status_code == 200 and "ลำดับเหตุการณ์" in detail.content.decode()
    moved = client.post(
        f"/staff/cases/{case.number}/transition/", {"action": "accept"}, HTTP_HX_REQUEST="true"
    )
    assert moved.status_code == 200 and "รับดำเนินการ" in moved.content.decode()
    refused = client.post(
        f"/staff/cases/{case.number}/transition/", {"action": "reject"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422 and "reason_required" in refused.content.decode()
    noted = client.post(f"/staff/cases/{case.number}/note/", {"message": "ติดต่อผู้ร้องแล้ว"})
    assert noted.status_code == 200
    case.refresh_from_db()
    assert case.status == "accepted" and case.events.filter(kind="note").count() == 1


@pytest.mark.django_db
def test_staff_pages_of_another_locality_are_not_found(locality, other_locality, other_officer):
    case = _case(locality, title="เฉพาะของเรา")
    client = _login(other_officer)
    assert client.get(f"/staff/cases/{case.number}/").status_code == 404
    assert (
        client.post(f"/staff/cases/{case.number}/transition/", {"action": "accept"}).status_code
        == 404
    )
    assert client.post(f"/staff/cases/{case.number}/personal-data/").status_code == 404
    assert "เฉพาะของเรา" not in client.get("/staff/?scope=all").content.decode()
    case.refresh_from_db()
    assert case.status == "received"


@pytest.mark.django_db
def test_personal_data_is_shown_on_request_and_the_read_is_audited(locality, officer):
    citizen = citizen_upsert(locality=locality, phone="0898765432", display_name="นางสาวข้อมูล")
    case = _case(locality, reporter=citizen)
    client = _login(officer)
    detail = client.get(f"/staff/cases/{case.number}/").content.decode()
    assert "0898765432" not in detail
    shown = client.post(f"/staff/cases/{case.number}/personal-data/").content.decode()
    assert "0898765432" in shown and "นางสาวข้อมูล" in shown
    read = AuditEvent.objects.for_locality(locality).get(action="pii.read")
    assert read.actor == officer and read.detail["case"] == case.number


@pytest.mark.django_db
def test_responders_do_not_see_other_peoples_cases(locality):
    case = _case(locality)
    responder = make_staff(locality, "responder", "health")
    client = _login(responder)
    assert client.get(f"/staff/cases/{case.number}/").status_code == 404


@pytest.mark.django_db
def test_audit_page_is_for_admins(locality, officer, admin):
    case = _case(locality)
    assert _login(officer).get("/staff/audit/").status_code == 404
    page = _login(admin).get("/staff/audit/?action=case.created", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    # The case by its number (a link), the action in words, not "core.Case 12" or a code.
    assert page.status_code == 200 and f">{case.number}</a>" in text
    assert "Case created" in text and "core.Case" not in text
    from django.urls import reverse

    assert reverse("staff:case", args=[case.number]) in text


@pytest.mark.django_db
def test_platform_admin_picks_a_locality(locality):
    platform = make_staff(None, "platform_admin")
    client = _login(platform)
    assert "alpha" in client.get("/staff/").content.decode()
    case = _case(locality)
    assert case.number in client.get("/staff/?locality=alpha&scope=all").content.decode()
    assert client.get(f"/staff/cases/{case.number}/").status_code == 200


@pytest.mark.django_db
def test_health_and_index(client, locality):
    assert client.get("/healthz").content == b"ok"
    assert locality.name_th in client.get("/").content.decode()


@pytest.mark.django_db
def test_files_are_served_only_through_an_access_check(client, locality, officer, other_officer):
    from thongthin.core.services.attachments import attachment_create
    from thongthin.core.tests.test_attachments import jpeg_with_gps

    case = _case(locality)
    public = attachment_create(case=case, data=jpeg_with_gps(), public=True)
    internal = attachment_create(case=case, data=_png(), public=False)
    # A public photo (shown on the tracking page) is open to anyone with its key, EXIF-free.
    response = client.get(public.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"Exif" not in content_of(response)
    assert client.get(public.thumbnail_url).status_code == 200
    # An internal file: not for the public, not for another locality's staff.
    assert client.get(internal.url).status_code == 404
    assert _login(other_officer).get(internal.url).status_code == 404
    staff = _login(officer)
    assert staff.get(internal.url).status_code == 200
    assert staff.get(internal.thumbnail_url)["Content-Type"] == "image/png"
    # Keys cannot be guessed from ids, and there is no open /media/ path.
    assert client.get(f"/files/{public.pk}-0000000000000000/file/").status_code == 404
    assert client.get(f"/files/{public.pk}/file/").status_code == 404
    assert client.get(f"/media/{public.file.name}").status_code == 404
    page = client.get(f"/{locality.slug}/track/{case.tracking_code}/").content.decode()
    assert public.thumbnail_url in page and internal.thumbnail_url not in page


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_locality_admin_sets_up_line_and_the_webhook_accepts_it(
    client, locality, admin, officer, fake_line
):
    from thongthin.core.tests.test_line_webhook import _event, _post

    staff = _login(admin)
    page = staff.get("/staff/admin/line/").content.decode()
    assert f"/line/webhook/{locality.slug}/" in page
    data = {
        "line_channel_id": "1650000000",
        "line_channel_secret": "line-channel-secret",
        "line_channel_access_token": "test-token",
    }
    saved = staff.post("/staff/admin/line/", data)
    assert saved.status_code == 200 and 'data-testid="saved"' in saved.content.decode()
    assert (
        "line-channel-secret" not in saved.content.decode()
        and 'value="test-token"' not in saved.content.decode()
    )
    locality.refresh_from_db()
    assert locality.line_channel_secret == "line-channel-secret" and locality.has_line
    # Saving again with the secrets left empty keeps them.
    staff.post(
        "/staff/admin/line/", {**data, "line_channel_secret": "", "line_channel_access_token": ""}
    )
    locality.refresh_from_db()
    assert locality.line_channel_access_token == "test-token"
    audit = AuditEvent.objects.for_locality(locality).filter(action="locality.updated").first()
    assert "line_channel_secret" in audit.detail["fields"] and "test-token" not in str(audit.detail)
    assert _post(client, locality, [_event("follow", "S1")]).status_code == 200
    # Officers may not open it.
    assert _login(officer).get("/staff/admin/line/").status_code == 404
    assert _login(officer).get("/staff/settings/").status_code == 404


OPEN_RING = '{"type": "Polygon", "coordinates": [[[99.9, 8.4], [100, 8.5], [99.9, 8.5]]]}'
CLOSED_RING = (
    '{"type": "Polygon", "coordinates": [[[99.9, 8.4], [100.0, 8.4], [100.0, 8.5], [99.9, 8.4]]]}'
)


def _profile(locality, **change) -> dict:
    return {
        "name_th": locality.name_th,
        "name_en": locality.name_en,
        "type": locality.type,
        "center_lat": "8.43",
        "center_lon": "99.96",
        **change,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"boundary": '{"type": "Point", "coordinates": [99.9, 8.4]}'}, "boundary"),
        ({"boundary": OPEN_RING}, "boundary"),
        ({"boundary": "not json"}, "boundary"),
        ({"center_lat": "40.0"}, "center_lat"),
        ({"name_th": ""}, "name_th"),
        ({"type": "empire"}, "type"),
        ({"modules_enabled": ["nonesuch"]}, "modules_enabled"),
    ],
)
def test_bad_settings_are_refused_next_to_the_field_and_change_nothing(
    locality, admin, change, field
):
    response = _login(admin).post("/staff/settings/", _profile(locality, **change))
    assert response.status_code == 422
    assert f'data-testid="error-{field}"' in response.content.decode()
    locality.refresh_from_db()
    assert locality.boundary is None and locality.center_lat == 8.43 and locality.name_th


@pytest.mark.django_db
def test_a_valid_boundary_is_kept(locality, admin):
    assert (
        _login(admin).post("/staff/settings/", _profile(locality, boundary=CLOSED_RING)).status_code
        == 200
    )
    locality.refresh_from_db()
    assert locality.boundary["type"] == "Polygon"


@pytest.mark.django_db
def test_the_citizen_side_answers_in_malay_when_the_browser_asks(client, locality):
    page = client.get(f"/{locality.slug}/", HTTP_ACCEPT_LANGUAGE="ms,en;q=0.5")
    text = page.content.decode()
    assert '<html lang="ms">' in text
    assert "Buat permohonan dalam talian" in text  # "File a request online"
    if modules.is_installed("complaints"):
        assert "Laporkan masalah" in text  # the complaints module's link
    # The choice is remembered over the browser's: Thai after switching.
    client.post("/i18n/setlang/", {"language": "th", "next": f"/{locality.slug}/"})
    again = client.get(f"/{locality.slug}/", HTTP_ACCEPT_LANGUAGE="ms").content.decode()
    assert '<html lang="th">' in again and "ยื่นคำร้องออนไลน์" in again


@pytest.mark.django_db
def test_the_back_office_offers_thai_and_english_only(locality, officer):
    staff = _login(officer).get("/staff/").content.decode()
    assert 'data-testid="lang-en"' in staff and 'data-testid="lang-ms"' not in staff
    portal = Client().get(f"/{locality.slug}/").content.decode()
    assert 'data-testid="lang-ms"' in portal


@pytest.mark.django_db
def test_accepting_takes_the_case_and_the_page_shows_where_and_who(locality, officer):
    case = _case(locality, lat=8.43, lon=99.96, address="หน้าวัดท่าโพธิ์")
    assert case.assignee is None
    officer.first_name, officer.last_name = "สมชาย", "ช่างดี"
    officer.save()
    client = _login(officer)
    page = client.post(f"/staff/cases/{case.number}/transition/", {"action": "accept"})
    case.refresh_from_db()
    assert case.status == "accepted" and case.assignee == officer
    text = page.content.decode()
    assert 'data-testid="directions"' in text and "destination=8.43" in text
    assert "หน้าวัดท่าโพธิ์" in text and "สมชาย ช่างดี" in text
    # A refusal asks its reason in its own step and looks different.
    assert 'data-testid="dialog-reject"' in text or "reason-action" in text


@pytest.mark.django_db
def test_my_work_flags_overdue_cases_and_offers_only_the_statuses_one_works(locality, officer):
    from datetime import timedelta

    from django.utils import timezone

    from thongthin.core.models import Case

    late = _case(locality, title="เก่ามาก")
    on_time = _case(locality, title="ใหม่")
    Case.objects.for_locality(locality).filter(pk=late.pk).update(
        sla_due_at=timezone.now() - timedelta(hours=1), assignee=officer
    )
    Case.objects.for_locality(locality).filter(pk=on_time.pk).update(assignee=officer)
    client = _login(officer)
    page = client.get("/staff/").content.decode()
    assert page.count('data-testid="overdue"') == 1
    only = client.get("/staff/?overdue=1").content.decode()
    assert late.number in only and on_time.number not in only
    # An officer works general requests and complaints, not the dispatch room's states.
    assert 'value="en_route"' not in page
