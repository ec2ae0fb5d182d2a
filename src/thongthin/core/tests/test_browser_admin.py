"""In Chromium: a platform admin creates a locality and invites its admin; the admin accepts,
sets up a division, a complaint category and an officer; the officer accepts, logs in and works
a complaint filed in that category. Every page is checked with axe-core; the screenshots go to
docs/operations.md."""

import pytest
from django.apps import apps

from thongthin.core.models import Department, Locality, User
from thongthin.core.testing import PASSWORD, make_staff, make_subdistrict, screenshot_dir

SCREENSHOTS = screenshot_dir()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not apps.is_installed("thongthin.modules.complaints"),
        reason="the journey ends with a complaint",
    ),
]
NEW_PASSWORD = "ถนนสายใหม่-2569"


def _desk(browser, *, phone: bool = False):
    size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 768}
    context = browser.new_context(viewport=size, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/**")


def _accept(page, link: str, axe) -> str:
    page.goto(link)
    username = page.locator("[data-testid=welcome-username]").inner_text()
    axe(page)
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/login/**")
    return username


def test_a_new_locality_goes_from_nothing_to_a_worked_complaint(
    live_server, browser, axe, settings
):
    base = live_server.url
    # What `thongthin serve` does for the address it listens on.
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_BASE_URL": base}
    platform = make_staff(None, "platform_admin")
    make_subdistrict(800102, 8.45, 99.98)

    # The platform admin creates the locality and its first admin (link shown, to send by LINE).
    desk = _desk(browser)
    _log_in(desk, base, platform.username, PASSWORD)
    desk.goto(f"{base}/staff/admin/localities/")
    axe(desk)
    desk.fill("#id_slug", "khohong")
    desk.select_option("#id_type", "town")
    desk.fill("#id_name_th", "เทศบาลเมืองคอหงส์")
    desk.fill("#id_name_en", "Kho Hong Town Municipality")
    desk.select_option("#id_province", "63")
    desk.fill("#id_subdistrict_codes", "800102")
    desk.fill("#id_admin_first_name", "ปลัด")
    desk.fill("#id_admin_email", "palad@khohong.example")
    desk.select_option("#id_channel", "link")
    _shot(desk, "admin-new-locality")
    desk.click("form.panel button[type=submit]")
    desk.locator("[data-testid=created]").wait_for()
    admin_link = desk.input_value("[data-testid=invite-link-value]")
    assert admin_link.startswith(base)
    axe(desk)
    locality = Locality.objects.get(slug="khohong")

    # The admin accepts on a phone, logs in and sees what is missing before going live.
    phone = _desk(browser, phone=True)
    admin_username = _accept(phone, admin_link, axe)
    _log_in(phone, base, admin_username, NEW_PASSWORD)
    phone.goto(f"{base}/staff/admin/")
    checklist = phone.locator("[data-testid=checklist]").inner_text()
    assert "LINE" in checklist
    axe(phone)
    _shot(phone, "admin-checklist")

    # A division...
    phone.goto(f"{base}/staff/admin/core/divisions/new/")
    phone.fill("#id_code", "roads")
    phone.fill("#id_name_th", "ฝ่ายถนนและทางเท้า")
    phone.fill("#id_name_en", "Roads and Pavements")
    phone.click("form.panel button[type=submit]")
    phone.locator("[data-testid=rows]", has_text="ฝ่ายถนนและทางเท้า").wait_for()
    axe(phone)
    roads = Department.objects.for_locality(locality).get(code="roads")

    # ...a category routed to it; a zero service window is refused next to the field, in Thai.
    phone.goto(f"{base}/staff/admin/complaints/categories/new/")
    phone.fill("#id_code", "pothole")
    phone.fill("#id_name_th", "หลุมบนถนน")
    phone.fill("#id_name_en", "Pothole")
    phone.select_option("#id_department", str(roads.pk))
    phone.fill("#id_sla_hours", "0")
    phone.fill("#id_duplicate_radius_m", "100")
    phone.click("form.panel button[type=submit]")
    error = phone.locator("[data-testid=error-sla_hours]")
    error.wait_for()
    assert "ค่า" in error.inner_text() or "มากกว่า" in error.inner_text()
    axe(phone)
    _shot(phone, "admin-category-error")
    phone.fill("#id_sla_hours", "72")
    phone.click("form.panel button[type=submit]")
    phone.locator("[data-testid=rows]", has_text="หลุมบนถนน").wait_for()

    # ...and an officer of that division.
    phone.goto(f"{base}/staff/admin/staff/invite/")
    phone.fill("#id_first_name", "สมชาย")
    phone.fill("#id_last_name", "ช่างดี")
    phone.select_option("#id_role", "officer")
    phone.select_option("#id_division", "roads")
    phone.select_option("#id_channel", "link")
    phone.click("form.panel button[type=submit]")
    officer_link = phone.input_value("[data-testid=invite-link-value]")
    axe(phone)
    _shot(phone, "admin-invite")
    officer = User.objects.get(locality=locality, first_name="สมชาย")
    # The officer heads the division (escalations go to them).
    phone.goto(f"{base}/staff/admin/core/divisions/{roads.pk}/")
    phone.select_option("#id_head", str(officer.pk))
    phone.click("form.panel button[type=submit]")
    phone.locator("[data-testid=saved]").wait_for()
    phone.goto(f"{base}/staff/admin/staff/")
    assert "สมชาย" in phone.locator("[data-testid=staff-list]").inner_text()
    axe(phone)
    _shot(phone, "admin-staff")
    phone.goto(f"{base}/staff/settings/")
    axe(phone)
    _shot(phone, "admin-profile")

    # A citizen reports a pothole in the new category.
    citizen = _desk(browser, phone=True)
    citizen.goto(f"{base}/khohong/complaints/report/")
    citizen.select_option("#id_category", "pothole")
    citizen.fill("#id_description", "หลุมลึกกลางถนนหน้าตลาด รถล้มทุกวัน")
    citizen.click("#pick-map", position={"x": 180, "y": 110})
    citizen.click("[data-testid=report-submit]")
    citizen.locator("[data-testid=received]").wait_for()
    number = citizen.locator("[data-testid=case-number]").inner_text()

    # The officer accepts the invitation, logs in and works it.
    work = _desk(browser)
    officer_username = _accept(work, officer_link, axe)
    _log_in(work, base, officer_username, NEW_PASSWORD)
    work.goto(f"{base}/staff/complaints/")
    work.locator("[data-testid=complaint-queue]", has_text=number).wait_for()
    work.click(f"text={number}")
    work.click("[data-testid=action-accept]")
    work.locator("[data-testid=case-status]", has_text="รับเรื่องแล้ว").wait_for()
    _shot(work, "admin-officer-works")
    for page in (desk, phone, citizen, work):
        page.context.close()
