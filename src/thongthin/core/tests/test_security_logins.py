"""The security probe's defects about signing in, each held by a test: logins throttled,
the second factor where personal data is read, password resets that tell nothing."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thongthin.core.models import AuditEvent
from thongthin.core.testing import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


# --- logins ---------------------------------------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _login(client, username, password):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_logins_are_throttled_and_the_right_password_is_refused_while_locked(
    client, throttled, officer
):
    for _ in range(2):
        assert _login(client, officer.username, "wrong").status_code == 200
    assert _login(client, officer.username, "wrong").status_code == 429  # the third: locked
    locked = _login(client, officer.username, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        AuditEvent.objects.unscoped()
        .filter(action="auth.locked", actor_label=officer.username)
        .exists()
    )
    call_command("unlock", officer.username, stdout=io.StringIO())
    assert AuditEvent.objects.unscoped().filter(action="auth.unlocked").exists()
    assert _login(client, officer.username, PASSWORD).status_code == 302


def test_admin_logs_in_through_the_staff_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def _totp_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_a_locality_requiring_2fa_sends_personal_data_readers_through_enrolment(
    client, settings, locality, admin
):
    # django-otp makes a device wait 1, 2, 4... s after each wrong code; this test sends the
    # right one at once, so the wait is off here.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    locality.require_2fa = True
    locality.save()
    _login(client, admin.username, PASSWORD)
    queue = client.get("/staff/")
    assert queue.status_code == 302 and queue["Location"].startswith("/staff/2fa/")
    api = client.get("/api/v1/cases")
    assert api.status_code == 403 and api.json()["code"] == "two_factor_required"
    setup = client.get("/staff/2fa/setup/")
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post("/staff/2fa/setup/", {"token": "000000"}).status_code == 200
    done = client.post("/staff/2fa/setup/", {"token": _totp_code(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.unscoped().filter(action="auth.2fa_enrolled", actor=admin).exists()

    # The next log-in asks for a code; a recovery code works once.
    client.logout()
    _login(client, admin.username, PASSWORD)
    assert client.get("/staff/").status_code == 302
    assert client.post("/staff/2fa/", {"token": "123456"}).status_code == 200
    assert client.post("/staff/2fa/", {"token": codes[0]}).status_code == 302
    assert client.get("/staff/").status_code == 200
    client.logout()
    _login(client, admin.username, PASSWORD)
    assert client.post("/staff/2fa/", {"token": codes[0]}).status_code == 200  # used already
    assert AuditEvent.objects.unscoped().filter(action="auth.2fa_failed", actor=admin).count() == 2


def test_staff_without_personal_data_are_not_asked_for_a_second_factor(client, locality):
    locality.require_2fa = True
    locality.save()
    if not _has_role("responder"):
        pytest.skip("the EMS module (its responder role reads no personal data) is left out")
    responder = make_staff(locality, "responder")
    _login(client, responder.username, PASSWORD)
    assert client.get("/staff/").status_code == 200


def _has_role(code: str) -> bool:
    from thongthin.core import modules

    return code in modules.roles()


def test_password_reset_does_not_tell_whether_an_account_exists(client, officer):
    officer.email = "somchai@example.org"
    officer.save()
    known = client.post("/staff/password-reset/", {"email": "somchai@example.org"})
    unknown = client.post("/staff/password-reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/staff/password-reset/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # PUBLIC_BASE_URL, not the Host header
    path = link.split("8000", 1)[1]
    form = client.get(path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase-9", "new_password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-new-long-passphrase-9")
    assert (
        AuditEvent.objects.unscoped().filter(action="auth.password_reset", actor=officer).exists()
    )


def test_password_reset_requests_are_throttled_per_address(client, settings):
    codes = [
        client.post("/staff/password-reset/", {"email": f"x{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert codes == [302] * 5 + [429]


def test_each_enrolment_visit_makes_a_new_key_held_by_its_session(client, locality, admin):
    """Someone with the password who opened the enrolment page first must not know the key
    the owner confirms later."""
    locality.require_2fa = True
    locality.save()
    intruder = Client()
    _login(intruder, admin.username, PASSWORD)
    intruder.get("/staff/2fa/setup/")
    seen = TOTPDevice.objects.get(user=admin, confirmed=False)
    _login(client, admin.username, PASSWORD)
    client.get("/staff/2fa/setup/")
    owners = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert owners.key != seen.key
    # The intruder's code for the key they saw confirms nothing.
    response = intruder.post("/staff/2fa/setup/", {"token": _totp_code(seen)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_platform_admins_and_superusers_need_a_second_factor(client, settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "REQUIRE_2FA_PLATFORM_ADMINS": True}
    platform = make_staff(None, "platform_admin")
    _login(client, platform.username, PASSWORD)
    assert client.get("/staff/")["Location"].startswith("/staff/2fa/")
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_non_admin_is_refused_admin_without_a_loop(client, officer):
    client.force_login(officer)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
