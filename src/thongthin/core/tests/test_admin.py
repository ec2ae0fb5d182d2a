"""The locality's administration on the web: staff and invitations, reference data through the
modules' admin sections, API keys, LINE, onboarding a new locality; bad input changes nothing
and one locality's admin never reaches another's."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core import modules
from thongthin.core.access import has_capability
from thongthin.core.models import (
    ApiKey,
    AuditEvent,
    Department,
    Invitation,
    Locality,
    OutboxMessage,
    User,
)
from thongthin.core.services.accounts import apikey_authenticate
from thongthin.core.testing import PASSWORD, make_staff, make_subdistrict

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _invite(client, **fields):
    data = {"first_name": "สมหญิง", "last_name": "ใจดี", "email": "somying@example.org",
            "phone": "", "role": "officer", "division": "engineering", "channel": "email",
            **fields}  # fmt: skip
    return client.post("/staff/admin/staff/invite/", data)


def _link_from_outbox(locality) -> str:
    message = OutboxMessage.objects.for_locality(locality).filter(channel="email").last()
    text = message.payload["text"]
    return text[text.index("http") :].split()[0]


def test_admin_invites_an_officer_who_sets_a_password_once_and_logs_in(admin, locality, settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_BASE_URL": "https://tt.example.org"}
    staff = _login(admin)
    page = _invite(staff)
    assert page.status_code == 200 and 'data-testid="invited"' in page.content.decode()
    person = User.objects.get(email="somying@example.org")
    assert person.locality == locality and person.department.code == "engineering"
    assert not person.has_usable_password()
    link = _link_from_outbox(locality)
    assert link.startswith("https://tt.example.org/staff/welcome/")
    path = link.removeprefix("https://tt.example.org")
    anonymous = Client()
    form = anonymous.get(path)
    assert form.status_code == 200 and person.username in form.content.decode()
    # Two different passwords: a form error, nothing set.
    bad = anonymous.post(path, {"password": "ยาวพอแล้วนะ-2569", "password_again": "other"})
    assert bad.status_code == 422 and 'data-testid="error-password_again"' in bad.content.decode()
    done = anonymous.post(
        path, {"password": "ยาวพอแล้วนะ-2569", "password_again": "ยาวพอแล้วนะ-2569"}
    )
    assert done.status_code == 302
    assert Client().login(username=person.username, password="ยาวพอแล้วนะ-2569")
    # The link works once.
    again = anonymous.get(path)
    assert again.status_code == 410 and 'data-code="invitation_used"' in again.content.decode()
    actions = set(AuditEvent.objects.for_locality(locality).values_list("action", flat=True))
    assert {"staff.invited", "staff.invitation_accepted"} <= actions
    invited = AuditEvent.objects.for_locality(locality).get(action="staff.invited")
    assert invited.detail["after"]["role"] == "officer" and invited.actor == admin


def test_an_expired_or_made_up_link_sets_nothing(admin, locality):
    _invite(_login(admin))
    link = _link_from_outbox(locality)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    path = "/staff/" + link.split("/staff/", 1)[1]
    expired = Client().post(
        path, {"password": "ยาวพอแล้วนะ-2569", "password_again": "ยาวพอแล้วนะ-2569"}
    )
    assert (
        expired.status_code == 410 and 'data-code="invitation_expired"' in expired.content.decode()
    )
    assert Client().get("/staff/welcome/made-up-token/").status_code == 410
    assert not User.objects.get(email="somying@example.org").has_usable_password()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "not-an-address"}, "email"),
        ({"role": "platform_admin"}, "role"),
        ({"division": "nonesuch"}, "division"),
        ({"phone": "12345"}, "phone"),
        ({"email": "", "channel": "email"}, "email"),
        ({"channel": "sms"}, "phone"),
    ],
)
def test_bad_invitations_are_refused_next_to_the_field(admin, locality, fields, field):
    before = User.objects.count()
    page = _invite(_login(admin), **fields)
    assert page.status_code == 422, page.content.decode()[:2000]
    assert f'data-testid="error-{field}"' in page.content.decode()
    assert User.objects.count() == before and not Invitation.objects.exists()


def test_a_duplicate_address_or_username_is_refused(admin, locality):
    staff = _login(admin)
    assert _invite(staff).status_code == 200
    twice = _invite(staff)
    assert twice.status_code == 422 and 'data-testid="error-email"' in twice.content.decode()
    assert User.objects.filter(email="somying@example.org").count() == 1


def test_admin_changes_role_and_division_but_never_their_own_role(admin, officer, locality):
    staff = _login(admin)
    data = {"first_name": "ช่าง", "last_name": "ศรี", "email": "", "phone": "0812345678",
            "role": "executive", "division": "finance"}  # fmt: skip
    assert staff.post(f"/staff/admin/staff/{officer.pk}/", data).status_code == 200
    officer.refresh_from_db()
    assert officer.role == "executive" and officer.department.code == "finance"
    audit = AuditEvent.objects.for_locality(locality).get(action="staff.updated")
    assert audit.detail["changes"]["role"] == ["officer", "executive"]
    own = staff.post(f"/staff/admin/staff/{admin.pk}/", {**data, "role": "executive"})
    assert own.status_code == 403
    admin.refresh_from_db()
    assert admin.role == "locality_admin"
    raise_to_platform = staff.post(
        f"/staff/admin/staff/{officer.pk}/", {**data, "role": "platform_admin"}
    )
    assert raise_to_platform.status_code == 422
    officer.refresh_from_db()
    assert officer.role == "executive"


def test_deactivated_staff_cannot_log_in_and_stay_on_the_record(admin, officer, locality):
    staff = _login(admin)
    assert staff.post(f"/staff/admin/staff/{officer.pk}/deactivate/").status_code == 200
    officer.refresh_from_db()
    assert not officer.is_active and User.objects.filter(pk=officer.pk).exists()
    assert not Client().login(username=officer.username, password=PASSWORD)
    assert staff.post(f"/staff/admin/staff/{admin.pk}/deactivate/").status_code == 422
    assert staff.post(f"/staff/admin/staff/{officer.pk}/activate/").status_code == 200
    assert Client().login(username=officer.username, password=PASSWORD)


def test_a_password_reset_stops_the_old_password_and_sends_a_link(admin, officer, locality):
    officer.email = "officer@example.org"
    officer.save()
    staff = _login(admin)
    page = staff.post(f"/staff/admin/staff/{officer.pk}/reset/", {"channel": "email"})
    assert page.status_code == 200 and 'data-testid="reset-sent"' in page.content.decode()
    assert not Client().login(username=officer.username, password=PASSWORD)
    assert "/staff/welcome/" in _link_from_outbox(locality)
    shown = staff.post(f"/staff/admin/staff/{officer.pk}/reset/", {"channel": "link"})
    assert "/staff/welcome/" in shown.content.decode()
    # The earlier link stopped working when the new one was made.
    assert Invitation.objects.filter(user=officer, expires_at__gt=timezone.now()).count() == 1


def test_csv_import_invites_good_rows_and_lists_bad_ones(admin, locality):
    staff = _login(admin)
    body = (
        "\ufefffirst_name,last_name,email,phone,role,division\n"
        "มานะ,ขยัน,mana@example.org,,officer,engineering\n"
        "ปิติ,,piti@example.org,,wizard,engineering\n"
        ",,nobody@example.org,,officer,\n"
        "ชูใจ,,chujai@example.org,,executive,\n"
        "too,few,columns\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = staff.post(
        "/staff/admin/staff/import/",
        {"file": SimpleUploadedFile("staff.csv", body, "text/csv"), "channel": "email"},
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="import-report"' in text
    assert set(
        User.objects.filter(locality=locality, email__endswith="example.org").values_list(
            "email", flat=True
        )
    ) == {"mana@example.org", "chujai@example.org"}
    for line in (">3</td>", ">4</td>", ">6</td>"):
        assert line in text
    wrong = staff.post(
        "/staff/admin/staff/import/",
        {"file": SimpleUploadedFile("x.csv", b"name,mail\na,b\n", "text/csv"), "channel": "email"},
    )
    assert wrong.status_code == 422 and "first_name,last_name" in wrong.content.decode()


def test_one_locality_admin_never_reaches_another_locality(admin, other_locality, officer):
    stranger = make_staff(other_locality, "officer")
    staff = _login(admin)
    assert staff.get(f"/staff/admin/staff/{stranger.pk}/").status_code == 404
    assert staff.post(f"/staff/admin/staff/{stranger.pk}/deactivate/").status_code == 404
    foreign = Department.objects.for_locality(other_locality).first()
    assert staff.get(f"/staff/admin/core/divisions/{foreign.pk}/").status_code == 404
    assert (
        staff.post(
            f"/staff/admin/core/divisions/{foreign.pk}/",
            {"code": "x", "name_th": "x", "name_en": "x"},
        ).status_code
        == 404
    )
    # Choosing another locality in the address changes nothing for a locality admin.
    assert staff.get(f"/staff/admin/?locality={other_locality.slug}").status_code == 200
    assert other_locality.name_th not in staff.get("/staff/admin/").content.decode()
    assert staff.get("/staff/admin/localities/").status_code == 404
    # Officers have no administration at all.
    officer_client = _login(officer)
    for path in ("/staff/admin/", "/staff/admin/staff/", "/staff/admin/keys/",
                 "/staff/admin/core/divisions/"):  # fmt: skip
        assert officer_client.get(path).status_code == 404, path
    stranger.refresh_from_db()
    assert stranger.is_active


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


def test_a_superuser_or_admin_peer_cannot_be_taken_over_by_a_locality_admin(admin, locality):
    from thongthin.core.services.accounts import staff_create

    root = make_staff(locality, "officer")
    User.objects.filter(pk=root.pk).update(is_superuser=True, email="root@example.org")
    staff = _login(admin)
    assert staff.get(f"/staff/admin/staff/{root.pk}/").status_code == 404
    assert (
        staff.post(f"/staff/admin/staff/{root.pk}/reset/", {"channel": "link"}).status_code == 404
    )
    peer = make_staff(locality, "locality_admin")
    User.objects.filter(pk=peer.pk).update(email="peer@example.org")
    shown = staff.post(f"/staff/admin/staff/{peer.pk}/reset/", {"channel": "link"})
    assert shown.status_code == 422 and 'data-testid="error"' in shown.content.decode()
    assert "/staff/welcome/" not in shown.content.decode()
    assert Client().login(username=peer.username, password=PASSWORD)
    by_mail = staff.post(f"/staff/admin/staff/{peer.pk}/reset/", {"channel": "email"})
    assert by_mail.status_code == 200
    from thongthin.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        staff_create(username="p2", password=PASSWORD, role="platform_admin", locality=locality)
    assert refused.value.code == "platform_admin_locality"


def test_a_changed_address_expires_the_links_sent_to_the_old_one(admin, locality):
    staff = _login(admin)
    _invite(staff, email="typo@exmaple.org")
    person = User.objects.get(email="typo@exmaple.org")
    data = {"first_name": person.first_name, "last_name": "", "email": "right@example.org",
            "phone": "", "role": "officer", "division": "engineering"}  # fmt: skip
    assert staff.post(f"/staff/admin/staff/{person.pk}/", data).status_code == 200
    assert not Invitation.objects.filter(user=person, expires_at__gt=timezone.now()).exists()


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


def test_a_csv_file_python_cannot_read_is_refused(admin, locality):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "first_name,last_name,email,phone,role,division\n" + "x" * 140_000 + ",,,,,\n"
    page = _login(admin).post(
        "/staff/admin/staff/import/",
        {"file": SimpleUploadedFile("s.csv", body.encode(), "text/csv"), "channel": "email"},
    )
    assert page.status_code == 422 and 'data-testid="error-file"' in page.content.decode()


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
    from thongthin.core.services.accounts import apikey_create

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


def test_csv_import_by_link_shows_each_link_once(admin, locality):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "first_name,last_name,email,phone,role,division\nวิไล,,,,officer,\n".encode()
    page = _login(admin).post(
        "/staff/admin/staff/import/",
        {"file": SimpleUploadedFile("s.csv", body, "text/csv"), "channel": "link"},
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="import-link"' in text
    person = User.objects.get(locality=locality, first_name="วิไล")
    # A Thai name without e-mail gets the locality's web name, not "staff".
    assert person.username.startswith(locality.slug)
    link = text.split('data-testid="import-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert Client().get("/staff/" + link.split("/staff/", 1)[1]).status_code == 200


def test_messages_people_read_are_in_their_language(admin, locality):
    staff = _login(admin)
    bad_code = staff.post(
        "/staff/admin/core/divisions/new/",
        {"code": "กองช่าง", "name_th": "กองใหม่", "name_en": "New"},
    ).content.decode()
    assert "ใช้ได้เฉพาะตัวอักษร a-z" in bad_code and "slug" not in bad_code
    same_name = staff.post(
        "/staff/admin/core/divisions/new/",
        {"code": "new", "name_th": "กองช่าง", "name_en": "New"},
    ).content.decode()
    assert "มีกองอื่นใช้ชื่อนี้แล้ว" in same_name
    _invite(staff)
    link = _link_from_outbox(locality)
    weak = (
        Client()
        .post(
            "/staff/" + link.split("/staff/", 1)[1],
            {"password": "12345", "password_again": "12345"},
        )
        .content.decode()
    )
    assert "ต้องมีอย่างน้อย 8 ตัวอักษร" in weak and "This password" not in weak
    missing = Client().get("/staff/admin/staff/999999/", HTTP_ACCEPT_LANGUAGE="th")
    assert missing.status_code == 302  # not logged in: the log-in page
    lost = staff.get("/staff/admin/staff/999999/").content.decode()
    assert 'data-testid="not-found"' in lost and "ไม่พบหน้านี้" in lost


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
