"""In a real browser: a citizen reports with a photo and a map pin; staff accept and resolve
with an after-photo; the citizen rates; staff see the rating. Saves README screenshots."""

import pytest

from thongthin.core.models import Case
from thongthin.core.testing import PASSWORD, jpeg, make_locality, make_staff, screenshot_dir
from thongthin.modules.complaints.models import Complaint

SCREENSHOTS = screenshot_dir()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_accept_resolve_with_after_photo_and_rate(live_server, page, tmp_path):
    locality = make_locality(
        "nakhonsi", name_th="เทศบาลนครนครศรีธรรมราช", name_en="Nakhon Si Thammarat City Municipality"
    )
    engineer = make_staff(locality, "officer", "engineering")
    before, after = tmp_path / "hole.jpg", tmp_path / "fixed.jpg"
    before.write_bytes(jpeg((90, 90, 90), gps=True))
    after.write_bytes(jpeg((20, 160, 20)))

    # The citizen, on a phone.
    page.goto(f"{live_server.url}/{locality.slug}/complaints/report/")
    page.select_option("#id_category", "road")
    page.fill("#id_description", "ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มเมื่อวาน")
    page.click("#pick-map", position={"x": 180, "y": 110})
    assert page.input_value("#id_lat") and page.input_value("#id_lon")
    page.set_input_files("#id_photos", str(before))
    page.fill("#id_phone", "0812345678")
    page.screenshot(path=str(SCREENSHOTS / "complaint-report.png"), full_page=True)
    page.click("[data-testid=report-submit]")
    page.locator("[data-testid=received]").wait_for()
    number = page.locator("[data-testid=case-number]").inner_text()
    code = page.locator("[data-testid=tracking-code]").inner_text()
    case = Case.objects.for_locality(locality).get(number=number)
    assert case.attachments.count() == 1 and case.department.code == "engineering"

    # The engineer accepts and resolves with an after-photo.
    staff = page.context.browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="th-TH"
    )
    desk = staff.new_page()
    desk.set_default_timeout(10_000)
    desk.goto(f"{live_server.url}/staff/login/")
    desk.fill("#id_username", engineer.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("button[type=submit]")
    desk.goto(f"{live_server.url}/staff/complaints/")
    desk.locator("[data-testid=complaint-queue]", has_text=number).wait_for()
    desk.screenshot(path=str(SCREENSHOTS / "complaint-queue.png"), full_page=True)
    desk.click(f"text={number}")
    desk.click("[data-testid=action-accept]")
    desk.locator("[data-testid=case-status]", has_text="รับเรื่องแล้ว").wait_for()
    desk.click("[data-testid=resolve-form] summary")
    desk.set_input_files("#after-photo", str(after))
    desk.click("[data-testid=resolve-submit]")
    desk.locator("[data-testid=case-status]", has_text="เสร็จสิ้น").wait_for()
    assert case.attachments.filter(uploaded_by=engineer).count() == 1

    # The citizen rates on the tracking page.
    page.goto(f"{live_server.url}/{locality.slug}/track/{code}/")
    page.locator("fieldset.stars").screenshot(path=str(SCREENSHOTS / "complaint-rate.png"))
    page.check("input[name=stars][value='5']")
    page.fill("input[name=comment]", "ซ่อมเร็วมาก ขอบคุณครับ")
    page.click("[data-testid=rate-submit]")
    page.locator("[data-testid=rating]").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "complaint-track.png"), full_page=True)
    assert Complaint.objects.for_locality(locality).get(case=case).rating == 5

    # The engineer sees it.
    desk.reload()
    assert "5/5" in desk.locator("[data-testid=complaint-rating]").inner_text()
    desk.screenshot(path=str(SCREENSHOTS / "complaint-staff.png"), full_page=True)

    # The public map shows the complaint as a cluster.
    page.goto(f"{live_server.url}/{locality.slug}/complaints/map/")
    page.wait_for_selector("#complaints-map[data-features='1']")
    # The same in a list beside the map: usable without map tiles.
    page.locator("[data-testid=map-list] li").first.wait_for()
    assert "1" in page.locator("[data-testid=map-list]").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "complaints-map.png"), full_page=True)
    staff.close()
