"""In Chromium, on a phone and in English on a desktop: the log-in protections as a staff member
meets them (second-factor enrolment, recovery codes, the code asked at the next log-in, the
lock after failed attempts, a forgotten password), every page checked with axe-core."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thongthin.core.testing import PASSWORD, make_locality, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, *, phone: bool, locale: str):
    size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 768}
    page = browser.new_context(viewport=size, locale=locale).new_page()
    page.set_default_timeout(15_000)
    return page


def _log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")


def test_second_factor_recovery_code_lock_and_reset_pages(live_server, browser, axe, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.AXES_FAILURE_LIMIT = 3
    base = live_server.url
    locality = make_locality("authcheck", require_2fa=True)
    admin = make_staff(locality, "locality_admin")
    admin.email = "admin@authcheck.example"
    admin.save()

    phone = _page(browser, phone=True, locale="th-TH")
    _log_in(phone, base, admin.username, PASSWORD)
    phone.locator("[data-testid=totp-key]").wait_for()
    axe(phone)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    phone.fill("#id_token", f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
    phone.click("form button[type=submit]")
    codes = phone.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    axe(phone)

    # The next log-in asks for a code; a wrong one is said plainly; a recovery code works.
    desk = _page(browser, phone=False, locale="en-GB")
    _log_in(desk, base, admin.username, PASSWORD)
    desk.wait_for_url(re.compile(r".*/staff/2fa/.*"))
    assert "Confirm it is you" in desk.content()
    axe(desk)
    desk.fill("#id_token", "123456")
    desk.click("form button[type=submit]")
    desk.locator(".error[role=alert]").wait_for()
    axe(desk)
    desk.fill("#id_token", codes[0])
    desk.click("form button[type=submit]")
    desk.locator("[data-testid=queue]").wait_for()
    axe(desk)

    # Failed passwords lock the log-in, and the page says so.
    other = _page(browser, phone=True, locale="th-TH")
    for _ in range(3):
        _log_in(other, base, admin.username, "wrong-password")
    other.locator("[data-testid=locked]").wait_for()
    axe(other)

    # A forgotten password: the form and the "on its way" page.
    other.goto(f"{base}/staff/password-reset/")
    axe(other)
    other.fill("input[name=email]", admin.email)
    other.click("form button[type=submit]")
    other.locator("[data-testid=reset-sent]").wait_for()
    axe(other)
    for page in (phone, desk, other):
        page.context.close()
