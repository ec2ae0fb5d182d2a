"""Browser tests: Playwright driving Debian's Chromium against a live server.

They take the README's screenshots (saved to docs/screenshots/ with THONGTHIN_SCREENSHOTS=1,
else to the run's var directory).
"""

import pytest

from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.attachments import attachment_create
from thongthin.core.services.case_work import case_assign
from thongthin.core.services.cases import case_create, case_transition
from thongthin.core.testing import PASSWORD, make_locality, make_staff, screenshot_dir

SCREENSHOTS = screenshot_dir()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    from thongthin.core.tests.test_attachments import jpeg_with_gps

    # The core alone (no module switched on): the portal's own general request form.
    locality = make_locality(
        "nakhonsi",
        name_th="เทศบาลนครนครศรีธรรมราช",
        name_en="Nakhon Si Thammarat City Municipality",
        modules_enabled=[],
    )
    officer = make_staff(locality, "officer", "engineering")
    admin = make_staff(locality, "locality_admin")
    citizen = citizen_upsert(locality=locality, phone="0812345678", display_name="สมใจ ดีงาม")
    cases = []
    for title in ("ขอให้ซ่อมไฟส่องสว่างในซอย", "ขอรถดูดสิ่งปฏิกูล", "ขอตัดกิ่งไม้พาดสายไฟ"):
        case = case_create(
            locality=locality,
            kind="general",
            title=title,
            channel="web",
            reporter=citizen,
            description="ซอยมืดมากตอนกลางคืน มีเด็กเดินผ่าน",
            lat=8.43,
            lon=99.96,
        )
        case_assign(case=case, actor=admin, assignee=officer)
        cases.append(case)
    attachment_create(case=cases[0], data=jpeg_with_gps())
    case_transition(case=cases[1], action="accept", actor=officer)
    return locality, officer, cases


def test_staff_logs_in_works_the_queue_and_opens_a_case(live_server, page, world):
    locality, officer, cases = world
    page.goto(f"{live_server.url}/staff/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    queue = page.locator("[data-testid=queue]")
    queue.wait_for()
    for case in cases:
        assert case.number in queue.inner_text()
    # On a phone the staff links fold into one menu: no sideways scroll, one tap opens it.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    menu = page.locator("[data-testid=phone-menu]")
    assert not menu.locator("a", has_text="งานของฉัน").is_visible()
    menu.locator("summary").click()
    assert menu.locator("a", has_text="งานของฉัน").is_visible()
    menu.locator("summary").click()
    page.screenshot(path=str(SCREENSHOTS / "staff-queue.png"), full_page=True)
    page.click(f"text={cases[0].number}")
    page.locator("[data-testid=timeline]").wait_for()
    # Accept the case without a reload (htmx swaps the case body).
    page.click("[data-testid=action-accept]")
    page.locator("[data-testid=case-status]", has_text="รับดำเนินการ").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "staff-case.png"), full_page=True)
    cases[0].refresh_from_db()
    assert cases[0].status == "accepted"


def test_citizen_portal_in_thai_and_english_files_and_tracks(live_server, page, world):
    locality, _officer, _cases = world
    page.goto(f"{live_server.url}/{locality.slug}/")
    assert "ยื่นคำร้องออนไลน์" in page.content()
    page.screenshot(path=str(SCREENSHOTS / "portal-th.png"), full_page=True)
    page.fill("#id_title", "ฝาท่อระบายน้ำหาย")
    page.fill("#id_description", "หน้าบ้านเลขที่ 12 ถนนราชดำเนิน")
    page.click("#pick-map", position={"x": 150, "y": 120})
    page.click("form#request-form button[type=submit]")
    received = page.locator("[data-testid=received]")
    received.wait_for()
    code = page.locator("[data-testid=tracking-code]").inner_text()
    page.goto(f"{live_server.url}/{locality.slug}/track/{code}/")
    assert "รับเรื่องแล้ว" in page.content()
    page.goto(f"{live_server.url}/{locality.slug}/")
    page.click("[data-testid=lang-en]")
    page.wait_for_selector("text=File a request online")
    assert locality.name_en in page.content()
    page.screenshot(path=str(SCREENSHOTS / "portal-en.png"), full_page=True)
    # A bad submission shows the error in the form, in English now.
    page.fill("#id_title", "x")
    page.fill("#id_phone", "12345")
    page.click("form#request-form button[type=submit]")
    page.wait_for_selector("text=The phone number is not a Thai mobile number.")
