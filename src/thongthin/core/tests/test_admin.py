"""The locality's administration on the web: staff and invitations, reference data through the
modules' admin sections, API keys, LINE, onboarding a new locality; bad input changes nothing
and one locality's admin never reaches another's."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core.models import (
    AuditEvent,
    Department,
    Invitation,
    OutboxMessage,
    User,
)
from thongthin.core.testing import PASSWORD, make_staff

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


def test_a_csv_file_python_cannot_read_is_refused(admin, locality):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "first_name,last_name,email,phone,role,division\n" + "x" * 140_000 + ",,,,,\n"
    page = _login(admin).post(
        "/staff/admin/staff/import/",
        {"file": SimpleUploadedFile("s.csv", body.encode(), "text/csv"), "channel": "email"},
    )
    assert page.status_code == 422 and 'data-testid="error-file"' in page.content.decode()


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
