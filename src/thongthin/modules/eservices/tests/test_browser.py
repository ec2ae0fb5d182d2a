"""In a real browser: a citizen on a phone reads a service's manual and applies; the officer
asks for a missing document; the citizen supplies it from the tracking page; the officer
finds the documents complete, sets the site inspection (the citizen sees it) and records its
result, and approves; the fee is shown as a Thai QR, paid, and matched
from the bank's statement with its receipt; the permit is issued and the citizen checks it on
the public page. The counter's queue display follows the officer's calls. Every page checked
with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.models import Case
from thongthin.core.testing import PASSWORD, jpeg, make_locality, make_staff
from thongthin.modules.eservices.models import PaymentAccount, Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_on_a_phone_supply_a_missing_document_and_get_approved(
    live_server, browser, axe, tmp_path
):
    locality = make_locality("nonghoi", name_th="เทศบาลตำบลหนองหอย", name_en="Nong Hoi")
    officer = make_staff(locality, "officer", "engineering")
    Service.objects.for_locality(locality).filter(code="building-permit").update(fee=200)
    PaymentAccount.objects.create(
        locality=locality, name="เทศบาลตำบลหนองหอย", biller_id="099400016550100"
    )
    plan, deed = tmp_path / "plan.jpg", tmp_path / "deed.jpg"
    plan.write_bytes(jpeg((150, 150, 150)))
    deed.write_bytes(jpeg((200, 180, 120)))

    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/{locality.slug}/")
    phone.click("text=บริการและคู่มือประชาชน")
    phone.click("text=ขออนุญาตก่อสร้าง ดัดแปลง รื้อถอน หรือเคลื่อนย้ายอาคาร")
    assert "45" in phone.locator("[data-testid=time-limit]").inner_text()
    axe(phone)
    phone.click("[data-testid=apply-link]")
    phone.fill("#f-full_name", "นายสมชาย ใจดี")
    phone.fill("#f-national_id", "1101700203451")  # a digit wrong: refused, nothing filed
    phone.fill("#f-phone", "0812345678")
    phone.fill("#f-address", "12 ม.3 ต.หนองหอย")
    phone.check("#f-declaration")
    # The place: a tap on the map fills the field (typing it stays possible).
    phone.locator("[data-testid=pick-site]").click()
    assert re.match(r"^\d+\.\d{6}, \d+\.\d{6}$", phone.input_value("#f-site"))
    phone.fill("#f-site", "8.4304, 99.9631")
    phone.fill("#f-floors", "2")
    phone.select_option("#f-work", "ก่อสร้าง")
    phone.set_input_files("#f-documents", str(plan))
    phone.click("[data-testid=apply-submit]")
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in phone.locator("[data-testid=error]").inner_text()
    assert phone.input_value("#f-full_name") == "นายสมชาย ใจดี"  # what was typed is kept
    axe(phone)
    assert not Case.objects.for_locality(locality).filter(kind="application").exists()
    phone.fill("#f-national_id", "1101700203450")
    phone.set_input_files("#f-documents", str(plan))
    phone.click("[data-testid=apply-submit]")
    phone.locator("[data-testid=received]").wait_for()
    case = Case.objects.for_locality(locality).get(kind="application")
    assert case.number in phone.locator("main").inner_text()

    # The officer asks for the title deed, in writing, with a deadline.
    desk_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk.goto(f"{live_server.url}/staff/login/")
    desk.fill("#id_username", officer.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("button[type=submit]")
    desk.goto(f"{live_server.url}/staff/cases/{case.number}/")
    panel = desk.locator("[data-testid=application-panel]").inner_text()
    assert "x-xxxx-xxxxx-45-0" in panel and "1101700203450" not in panel
    desk.click("[data-testid=dialog-ask_documents] summary")
    desk.fill("#reason-ask_documents", "ขาดสำเนาโฉนดที่ดินขนาดเท่าฉบับจริง")
    desk.click("[data-testid=action-ask_documents]")
    desk.locator("[data-testid=case-status]", has_text="เอกสารไม่ครบ").wait_for()
    axe(desk)

    # The citizen reads what is missing and sends it from the tracking page.
    phone.goto(f"{live_server.url}/{locality.slug}/track/{case.tracking_code}/")
    missing = phone.locator("[data-testid=missing-documents]").inner_text()
    assert "สำเนาโฉนดที่ดิน" in missing and "โปรดส่งภายใน" in missing
    axe(phone)
    phone.set_input_files("#supply-files", str(deed))
    phone.fill("#supply-message", "แนบโฉนดแล้วครับ")
    phone.click("[data-testid=supply-submit]")
    phone.locator("[data-testid=supply-form]").wait_for(state="detached")
    assert Case.objects.for_locality(locality).get(pk=case.pk).status == "received"

    # Complete, approved, issued.
    desk.reload()
    desk.click("[data-testid=action-complete]")
    desk.locator("[data-testid=case-status]", has_text="อยู่ระหว่างพิจารณา").wait_for()
    # The site inspection: set for tomorrow (told to the citizen), then its result.
    tomorrow = thai.to_bangkok(timezone.now() + timedelta(days=1)).date()
    desk.fill("#inspect-day", thai.format_date_input(tomorrow))
    desk.fill("#inspect-time", "10:00")
    desk.fill("#inspect-note", "เตรียมแบบแปลนฉบับจริง")
    desk.click("[data-testid=inspect-submit]")
    desk.locator("[data-testid=inspected-form]").wait_for()
    phone.reload()
    assert "เตรียมแบบแปลนฉบับจริง" in phone.locator("[data-testid=inspection-set]").inner_text()
    desk.fill("#inspected-result", "ก่อสร้างได้ตามแบบ")
    desk.click("[data-testid=inspected-submit]")
    desk.locator("[data-testid=inspection]", has_text="ก่อสร้างได้ตามแบบ").wait_for()
    desk.click("[data-testid=action-approve]")
    desk.locator("[data-testid=case-status]", has_text="อนุมัติแล้ว").wait_for()
    # The fee: charged, paid by Thai QR, a receipt.
    desk.click("[data-testid=charge-submit]")
    desk.locator("[data-testid=case-status]", has_text="รอชำระค่าธรรมเนียม").wait_for()
    phone.reload()
    phone.locator("[data-testid=payment-qr] svg").wait_for()
    assert "200.00" in phone.locator("[data-testid=fee-due]").inner_text()
    axe(phone)
    # The bank's statement arrives; the officer imports it and the payment is matched.
    ref1 = "".join(ch for ch in case.number if ch.isdigit())
    statement = tmp_path / "statement.csv"
    statement.write_text(
        f"date,time,amount,ref1,ref2,payer,bank_ref\n3/12/2569,10:15,200.00,{ref1},2570,"
        "นายสมชาย ใจดี,TX0001\n3/12/2569,10:20,99.00,1234567890,2570,ไม่ทราบ,TX0002\n",
        encoding="utf-8",
    )
    desk.goto(f"{live_server.url}/staff/eservices/statements/")
    desk.set_input_files("#statement-file", str(statement))
    desk.click("[data-testid=statement-submit]")
    assert "1234567890" in desk.locator("[data-testid=statement-lines]").inner_text()
    axe(desk)
    desk.goto(f"{live_server.url}/staff/cases/{case.number}/")
    desk.locator("[data-testid=case-status]", has_text="ชำระเงินแล้ว").wait_for()
    pdf = desk.request.get(
        live_server.url + desk.get_attribute("[data-testid=receipt-pdf]", "href")
    )
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    desk.click("[data-testid=receipt-link]")
    receipt = desk.locator("[data-testid=receipt]").inner_text()
    assert "ใบเสร็จรับเงิน" in receipt and "000001" in receipt and "200.00" in receipt
    axe(desk)
    desk.goto(f"{live_server.url}/staff/cases/{case.number}/")
    desk.click("[data-testid=action-issue]")
    desk.locator("[data-testid=case-status]", has_text="ออกเอกสารแล้ว").wait_for()
    case.refresh_from_db()
    assert case.status == "issued" and case.attachments.count() == 2
    assert "แบบ อ.1" in desk.locator("[data-testid=issued-document]").inner_text()

    # The citizen downloads the permit and checks it as anyone holding the paper would.
    phone.reload()
    phone.locator("[data-testid=my-document]").wait_for()
    document = phone.request.get(
        live_server.url + phone.get_attribute("[data-testid=my-document] a >> nth=0", "href")
    )
    assert document.ok and document.body().startswith(b"%PDF")
    phone.click("[data-testid=my-document] >> text=ตรวจสอบเอกสาร")
    assert "เอกสารจริงและยังใช้ได้" in phone.locator("[data-testid=verify-state]").inner_text()
    assert "นายสมชาย ใจดี" in phone.locator("[data-testid=verify-holder]").inner_text()
    axe(phone)
    # And rates the service (the one-stop centre's satisfaction figure).
    phone.goto(f"{live_server.url}/{locality.slug}/track/{case.tracking_code}/")
    phone.check("[data-testid=rate-form] input[value='5']")
    axe(phone)
    phone.click("[data-testid=rate-submit]")
    assert "★★★★★" in phone.locator("[data-testid=my-rating]").inner_text()
    assert case.events.filter(kind="rating").get().data["stars"] == 5
    phone_context.close()
    desk_context.close()


def test_the_queue_display_follows_the_officers_calls(live_server, browser, axe):
    locality = make_locality("nonghoi", name_th="เทศบาลตำบลหนองหอย", name_en="Nong Hoi")
    officer = make_staff(locality, "officer", "engineering")
    tv_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
    tv = tv_context.new_page()
    tv.set_default_timeout(10_000)
    tv.goto(f"{live_server.url}/{locality.slug}/queue/display/")
    tv.click("[data-testid=sound-on]")
    axe(tv)

    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/{locality.slug}/queue/")
    axe(phone)
    phone.click("[data-testid=take-A]")
    assert phone.locator("[data-testid=ticket-code]").inner_text() == "A001"
    # The kiosk shows a code to carry the ticket away; the citizen follows it on their phone.
    phone.locator("[data-testid=ticket-qr] svg").wait_for()
    phone.goto(phone.url.split("?", 1)[0])
    assert "0" in phone.locator("[data-testid=ticket-ahead]").inner_text()
    axe(phone)
    tv.locator("#groups", has_text="1").wait_for()

    desk_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk.goto(f"{live_server.url}/staff/login/")
    desk.fill("#id_username", officer.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("button[type=submit]")
    desk.goto(f"{live_server.url}/staff/eservices/counter/")
    desk.select_option("#counter-pick", label="2 · ช่อง 2")
    desk.click("text=ใช้ช่องนี้")
    desk.click("[data-testid=give-ticket]")  # a walk-in without a phone: line A again
    desk.locator("[data-testid=given]", has_text="A002").wait_for()
    axe(desk)
    desk.click("[data-testid=call-next]")
    desk.locator("[data-testid=current]", has_text="A001").wait_for()
    # The TV shows it within a second or two, without a reload.
    tv.locator("[data-testid=now-ticket]", has_text="A001").wait_for(timeout=3_000)
    assert tv.locator("[data-testid=now-counter]").inner_text() == "2"
    # The citizen's own page says where to go (it refreshes itself every 5 s).
    phone.locator("[data-testid=ticket-called]").wait_for(timeout=8_000)
    assert "2" in phone.locator("[data-testid=ticket-called]").inner_text()
    desk.click("[data-testid=call-next]")
    tv.locator("[data-testid=now-ticket]", has_text="A002").wait_for(timeout=3_000)
    desk.click("[data-testid=call-next]")  # nobody left: said plainly, nothing changes
    assert "ไม่มีผู้รอ" in desk.locator("[data-testid=error]").inner_text()
    desk.locator("[data-testid=current]", has_text="A002").wait_for()
    # Served: the TV's big line empties (it shows only someone still called).
    desk.click("[data-testid=done]")
    tv.locator("[data-testid=now-ticket]", has_text="—").wait_for(timeout=3_000)
    for context in (tv_context, phone_context, desk_context):
        context.close()
