"""Applying for a service on the web and working the application by the Act's steps: answers
checked against the form (and the version kept), a record of missing documents with a
deadline, supplied from the tracking page or the application closed, tenant isolation."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.errors import Conflict, IllegalTransition, PermissionDenied, ValidationFailed
from thongthin.core.models import Case
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import PASSWORD, jpeg, make_locality, make_staff

from ..models import Application, Service
from ..services import application_submit, applications_close_overdue, inspection_schedule

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "นายสมชาย ใจดี", "national_id": "1101700203450", "phone": "0812345678",
    "address": "12 ม.3 ต.ท่าวัง", "declaration": "1", "site": "8.4304, 99.9631",
    "floors": "2", "work": "ก่อสร้าง",
}  # fmt: skip


def inspect(application: Application, officer) -> None:  # type: ignore[no-untyped-def]
    """Set the site inspection for tomorrow and record its result."""
    from ..services import inspection_record, inspection_schedule

    application.refresh_from_db()
    inspection_schedule(
        application=application, actor=officer, when=timezone.now() + timedelta(days=1)
    )
    inspection_record(application=application, actor=officer, result="ตรงตามแบบ")


def _service(locality, code="building-permit") -> Service:
    return Service.objects.for_locality(locality).get(code=code)


def test_a_citizen_applies_on_the_web_and_is_taken_to_the_tracking_page(client):
    locality = make_locality()
    page = client.get(f"/{locality.slug}/services/building-permit/apply/")
    assert page.status_code == 200 and 'name="national_id"' in page.content.decode()
    sent = client.post(
        f"/{locality.slug}/services/building-permit/apply/",
        {**GOOD, "documents": _upload()},
    )
    assert sent.status_code == 302 and "?received=1" in sent["Location"]
    application = Application.objects.for_locality(locality).get()
    case = application.case
    assert case.kind == "application" and case.number.startswith("บ-")
    assert case.department.code == "engineering" and case.attachments.count() == 1
    # The ID is kept masked with a keyed hash, never as typed.
    assert "1101700203450" not in json.dumps(application.answers)
    assert application.answers["floors"] == 2.0 and application.answers["site"] == [8.4304, 99.9631]
    # The service's time limit (45 days) is the case's due date.
    assert abs(case.sla_due_at - case.created_at - timedelta(days=45)) < timedelta(seconds=5)
    tracked = client.get(sent["Location"]).content.decode()
    assert case.number in tracked and 'data-testid="application-panel"' in tracked


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("plan.jpg", jpeg((120, 120, 120)), content_type="image/jpeg")


@pytest.mark.parametrize(
    "change, code",
    [
        ({"national_id": "1101700203451"}, "national_id_invalid"),
        ({"phone": "12345"}, "phone_invalid"),
        ({"floors": "สอง"}, "answer_invalid"),
        ({"floors": "nan"}, "answer_invalid"),
        ({"floors": "-Infinity"}, "answer_invalid"),
        ({"floors": "9" * 5000}, "answer_invalid"),
        ({"work": "ต่อเติมหลังคา"}, "answer_invalid"),
        ({"site": "51.5, -0.12"}, "answer_invalid"),
        ({"declaration": ""}, "answer_required"),
        ({"full_name": "  "}, "answer_required"),
    ],
)
def test_a_bad_answer_is_refused_in_thai_and_files_nothing(client, change, code):
    locality = make_locality()
    answer = client.post(f"/{locality.slug}/services/building-permit/apply/", {**GOOD, **change})
    assert answer.status_code == 422
    assert 'data-testid="error"' in answer.content.decode()
    assert not Application.objects.for_locality(locality).exists()
    assert not Case.objects.for_locality(locality).filter(kind="application").exists()
    with pytest.raises(Exception) as refused:
        application_submit(
            locality=locality, service=_service(locality), answers={**GOOD, **change}
        )
    assert getattr(refused.value, "code", "") == code


def test_an_error_says_to_attach_the_files_again(client):
    locality = make_locality()
    answer = client.post(
        f"/{locality.slug}/services/building-permit/apply/", {**GOOD, "phone": "12345"}
    ).content.decode()
    assert "แนบไฟล์อีกครั้ง" in answer


def test_a_file_that_is_not_a_document_is_refused(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    locality = make_locality()
    bad = SimpleUploadedFile("plan.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    answer = client.post(
        f"/{locality.slug}/services/building-permit/apply/", {**GOOD, "documents": bad}
    )
    assert answer.status_code == 422
    assert not Application.objects.for_locality(locality).exists()


def test_an_application_keeps_the_form_it_was_filed_with():
    locality = make_locality()
    service = _service(locality)
    first = application_submit(locality=locality, service=service, answers=GOOD)
    service.form = [f for f in service.form if f["code"] != "floors"]
    service.form_version += 1
    service.save()
    assert first.form_version == 1 and any(f["code"] == "floors" for f in first.form)
    second = application_submit(locality=locality, service=service, answers=GOOD)
    assert second.form_version == 2 and "floors" not in second.answers


def test_missing_documents_recorded_supplied_then_considered(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = application_submit(locality=locality, service=_service(locality), answers=GOOD)
    case = case_transition(
        case=application.case, action="ask_documents", actor=officer,
        reason="ขาดแบบแปลน 5 ชุด และรายการคำนวณ",
    )  # fmt: skip
    application.refresh_from_db()
    assert case.status == "missing_documents" and "แบบแปลน" in application.missing_note
    assert application.missing_due > timezone.localdate()
    track = f"/{locality.slug}/track/{case.tracking_code}/"
    page = client.get(track).content.decode()
    assert 'data-testid="missing-documents"' in page and "ขาดแบบแปลน" in page
    supply = f"/{locality.slug}/applications/{case.tracking_code}/supply/"
    empty = client.post(supply, {"message": "ส่งแล้ว"}, follow=True)
    assert Case.objects.for_locality(locality).get(pk=case.pk).status == "missing_documents"
    assert "แนบ" in empty.content.decode()  # "attach the missing documents", in Thai
    client.post(supply, {"documents": _upload(), "message": "แนบแบบแปลนแล้ว"})
    case.refresh_from_db()
    application.refresh_from_db()
    assert case.status == "received" and application.missing_due is None
    assert case.attachments.count() == 1
    case = case_transition(case=case, action="complete", actor=officer)
    assert case.status == "considering" and case.assignee == officer
    # A building permit has a site inspection: no approval before its result.
    with pytest.raises(IllegalTransition) as caught:
        case_transition(case=case, action="approve", actor=officer)
    assert caught.value.code == "inspection_first"
    inspect(application, officer)
    case = case_transition(case=case, action="approve", actor=officer)
    case = case_transition(case=case, action="issue", actor=officer)
    assert case.status == "issued" and case.closed_at is not None


def test_documents_supplied_twice_keep_no_file_from_the_refused_replay():
    # The scans are written before the transaction (not under SQLite's write lock); the replay
    # is refused inside it, and the files written for it are removed.
    from django.core.files.storage import default_storage

    from ..services import application_supply

    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = application_submit(locality=locality, service=_service(locality), answers=GOOD)
    case_transition(case=application.case, action="ask_documents", actor=officer, reason="ขาด")
    # Two tabs loaded while documents were missing: the second send passes the early check
    # and is refused only inside the transaction, after its file was written.
    first, stale = (
        Application.objects.for_locality(locality).select_related("case").get(pk=application.pk)
        for _ in range(2)
    )
    application_supply(application=first, files=[jpeg()])
    before = set(_stored(default_storage, f"attachments/{locality.pk}"))
    with pytest.raises(IllegalTransition) as refused:
        application_supply(application=stale, files=[jpeg((200, 10, 10))])
    assert refused.value.code != "nothing_missing"  # refused by the step, not the early check
    assert set(_stored(default_storage, f"attachments/{locality.pk}")) == before
    assert application.case.attachments.count() == 1


def _stored(storage, folder: str) -> list[str]:
    if not storage.exists(folder):
        return []
    folders, files = storage.listdir(folder)
    return [f"{folder}/{f}" for f in files] + [
        name for sub in folders for name in _stored(storage, f"{folder}/{sub}")
    ]


def test_the_deadline_passing_closes_the_application_once():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = application_submit(locality=locality, service=_service(locality), answers=GOOD)
    case_transition(case=application.case, action="ask_documents", actor=officer, reason="ขาดแบบ")
    assert applications_close_overdue() == 0  # not due yet
    # Only the platform closes it, and the platform takes no one else's decisions.
    with pytest.raises(PermissionDenied):
        case_transition(case=application.case, action="abandon", actor=officer)
    with pytest.raises(PermissionDenied):
        case_transition(case=application.case, action="supply", system=True)
    Application.objects.for_locality(locality).update(
        missing_due=timezone.localdate() - timedelta(days=1)
    )
    assert applications_close_overdue() == 1
    assert applications_close_overdue() == 0  # idempotent
    assert Case.objects.for_locality(locality).get(pk=application.case_id).status == "abandoned"


def test_staff_see_the_answers_and_another_locality_sees_nothing(client):
    here, there = make_locality(), make_locality()
    application = application_submit(locality=here, service=_service(here), answers=GOOD)
    officer = make_staff(here, "officer", "engineering")
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(f"/staff/cases/{application.case.number}/").content.decode()
    assert 'data-testid="application-panel"' in page and "1101700203450" not in page
    assert "นายสมชาย ใจดี" in page and "x-xxxx-xxxxx-45-0" in page
    intruder = Client()
    intruder.login(username=make_staff(there, "officer").username, password=PASSWORD)
    assert intruder.get(f"/staff/cases/{application.case.number}/").status_code == 404
    # Supplying through another locality's address finds nothing.
    other = intruder.post(
        f"/{there.slug}/applications/{application.case.tracking_code}/supply/",
        {"documents": _upload()},
    )
    assert other.status_code == 404


def test_a_switched_off_service_takes_no_application(client):
    locality = make_locality()
    Service.objects.for_locality(locality).filter(code="building-permit").update(active=False)
    assert client.get(f"/{locality.slug}/services/building-permit/apply/").status_code == 404
    assert client.post(f"/{locality.slug}/services/building-permit/apply/", GOOD).status_code == 404


def test_thai_digits_are_read_as_the_same_id_and_phone():
    locality = make_locality()
    thai_digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    answers = {**GOOD, "national_id": GOOD["national_id"].translate(thai_digits),
               "phone": GOOD["phone"].translate(thai_digits)}  # fmt: skip
    one = application_submit(locality=locality, service=_service(locality), answers=answers)
    two = application_submit(locality=locality, service=_service(locality), answers=GOOD)
    assert one.answers["national_id"] == two.answers["national_id"]
    assert one.answers["phone"] == "0812345678"


def test_supplying_again_stores_nothing(client, settings):
    from pathlib import Path

    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = application_submit(locality=locality, service=_service(locality), answers=GOOD)
    case_transition(case=application.case, action="ask_documents", actor=officer, reason="ขาดแบบ")
    supply = f"/{locality.slug}/applications/{application.case.tracking_code}/supply/"
    client.post(supply, {"documents": _upload()})
    stored = sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    again = client.post(supply, {"documents": [_upload(), _upload()]}, follow=True)
    assert "ไม่มีเอกสารที่รอ" in again.content.decode()
    assert sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == stored
    assert Case.objects.for_locality(locality).get(pk=application.case_id).attachments.count() == 1


def test_a_service_without_an_online_form_takes_no_application(client):
    locality = make_locality()
    Service.objects.for_locality(locality).filter(code="building-permit").update(form=[])
    answer = client.post(f"/{locality.slug}/services/building-permit/apply/", GOOD)
    assert answer.status_code == 422
    assert not Application.objects.for_locality(locality).exists()


def test_each_showing_of_the_answers_to_staff_is_audited(client):
    from thongthin.core.models import AuditEvent

    locality = make_locality()
    application = application_submit(locality=locality, service=_service(locality), answers=GOOD)
    officer = make_staff(locality, "officer", "engineering")
    client.login(username=officer.username, password=PASSWORD)
    client.get(f"/staff/cases/{application.case.number}/")
    reads = AuditEvent.objects.for_locality(locality).filter(action="pii.read", actor=officer)
    assert reads.count() == 1 and reads.get().detail["number"] == application.case.number


def test_an_application_past_its_time_is_reported_every_seven_days(settings):
    from thongthin.core.models import CaseEvent, OutboxMessage

    from ..services import applications_tell_delay

    settings.THONGTHIN = {**settings.THONGTHIN, "FALLBACK_CHANNEL": "console"}
    locality = make_locality()
    application = application_submit(
        locality=locality, service=_service(locality), answers=GOOD,
        reporter=ReporterIn(name="นายสมชาย ใจดี", phone="0812345678"),
    )  # fmt: skip
    now = timezone.now()
    assert applications_tell_delay(now) == 0  # within its 45 days
    later = application.case.sla_due_at + timedelta(hours=1)
    assert applications_tell_delay(later) == 1
    assert applications_tell_delay(later + timedelta(days=3)) == 0  # told this week already
    assert applications_tell_delay(later + timedelta(days=7)) == 1
    events = CaseEvent.objects.for_locality(locality).filter(
        case=application.case, kind="delay_told"
    )
    assert events.count() == 2 and events.first().public
    texts = OutboxMessage.objects.for_locality(locality).values_list("payload", flat=True)
    assert sum("7 วัน" in p["text"] for p in texts) == 2
    # Decided: no more notices.
    Case.objects.for_locality(locality).filter(pk=application.case_id).update(closed_at=later)
    assert applications_tell_delay(later + timedelta(days=30)) == 0


def test_a_late_application_goes_to_the_division_head_and_the_reason_to_the_applicant(
    client, settings
):
    from thongthin.core.models import Department, OutboxMessage

    from ..services import applications_tell_delay

    settings.THONGTHIN = {**settings.THONGTHIN, "FALLBACK_CHANNEL": "console"}
    settings.THONGTHIN_MODULES = {"eservices": {"OPDC_DELAY_EMAIL": "opdc@example.org"}}
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    head = make_staff(locality, "officer", "engineering")
    head.email = "head@example.org"
    head.save()
    Department.objects.for_locality(locality).filter(code="engineering").update(head=head)
    application = application_submit(
        locality=locality, service=_service(locality), answers=GOOD,
        reporter=ReporterIn(name="นายสมชาย ใจดี", phone="0812345678"),
    )  # fmt: skip
    case = application.case
    client.login(username=officer.username, password=PASSWORD)
    money = f"/staff/eservices/{case.number}/money/delay/"
    early = client.post(money, {"reason": "รอผลตรวจสอบ"}).content.decode()
    assert "not_overdue" in early  # not late yet: nothing to explain
    late = case.sla_due_at + timedelta(hours=1)
    Case.objects.for_locality(locality).filter(pk=case.pk).update(
        sla_due_at=timezone.now() - timedelta(hours=1)
    )
    assert applications_tell_delay(late) == 1
    outbox = OutboxMessage.objects.for_locality(locality)
    assert outbox.filter(recipient="head@example.org").count() == 1
    assert case.events.filter(kind="escalated").count() == 1
    assert applications_tell_delay(late + timedelta(days=7)) == 1
    assert outbox.filter(recipient="head@example.org").count() == 1  # the head is told once
    assert outbox.filter(recipient="opdc@example.org").count() == 2  # a copy of each notice
    page = client.get(f"/staff/cases/{case.number}/").content.decode()
    assert 'data-testid="delay-form"' in page
    assert "reason_required" in client.post(money, {"reason": "  "}).content.decode()
    client.post(money, {"reason": "รอความเห็นจากกรมโยธาธิการ"})
    application.refresh_from_db()
    assert application.delay_reason == "รอความเห็นจากกรมโยธาธิการ"
    told = outbox.exclude(recipient__endswith="@example.org").order_by("-id").first()
    assert "รอความเห็นจากกรมโยธาธิการ" in told.payload["text"]
    tracked = Client().get(f"/{locality.slug}/track/{case.tracking_code}/").content.decode()
    assert 'data-testid="delay"' in tracked and "รอความเห็นจากกรมโยธาธิการ" in tracked


def test_an_officer_files_a_walk_in_application_with_the_scanned_documents(client):
    locality, there = make_locality(), make_locality()
    officer = make_staff(locality, "officer", "engineering")
    client.login(username=officer.username, password=PASSWORD)
    listing = client.get("/staff/eservices/walk-in/").content.decode()
    assert "/staff/eservices/walk-in/building-permit/" in listing
    page = "/staff/eservices/walk-in/building-permit/"
    refused = client.post(page, {**GOOD, "national_id": "1101700203451"})
    assert refused.status_code == 422 and 'data-testid="error"' in refused.content.decode()
    assert not Application.objects.for_locality(locality).exists()
    sent = client.post(page, {**GOOD, "documents": _upload()})
    application = Application.objects.for_locality(locality).get()
    case = application.case
    assert sent.status_code == 302 and unquote(sent["Location"]) == f"/staff/cases/{case.number}/"
    assert case.channel == "walk_in" and case.attachments.count() == 1
    assert case.events.filter(actor=officer).exists()
    # Another locality's officer files nothing here: the service is looked up in their own.
    Service.objects.for_locality(there).filter(code="building-permit").update(active=False)
    outsider = Client()
    outsider.login(username=make_staff(there, "officer").username, password=PASSWORD)
    assert outsider.post(page, GOOD).status_code == 404
    assert Application.objects.unscoped().count() == 1


def test_a_file_field_takes_only_the_kinds_it_allows(client):
    from ..formdata import form_check

    locality = make_locality()
    service = _service(locality)
    form = [dict(f) for f in service.form]
    for field in form:
        if field["type"] == "file":
            field["accept"] = ["pdf"]
    Service.objects.for_locality(locality).filter(pk=service.pk).update(form=form)
    page = client.get(f"/{locality.slug}/services/building-permit/apply/").content.decode()
    assert 'accept="application/pdf"' in page
    answer = client.post(
        f"/{locality.slug}/services/building-permit/apply/", {**GOOD, "documents": _upload()}
    )
    assert answer.status_code == 422 and "file_type_not_allowed" not in answer.content.decode()
    assert "PDF" in answer.content.decode()
    assert not Application.objects.for_locality(locality).exists()
    with pytest.raises(ValidationFailed):
        form_check([{"code": "scan", "type": "file", "label_th": "สแกน", "accept": ["exe"]}])


def test_the_site_inspection_is_set_told_and_recorded_before_approval(client, settings):
    from thongthin.core.models import OutboxMessage

    settings.THONGTHIN = {**settings.THONGTHIN, "FALLBACK_CHANNEL": "console"}
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = application_submit(
        locality=locality, service=_service(locality), answers=GOOD,
        reporter=ReporterIn(name="นายสมชาย ใจดี", phone="0812345678"),
    )  # fmt: skip
    case = application.case
    client.login(username=officer.username, password=PASSWORD)
    inspect_url = f"/staff/eservices/{case.number}/money/inspect/"
    early = client.post(inspect_url, {"day": "1/1/2570", "time": "10:00"}).content.decode()
    assert "not_considering" in early  # still being checked for documents
    case_transition(case=case, action="complete", actor=officer)
    tomorrow = thai.to_bangkok(timezone.now() + timedelta(days=1)).date()
    for bad in ({"day": "31/2/2570", "time": "10:00"}, {"day": "1/1/2500", "time": "10:00"},
                {"day": thai.format_date_input(tomorrow), "time": "25:99"}):  # fmt: skip
        assert "inspection_time_invalid" in client.post(inspect_url, bad).content.decode()
    application.refresh_from_db()
    assert application.inspection_at is None
    client.post(
        inspect_url,
        {"day": thai.format_date_input(tomorrow), "time": "10:30", "note": "เตรียมแบบแปลน"},
    )
    application.refresh_from_db()
    assert thai.to_bangkok(application.inspection_at).strftime("%H:%M") == "10:30"
    told = OutboxMessage.objects.for_locality(locality).order_by("-id").first()
    assert "10:30" in told.payload["text"] and "เตรียมแบบแปลน" in told.payload["text"]
    tracked = Client().get(f"/{locality.slug}/track/{case.tracking_code}/").content.decode()
    assert 'data-testid="inspection-set"' in tracked
    done = f"/staff/eservices/{case.number}/money/inspected/"
    assert "result_required" in client.post(done, {"result": " "}).content.decode()
    client.post(done, {"result": "ตรงตามแบบ"})
    case_transition(case=Case.objects.for_locality(locality).get(pk=case.pk), action="approve",
                    actor=officer)  # fmt: skip
    # A service without an inspection has no inspection to set.
    water = application_submit(
        locality=locality, service=_service(locality, "water-truck"),
        answers={**GOOD, "needed_on": thai.format_date_input(tomorrow)},
    )  # fmt: skip
    case_transition(case=water.case, action="complete", actor=officer)
    with pytest.raises(Conflict):
        inspection_schedule(
            application=water, actor=officer, when=timezone.now() + timedelta(days=1)
        )


def test_the_form_speaks_malay_to_a_malay_reader_and_a_missing_tick_says_tick(client):
    locality = make_locality()
    client.cookies["django_language"] = "ms"
    page = client.get(f"/{locality.slug}/services/building-permit/apply/").content.decode()
    assert "Nama penuh pemohon" in page and "Bilangan tingkat" in page
    client.cookies["django_language"] = "th"
    refused = client.post(
        f"/{locality.slug}/services/building-permit/apply/", {**GOOD, "declaration": ""}
    ).content.decode()
    assert "กรุณาทำเครื่องหมายในช่อง" in refused


def test_an_address_takes_its_sub_district_from_the_thai_geography(client):
    locality = make_locality()
    area = locality.subdistricts.first()
    page = client.get(f"/{locality.slug}/services/building-permit/apply/").content.decode()
    assert f'<option value="{area.pk}">ต.{area.name_th}' in page
    url = f"/{locality.slug}/services/building-permit/apply/"
    refused = client.post(url, {**GOOD, "address__area": "999999999"})
    assert refused.status_code == 422 and not Application.objects.for_locality(locality).exists()
    client.post(url, {**GOOD, "address__area": str(area.pk)})
    application = Application.objects.for_locality(locality).get()
    address = application.answers["address"]
    assert address["subdistrict"] == area.pk and address["text"] == GOOD["address"]
    assert address["area"].startswith(f"ต.{area.name_th} อ.")
    officer = make_staff(locality, "officer", "engineering")
    client.login(username=officer.username, password=PASSWORD)
    shown = client.get(f"/staff/cases/{application.case.number}/").content.decode()
    assert f"{GOOD['address']} ต.{area.name_th}" in shown
