"""In a real browser: an officer works a complaint from "My work" (map, directions, landmark,
refusal in its own step, accepting takes it), forwards it to the electricity authority; the
authority, with no account, opens the link from its e-mail on a phone, posts progress and
closes its part; the citizen reads it on the tracking page."""

import re

import pytest
from django.core import mail

from thongthin.core.models import Case, OutboxMessage
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.notifications import outbox_deliver_due
from thongthin.core.testing import PASSWORD, make_locality, make_staff
from thongthin.modules.complaints import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_forwards_and_the_organisation_reports_back_through_its_link(
    live_server, browser, axe, settings
):
    # The operator's setting for the address the site is reached at (what `serve` announces).
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_BASE_URL": live_server.url}
    locality = make_locality("nakhonsi", name_th="เทศบาลนครนครศรีธรรมราช", name_en="Nakhon Si")
    officer = make_staff(locality, "officer", "engineering")
    officer.first_name, officer.last_name = "สมศักดิ์", "ช่างดี"
    officer.save()
    complaint = services.complaint_create(
        locality=locality,
        description="เสาไฟฟ้าเอียงจะล้ม หน้าโรงเรียน",
        category_code="lighting",
        channel="line",
        lat=8.4304,
        lon=99.9631,
        address="หน้าโรงเรียนวัดท่าโพธิ์",
        reporter=ReporterIn(phone="0812345678"),
    )
    number = complaint.case.number

    # The officer, at a desk.
    desk_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk.goto(f"{live_server.url}/staff/login/")
    desk.fill("#id_username", officer.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("button[type=submit]")
    desk.goto(f"{live_server.url}/staff/?scope=mine")
    desk.click(f"text={number}")
    desk.locator("[data-testid=case-address]", has_text="หน้าโรงเรียนวัดท่าโพธิ์").wait_for()
    assert "destination=8.43" in desk.get_attribute("[data-testid=directions]", "href")
    # The point on a small map, with Leaflet's marker image found (hashed names or not).
    desk.locator(".small-map .leaflet-marker-icon").wait_for()
    icon = desk.get_attribute(".small-map .leaflet-marker-icon", "src")
    assert icon.endswith("marker-icon.png") and not icon.startswith("null")
    assert desk.evaluate(
        "src => fetch(src).then(r => r.status)", icon
    ) == 200  # fmt: skip
    # Refusing asks its reason in its own step; accepting takes the case.
    assert not desk.locator("[data-testid=action-reject]").is_visible()
    desk.click("[data-testid=action-accept]")
    desk.locator("[data-testid=case-status]", has_text="รับเรื่องแล้ว").wait_for()
    assert "สมศักดิ์ ช่างดี" in desk.locator("dl.facts").first.inner_text()
    assert "สมศักดิ์ ช่างดี" in desk.locator("[data-testid=timeline]").inner_text()
    axe(desk)

    # Forwarded to the authority with its e-mail address.
    desk.click("text=ส่งต่อหน่วยงานอื่น")
    desk.fill("input[name=organisation]", "การไฟฟ้าส่วนภูมิภาค (PEA)")
    desk.fill("input[aria-label='forward reason']", "เสาไฟฟ้าเป็นของ กฟภ.")
    desk.fill("#forward-email", "pea-nakhonsi@example.org")
    desk.click("form:has(#forward-email) button")
    desk.locator("[data-testid=case-status]", has_text="ส่งต่อหน่วยงานอื่น").wait_for()
    outbox_deliver_due()
    letter = next(m for m in mail.outbox if "pea-nakhonsi@example.org" in m.to)
    assert number in letter.body and "หน้าโรงเรียนวัดท่าโพธิ์" in letter.body
    link = re.search(r"https?://\S+/complaints/handover/\S+/", letter.body).group(0)

    # The authority, on a phone, without an account.
    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    assert number in phone.locator("h1").inner_text()
    axe(phone)
    phone.fill("#handover-message", "ส่งทีมช่างไปตั้งเสาใหม่พรุ่งนี้เช้า")
    phone.click("[data-testid=handover-submit]")
    phone.locator("[data-testid=handover-posted]").wait_for()
    phone.fill("#handover-message", "ตั้งเสาใหม่เรียบร้อยแล้ว")
    phone.check("#handover-close")
    phone.click("[data-testid=handover-submit]")
    phone.locator("[data-testid=handover-closed]").wait_for()
    assert not phone.locator("[data-testid=handover-form]").count()  # closed: no more posts

    # The citizen reads the authority's words.
    case = Case.objects.for_locality(locality).get(number=number)
    phone.goto(f"{live_server.url}/{locality.slug}/track/{case.tracking_code}/")
    timeline = phone.locator("main").inner_text()
    assert "ส่งทีมช่างไปตั้งเสาใหม่พรุ่งนี้เช้า" in timeline and "ตั้งเสาใหม่เรียบร้อยแล้ว" in timeline
    # The officer sees it too, and the reporter was told by SMS/LINE through the outbox.
    desk.reload()
    assert "ตั้งเสาใหม่เรียบร้อยแล้ว" in desk.locator("[data-testid=timeline]").inner_text()
    assert OutboxMessage.objects.for_locality(locality).filter(channel="email").count() == 1
    desk_context.close()
    phone_context.close()
