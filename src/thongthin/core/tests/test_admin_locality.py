"""The locality's administration on the web, besides its staff: reference data through the
modules' admin sections, the profile, API keys, LINE, and onboarding a new locality; bad input
changes nothing and a form never writes into another locality."""

import pytest
from django.test import Client

from thongthin.core import modules
from thongthin.core.access import has_capability
from thongthin.core.models import (
    ApiKey,
    AuditEvent,
    Department,
    Locality,
    User,
)
from thongthin.core.services.apikeys import apikey_authenticate
from thongthin.core.testing import make_staff, make_subdistrict
from thongthin.core.tests.test_admin import _login

pytestmark = pytest.mark.django_db


def test_divisions_get_heads_and_a_duplicate_code_is_refused(admin, officer, locality):
    staff = _login(admin)
    engineering = Department.objects.for_locality(locality).get(code="engineering")
    data = {"code": "engineering", "name_th": "กองช่าง", "name_en": "Engineering",
            "name_ms": "", "head": officer.pk}  # fmt: skip
    assert staff.post(f"/staff/admin/core/divisions/{engineering.pk}/", data).status_code == 200
    engineering.refresh_from_db()
    assert engineering.head == officer
    audit = AuditEvent.objects.for_locality(locality).get(action="reference.updated")
    assert audit.detail["changes"]["head"] == [None, officer.pk]
    dup = staff.post("/staff/admin/core/divisions/new/", {**data, "head": ""})
    assert dup.status_code == 422 and 'data-testid="error-code"' in dup.content.decode()
    new = staff.post(
        "/staff/admin/core/divisions/new/",
        {**data, "code": "tourism", "name_th": "กองการท่องเที่ยว", "head": ""},
    )
    assert new.status_code == 302
    assert Department.objects.for_locality(locality).filter(code="tourism").exists()


def test_every_admin_section_lists_and_opens_its_form(admin, locality):
    staff = _login(admin)
    sections = modules.admin_sections(locality)
    assert sections
    for module, section in sections:
        listing = staff.get(f"/staff/admin/{module.name}/{section.code}/")
        assert listing.status_code == 200, (module.name, section.code)
        blank = staff.get(f"/staff/admin/{module.name}/{section.code}/new/")
        assert blank.status_code == 200
        refused = staff.post(f"/staff/admin/{module.name}/{section.code}/new/", {})
        assert refused.status_code == 422, (module.name, section.code)


def test_api_keys_are_shown_once_scoped_and_revoked(admin, locality):
    staff = _login(admin)
    scoped = [c.code for c in modules.capabilities() if c.api_key][:1]
    page = staff.post("/staff/admin/keys/", {"name": "gauge", "scopes": scoped})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="new-key-value"' in text
    secret = text.split('data-testid="new-key-value"')[0].rsplit('value="', 1)[1].split('"')[0]
    key = apikey_authenticate(secret)
    assert key is not None and key.scopes == scoped
    others = [c.code for c in modules.capabilities() if c.api_key and c.code not in scoped]
    assert has_capability(key, locality, scoped[0])
    assert all(not has_capability(key, locality, code) for code in others)
    assert secret not in staff.get("/staff/admin/keys/").content.decode()
    assert staff.post("/staff/admin/keys/", {"name": "", "scopes": scoped}).status_code == 422
    stored = ApiKey.objects.for_locality(locality).get()
    assert staff.post(f"/staff/admin/keys/{stored.pk}/revoke/").status_code == 302
    assert apikey_authenticate(secret) is None


def test_line_check_shows_the_bot_or_lines_own_refusal(admin, locality, fake_line):
    staff = _login(admin)
    good = staff.post(
        "/staff/admin/line/",
        {
            "line_channel_id": "1",
            "line_channel_secret": "s",
            "line_channel_access_token": "test-token",
        },
    )
    assert fake_line.bot_name in good.content.decode()
    locality.refresh_from_db()
    assert locality.line_channel_access_token == "test-token"
    # A token LINE rejects is refused next to its field, in LINE's words, and not saved.
    bad = staff.post(
        "/staff/admin/line/", {"line_channel_id": "2", "line_channel_access_token": "bad"}
    )
    text = bad.content.decode()
    assert bad.status_code == 422 and 'data-testid="error-line_channel_access_token"' in text
    assert "LINE 401" in text and "Authentication failed" in text
    locality.refresh_from_db()
    assert locality.line_channel_access_token == "test-token" and locality.line_channel_id == "1"
    # The check button asks LINE with the saved token; a revoked token shows LINE's refusal.
    fake_line.token = "rotated-elsewhere"
    refused = staff.post("/staff/admin/line/", {"check": "1"}).content.decode()
    assert "LINE 401" in refused and "Authentication failed" in refused


