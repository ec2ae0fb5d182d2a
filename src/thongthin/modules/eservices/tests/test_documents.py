"""Receipts and issued documents as PDF, the public check page behind the document's QR code,
revocation, the renewal reminder 30 days before expiry and renewing from the old document."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from thongthin.core import thai
from thongthin.core.errors import Conflict, ValidationFailed
from thongthin.core.models import Case, OutboxMessage
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..models import Application, IssuedDocument, Service
from ..services import (
    application_charge,
    document_revoke,
    documents_remind_renewal,
    payment_record,
)
from ..services.documents import add_months, document_fill
from .test_payments import _approved

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _doc(application) -> IssuedDocument:
    return IssuedDocument.objects.for_locality(application.locality_id).get(application=application)


def _issued(locality, officer, months=12):
    Service.objects.for_locality(locality).filter(code="building-permit").update(
        validity_months=months
    )
    reporter = ReporterIn(name="นายสมชาย ใจดี", phone="0812345678")
    application = _approved(locality, officer, reporter=reporter)
    application = application_charge(application=application, actor=officer)
    payment = payment_record(
        application=application, actor=officer, method="cash", amount="200", payer="นายสมชาย ใจดี"
    )
    case_transition(case=application.case, action="issue", actor=officer)
    application.refresh_from_db()
    return application, payment


def test_issuing_makes_the_document_from_the_services_template():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application, _payment = _issued(locality, officer)
    document = IssuedDocument.objects.for_locality(locality).get(application=application)
    today = thai.to_bangkok(timezone.now()).date()
    assert document.valid_until == add_months(today, 12)
    assert document.holder == "นายสมชาย ใจดี" and application.case.number in document.body
    assert "2 ชั้น" in document.body and "{{" not in document.body
    assert len(document.token) >= 24
    with pytest.raises(PermissionError):
        document.delete()


def test_template_placeholders_are_only_values():
    values = {"full_name": "ก", "number": "บ-1"}
    assert document_fill("{{ full_name }} {{number}} {{ nothing }}", values) == "ก บ-1 "
    # No attribute or index lookups: only a name is a placeholder.
    assert document_fill("{{ full_name.__class__ }}", values) == "{{ full_name.__class__ }}"
    assert add_months(timezone.datetime(2027, 1, 31).date(), 1).isoformat() == "2027-02-28"


def test_receipt_and_document_pdfs_for_the_officer_and_the_applicant(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application, payment = _issued(locality, officer)
    client.login(username=officer.username, password=PASSWORD)
    receipt = client.get(f"/staff/eservices/receipts/{payment.pk}.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = _text(receipt.content)
    assert "ใบเสร็จรับเงิน" in text and payment.receipt_no.split("/")[0] in text
    assert "สองร้อยบาทถ้วน" in text and "200.00" in text
    document = client.get(f"/staff/eservices/documents/{_doc(application).pk}.pdf")
    assert document.status_code == 200 and "แบบ อ.1" in _text(document.content)
    # The applicant, with the tracking code only.
    code = application.case.tracking_code
    anonymous = Client()
    mine = anonymous.get(f"/{locality.slug}/applications/{code}/document.pdf")
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    mine = anonymous.get(f"/{locality.slug}/applications/{code}/receipts/{payment.pk}.pdf")
    assert mine.status_code == 200
    tracked = anonymous.get(f"/{locality.slug}/track/{code}/").content.decode()
    assert 'data-testid="my-document"' in tracked and 'data-testid="my-receipt"' in tracked
    # A wrong code, another locality's receipt: not found, nothing rendered.
    assert anonymous.get(f"/{locality.slug}/applications/XXXX/document.pdf").status_code == 404
    other = make_locality(slug="other")
    assert anonymous.get(f"/{other.slug}/applications/{code}/document.pdf").status_code == 404
    other_staff = make_staff(other, "officer", "engineering")
    client.login(username=other_staff.username, password=PASSWORD)
    assert client.get(f"/staff/eservices/receipts/{payment.pk}.pdf").status_code == 404
    assert client.get(f"/staff/eservices/documents/{_doc(application).pk}.pdf").status_code == 404


def test_the_public_check_page_says_valid_expired_revoked_or_unknown(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application, _payment = _issued(locality, officer)
    document = _doc(application)
    url = f"/{locality.slug}/verify/{document.token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "เอกสารจริงและยังใช้ได้" in page.content.decode()
    assert 'data-testid="verify-holder">นายสมชาย ใจดี' in page.content.decode()
    unknown = client.get(f"/{locality.slug}/verify/{'x' * 24}/")
    assert unknown.status_code == 404 and 'data-testid="verify-unknown"' in unknown.content.decode()
    # Another locality's page does not vouch for this document.
    other = make_locality(slug="other")
    assert client.get(f"/{other.slug}/verify/{document.token}/").status_code == 404
    IssuedDocument.objects.for_locality(locality).filter(pk=document.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert "หมดอายุแล้ว" in client.get(url).content.decode()
    document.refresh_from_db()
    from ..services import document_state

    assert document_state(document) == "expired"
    with pytest.raises(ValidationFailed):
        document_revoke(document=document, actor=officer, reason=" ")
    document_revoke(document=document, actor=officer, reason="ใช้ผิดเงื่อนไข")
    assert document_state(document) == "revoked"
    assert "ถูกเพิกถอนแล้ว" in client.get(url).content.decode()
    with pytest.raises(Conflict):
        document_revoke(document=document, actor=officer, reason="again")
    assert IssuedDocument.objects.for_locality(locality).filter(pk=document.pk).exists()


def test_the_holder_is_reminded_once_30_days_before_expiry_and_renews_from_it(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application, _payment = _issued(locality, officer)
    document = _doc(application)
    assert documents_remind_renewal() == 0  # a year away
    soon = timezone.localdate() + timedelta(days=20)
    IssuedDocument.objects.for_locality(locality).filter(pk=document.pk).update(valid_until=soon)
    outbox = OutboxMessage.objects.for_locality(locality)
    before = outbox.count()
    assert documents_remind_renewal() == 1
    assert documents_remind_renewal() == 0  # once
    assert outbox.count() == before + 1
    code = application.case.tracking_code
    assert f"renew={code}" in outbox.order_by("-id").first().payload["text"]
    page = client.get(f"/{locality.slug}/services/building-permit/apply/?renew={code}")
    html = page.content.decode()
    assert 'data-testid="renewing"' in html and "นายสมชาย ใจดี" in html
    from .test_applications import GOOD

    sent = client.post(f"/{locality.slug}/services/building-permit/apply/", {**GOOD, "renew": code})
    assert sent.status_code == 302
    renewal = Application.objects.for_locality(locality).exclude(pk=application.pk).get()
    assert renewal.renews_id == document.pk
    # A made-up code is simply not a renewal.
    page = client.get(f"/{locality.slug}/services/building-permit/apply/?renew=NOPE")
    assert 'data-testid="renewing"' not in page.content.decode()


def test_the_applicant_rates_a_finished_application_once_from_the_tracking_page(client):
    from thongthin.core.services.ratings import ratings_summary

    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    open_one = _approved(locality, officer, reporter=ReporterIn(name="ก ข", phone="0899999999"))
    url = f"/{locality.slug}/applications/{open_one.case.tracking_code}/rate/"
    client.post(url, {"stars": "5"})
    assert not open_one.case.events.filter(kind="rating").exists()  # not finished yet
    application, _payment = _issued(locality, officer)
    track = f"/{locality.slug}/track/{application.case.tracking_code}/"
    assert 'data-testid="rate-form"' in client.get(track).content.decode()
    url = f"/{locality.slug}/applications/{application.case.tracking_code}/rate/"
    for bad in ("0", "6", "five", ""):
        client.post(url, {"stars": bad})
    assert not application.case.events.filter(kind="rating").exists()
    sent = client.post(url, {"stars": "4", "comment": "รวดเร็ว"}, follow=True)
    assert 'data-testid="my-rating"' in sent.content.decode()
    again = client.post(url, {"stars": "1"}, follow=True).content.decode()
    assert "already been rated" in again or "ให้คะแนนแล้ว" in again
    events = application.case.events.filter(kind="rating")
    assert events.count() == 1 and events.get().data == {"stars": 4, "comment": "รวดเร็ว"}
    cases = Case.objects.for_locality(locality).filter(kind="application")
    assert ratings_summary(locality=locality, cases=cases)["average"] == 4.0
    other = make_locality()
    assert (
        client.post(
            f"/{other.slug}/applications/{application.case.tracking_code}/rate/", {"stars": "1"}
        ).status_code
        == 404
    )
