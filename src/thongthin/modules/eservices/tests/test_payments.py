"""Fees, payment and receipts: the fee charged, paid once with a receipt numbered per fiscal
year without gaps (also under concurrent confirmation), voided never deleted, the Thai QR on
the tracking page, and the shortcuts refused."""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection

from thongthin.core import thai
from thongthin.core.errors import Conflict, IllegalTransition, ValidationFailed
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..models import Application, Payment, PaymentAccount, Service
from ..services import (
    application_charge,
    application_submit,
    payment_record,
    payment_void,
)
from .test_applications import GOOD


def _approved(
    locality, officer, code="building-permit", fee=Decimal("200"), reporter=None
) -> Application:
    service = Service.objects.for_locality(locality).get(code=code)
    service.fee = fee
    service.save()
    application = application_submit(
        locality=locality, service=service, answers=GOOD, reporter=reporter
    )
    case = case_transition(case=application.case, action="complete", actor=officer)
    if service.inspection:
        from .test_applications import inspect

        inspect(application, officer)
    case_transition(case=case, action="approve", actor=officer)
    application.refresh_from_db()
    return application


@pytest.mark.django_db
def test_charge_pay_receipt_issue_and_void(client):
    from django.utils import timezone

    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = _approved(locality, officer)
    with pytest.raises(IllegalTransition):  # a fee is due before the licence
        case_transition(case=application.case, action="issue", actor=officer)
    with pytest.raises(ValidationFailed):  # the case page cannot take money steps
        case_transition(case=application.case, action="charge", actor=officer)
    application = application_charge(application=application, actor=officer)
    assert application.fee == Decimal("200.00") and application.case.status == "fee_due"
    with pytest.raises(ValidationFailed) as wrong:
        payment_record(application=application, actor=officer, method="cash", amount="150")
    assert wrong.value.code == "amount_mismatch"
    payment = payment_record(
        application=application, actor=officer, method="cash", amount="200", payer="นายสมชาย"
    )
    year = thai.fiscal_year_be(timezone.now())
    assert payment.receipt_no == f"{year}/000001"
    with pytest.raises(Conflict):
        payment_record(application=application, actor=officer, method="cash", amount="200")
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(f"/staff/eservices/receipts/{payment.pk}/").content.decode()
    assert "ใบเสร็จรับเงิน" in page and f"{year}/000001" in page and "200.00" in page
    # A mistake is voided, not deleted; the fee is due again and the next receipt is 000002.
    voided = payment_void(payment=payment, actor=officer, reason="รับเงินผิดรายการ")
    assert voided.voided_at is not None
    with pytest.raises(Conflict):
        payment_void(payment=payment, actor=officer, reason="อีกครั้ง")
    with pytest.raises(PermissionError):
        voided.delete()
    again = payment_record(application=application, actor=officer, method="qr", amount="200")
    assert again.receipt_no == f"{year}/000002"
    case = case_transition(case=application.case, action="issue", actor=officer)
    assert case.status == "issued"
    assert "ยกเลิก" in client.get(f"/staff/eservices/receipts/{payment.pk}/").content.decode()


@pytest.mark.django_db
def test_an_officer_fee_other_than_the_services_needs_a_reason():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = _approved(locality, officer)
    with pytest.raises(ValidationFailed) as refused:
        application_charge(application=application, actor=officer, amount="500")
    assert refused.value.code == "fee_reason_required"
    for bad in ("-5", "nan", "1e20", "abc"):
        with pytest.raises(ValidationFailed):
            application_charge(application=application, actor=officer, amount=bad, reason="x")
    charged = application_charge(
        application=application, actor=officer, amount="500", reason="อาคาร 3 ชั้น"
    )
    assert charged.fee == Decimal("500.00")


@pytest.mark.django_db
def test_a_fee_per_unit_is_the_rate_times_the_answer(client):
    from ..views.admin_forms import ServiceForm

    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    Service.objects.for_locality(locality).filter(code="building-permit").update(
        fee_unit_field="floors"
    )
    application = _approved(locality, officer, fee=Decimal("150.50"))  # GOOD says 2 floors
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(f"/staff/cases/{application.case.number}/").content.decode()
    assert 'value="301.00"' in page and 'data-testid="fee-per-unit"' in page
    with pytest.raises(ValidationFailed):  # another amount still needs a reason
        application_charge(application=application, actor=officer, amount="150.50")
    charged = application_charge(application=application, actor=officer)
    assert charged.fee == Decimal("301.00")
    # The admin can only name a number field of the form.
    service = Service.objects.for_locality(locality).get(code="building-permit")
    form = ServiceForm(
        instance=service, locality=locality,
        data={**ServiceForm(instance=service, locality=locality).initial,
              "fee_unit_field": "work", "steps": "[]", "documents": "[]",
              "form": json.dumps(service.form), "department": service.department_id},
    )  # fmt: skip
    assert not form.is_valid() and "fee_unit_field" in form.errors


@pytest.mark.django_db
def test_the_tracking_page_shows_a_thai_qr_for_the_fee(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    PaymentAccount.objects.create(
        locality=locality, name="เทศบาลทดสอบ", biller_id="099400016550100"
    )
    application = application_charge(application=_approved(locality, officer), actor=officer)
    page = client.get(f"/{locality.slug}/track/{application.case.tracking_code}/").content.decode()
    assert 'data-testid="payment-qr"' in page and "<svg" in page
    ref1 = re.search(r"Ref1 (\d+)", page).group(1)
    assert ref1 == "".join(c for c in application.case.number if c.isdigit())


@pytest.mark.django_db
def test_money_steps_from_the_case_page_and_another_locality(client):
    here, there = make_locality(), make_locality()
    officer = make_staff(here, "officer", "engineering")
    application = _approved(here, officer)
    client.login(username=officer.username, password=PASSWORD)
    number = application.case.number
    generic = client.post(f"/staff/cases/{number}/transition/", {"action": "charge"})
    assert application.case.__class__.objects.for_locality(here).get(
        pk=application.case_id
    ).status == "approved"  # fmt: skip
    assert generic.status_code in (200, 422)
    client.post(f"/staff/eservices/{number}/money/charge/", {"amount": ""})
    client.post(
        f"/staff/eservices/{number}/money/pay/", {"method": "cash", "amount": "200", "payer": "ก"}
    )
    payment = Payment.objects.for_locality(here).get()
    intruder = make_staff(there, "officer")
    client.logout()
    client.login(username=intruder.username, password=PASSWORD)
    assert client.get(f"/staff/eservices/receipts/{payment.pk}/").status_code == 404
    assert client.post(f"/staff/eservices/{number}/money/pay/", {}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_receipt_numbers_never_repeat_or_skip_under_concurrent_payments():
    locality = make_locality("cashier")
    officer = make_staff(locality, "officer", "engineering")
    applications = []
    for _ in range(8):
        application = _approved(locality, officer)
        applications.append(application_charge(application=application, actor=officer))
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def pay(application):
        try:
            barrier.wait()
            payment_record(application=application, actor=officer, method="cash", amount="200")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Payment.objects.for_locality(locality).values_list("number", flat=True))
    assert numbers == list(range(1, 9))