def test_profile_switches_a_module_on_with_its_starting_data(admin, locality):
    optional = [m.name for m in modules.optional_modules()]
    if not optional:
        pytest.skip("no optional module in this run")
    Locality.objects.filter(pk=locality.pk).update(modules_enabled=[])
    locality.refresh_from_db()
    from thongthin.core.tests.test_views import _profile

    staff = _login(admin)
    sub = make_subdistrict()
    response = staff.post(
        "/staff/settings/",
        _profile(locality, modules_enabled=optional, subdistricts=[sub.pk], phone="075 356 000"),
    )
    assert response.status_code == 200
    locality.refresh_from_db()
    assert locality.modules_enabled == sorted(optional) and locality.phone == "075 356 000"
    assert list(locality.subdistricts.values_list("pk", flat=True)) == [sub.pk]
    audit = AuditEvent.objects.for_locality(locality).filter(action="locality.updated").last()
    assert audit.detail["changes"]["phone"] == ["", "075 356 000"]
    if "complaints" in optional:
        from thongthin.modules.complaints.models import Category

        assert Category.objects.for_locality(locality).exists()


def test_centre_outside_the_boundary_is_refused(admin, locality):
    from thongthin.core.tests.test_views import _profile

    far = '{"type":"Polygon","coordinates":[[[100.5,13.7],[100.6,13.7],[100.6,13.8],[100.5,13.7]]]}'
    page = _login(admin).post("/staff/settings/", _profile(locality, boundary=far))
    assert page.status_code == 422 and 'data-testid="error-boundary"' in page.content.decode()
    locality.refresh_from_db()
    assert locality.boundary is None


def test_platform_admin_onboards_a_locality_and_sees_what_it_lacks(db):
    platform = make_staff(None, "platform_admin")
    make_subdistrict(800102, 8.45, 99.98)
    staff = _login(platform)
    data = {"slug": "khohong", "type": "town", "name_th": "เทศบาลเมืองคอหงส์",
            "name_en": "Kho Hong Town Municipality", "province": 63, "subdistrict_codes": "800102",
            "admin_first_name": "ปลัด", "admin_last_name": "คอหงส์", "admin_email": "palad@example.org",
            "admin_phone": "", "channel": "link"}  # fmt: skip
    page = staff.post("/staff/admin/localities/", data)
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="created"' in text
    assert "/staff/welcome/" in text
    locality = Locality.objects.get(slug="khohong")
    assert locality.center_lat == pytest.approx(8.45)
    first = User.objects.get(email="palad@example.org")
    assert first.role == "locality_admin" and first.locality == locality
    home = staff.get(f"/staff/admin/?locality={locality.slug}").content.decode()
    assert 'data-testid="checklist"' in home and "LINE" in home
    # The same web name twice, a sub-district of another province: refused, nothing made.
    again = staff.post("/staff/admin/localities/", {**data, "admin_email": "x@example.org"})
    assert again.status_code == 422 and 'data-testid="error-slug"' in again.content.decode()
    other = staff.post(
        "/staff/admin/localities/",
        {
            **data,
            "slug": "elsewhere",
            "subdistrict_codes": "100101",
            "admin_email": "y@example.org",
        },
    )
    assert other.status_code == 422
    assert not Locality.objects.filter(slug="elsewhere").exists()
    assert not User.objects.filter(email__in=["x@example.org", "y@example.org"]).exists()


@pytest.mark.parametrize(
    "boundary",
    [
        '{"type": "FeatureCollection", "features": 5}',
        '{"type": "Polygon", "coordinates": [{"a": 1, "b": 2, "c": 3, "d": 4}]}',
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_strange_boundaries_are_form_errors_not_crashes(admin, locality, boundary):
    from thongthin.core.tests.test_views import _profile

    page = _login(admin).post("/staff/settings/", _profile(locality, boundary=boundary))
    assert page.status_code == 422 and 'data-testid="error-boundary"' in page.content.decode()


@pytest.mark.parametrize(
    "attributes",
    ['[{"code": ["x"], "description": "d"}]', "[" * 100_000 + "]" * 100_000, '{"code": "x"}'],
)
def test_strange_extra_questions_are_form_errors(admin, locality, attributes):
    if not modules.is_installed("complaints"):
        pytest.skip("complaints is left out of this run")
    data = {"code": "odd", "name_th": "แปลก", "name_en": "Odd", "sla_hours": "24",
            "sla_mode": "calendar", "duplicate_radius_m": "100", "order": "1",
            "attributes": attributes}  # fmt: skip
    page = _login(admin).post("/staff/admin/complaints/categories/new/", data)
    assert page.status_code == 422 and 'data-testid="error-attributes"' in page.content.decode()


def test_a_platform_admins_form_for_one_locality_never_writes_into_another(
    locality, other_locality
):
    platform = make_staff(None, "platform_admin")
    staff = _login(platform)
    assert staff.get(f"/staff/admin/?locality={locality.slug}").status_code == 200
    # Another tab switches to the other locality; the form opened for the first is refused.
    assert staff.get(f"/staff/admin/?locality={other_locality.slug}").status_code == 200
    from thongthin.core.tests.test_views import _profile

    sent = staff.post(
        "/staff/settings/", {**_profile(locality, name_th="ชื่อใหม่"), "locality": locality.slug}
    )
    assert sent.status_code == 403
    other_locality.refresh_from_db()
    assert other_locality.name_th != "ชื่อใหม่"
    right = staff.post(
        "/staff/settings/",
        {**_profile(other_locality, name_th="ชื่อใหม่"), "locality": other_locality.slug},
    )
    assert right.status_code == 200


def test_an_api_key_without_the_filing_scope_cannot_file_complaints(locality):
    if not modules.is_installed("complaints"):
        pytest.skip("complaints is left out of this run")
    from thongthin.core.services.apikeys import apikey_create

    _key, gauge = apikey_create(locality=locality, name="gauge", scopes=["complaints.view"])
    _key, centre = apikey_create(locality=locality, name="centre", scopes=["complaints.file"])
    body = {"description": "ไฟดับทั้งซอย", "category": "lighting", "lat": 8.43, "lon": 99.96}
    refused = Client().post(
        "/api/v1/complaints", body, content_type="application/json", HTTP_X_API_KEY=gauge
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    filed = Client().post(
        "/api/v1/complaints", body, content_type="application/json", HTTP_X_API_KEY=centre
    )
    assert filed.status_code == 201, filed.json()
    open311 = Client().post(
        "/open311/v2/requests.json",
        {"api_key": gauge, "jurisdiction_id": locality.slug, "service_code": "lighting",
         "lat": "8.43", "long": "99.96", "description": "ไฟดับ"},
    )  # fmt: skip
    assert open311.status_code == 403


def test_an_unreachable_line_says_so_plainly_and_saves_nothing(admin, locality):
    page = _login(admin).post(
        "/staff/admin/line/", {"line_channel_id": "9", "line_channel_access_token": "tok"}
    )
    text = page.content.decode()
    assert page.status_code == 422 and "ติดต่อ LINE ไม่ได้" in text
    assert "HTTPConnection" not in text and "Max retries" not in text
    locality.refresh_from_db()
    assert locality.line_channel_id == "" and locality.line_channel_access_token == ""


def test_the_line_page_shows_this_months_pushes_against_the_quota(admin, locality, fake_line):
    locality.line_channel_secret, locality.line_channel_access_token = "s", fake_line.token
    locality.save()
    fake_line.quota = 3
    page = _login(admin).get("/staff/admin/line/").content.decode()
    assert 'data-testid="line-quota"' in page and "/ 3" in page
