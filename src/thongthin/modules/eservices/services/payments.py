"""Fees, payments and receipts. A receipt number is taken from the locality's sequence for the
fiscal year in the same transaction as the payment, so numbers never repeat and a payment that
fails gives its number back (no gap); receipts are never deleted, only voided with a reason."""

from __future__ import annotations

import contextvars
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, IllegalTransition, ValidationFailed
from thongthin.core.models import Case, User
from thongthin.core.services.attachments import attachment_create, clean_upload
from thongthin.core.services.cases import case_transition

from ..models import Application, Payment, PaymentAccount, ReceiptSequence
from ..module import WORK
from ..thaiqr import bill_payment, promptpay

# Set while a service of this module takes a money step, so the case page's generic
# transition cannot charge, pay or unpay without the amount and the receipt.
_money_step: contextvars.ContextVar[bool] = contextvars.ContextVar("money_step", default=False)
MONEY_ACTIONS = ("charge", "pay", "unpay")
AMOUNT_MAX = Decimal("9999999999.99")


def guard_transition(case: Case, action: str, reason: str) -> None:
    """The case engine's guard for applications."""
    if action in MONEY_ACTIONS and not _money_step.get():
        raise ValidationFailed(_("Use the fee and payment form."), code="use_payment_form")
    if action == "approve":
        from .inspections import require_inspection

        require_inspection(case)
    if action == "issue" and case.status == "approved":
        application = Application.objects.for_locality(case.locality_id).filter(case=case).first()
        if application is not None and application.service.fee:
            raise IllegalTransition(
                _("This service has a fee: charge it and record the payment first."),
                code="fee_first",
            )


def _take(case: Case, action: str, actor: User | None, reason: str = "") -> Case:
    token = _money_step.set(True)
    try:
        return case_transition(case=case, action=action, actor=actor, reason=reason)
    finally:
        _money_step.reset(token)


def _amount(value) -> Decimal:  # type: ignore[no-untyped-def]
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or not Decimal("0.01") <= amount <= AMOUNT_MAX:
        raise ValidationFailed(_("Give the amount in baht, such as 200 or 50.25."), code="amount")
    return amount.quantize(Decimal("0.01"))


_RECEIPT_NEXT = """
UPDATE eservices_receiptsequence SET last_value = last_value + 1
WHERE locality_id = %s AND fiscal_year = %s
RETURNING last_value
"""


def _receipt_number(locality_id: int, fiscal_year: int) -> int:
    """The next receipt number; inside the payment's transaction."""
    for _attempt in range(5):
        with connection.cursor() as cursor:
            cursor.execute(_RECEIPT_NEXT, [locality_id, fiscal_year])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        try:
            with transaction.atomic():
                ReceiptSequence.objects.for_locality(locality_id).create(
                    locality_id=locality_id, fiscal_year=fiscal_year, last_value=0
                )
        except IntegrityError:
            continue  # another payment created the year's row first; take from it
    raise RuntimeError("could not allocate a receipt number")


def fee_due(application: Application) -> Decimal | None:
    """The service's fee for this application: fixed, or per unit of a form answer (rounded to
    the satang); None when the officer sets it."""
    service = application.service
    if service.fee is None:
        return None
    if not service.fee_unit_field:
        return service.fee
    units = application.answers.get(service.fee_unit_field)
    if isinstance(units, bool) or not isinstance(units, int | float):
        return None  # not answered: the officer sets it, with a reason
    return (service.fee * Decimal(str(units))).quantize(Decimal("0.01"))


def application_charge(
    *,
    application: Application,
    actor: User,
    amount=None,
    reason: str = "",  # type: ignore[no-untyped-def]
) -> Application:
    """Set the fee of an approved application: the service's (fixed or per unit), or the
    officer's with a reason."""
    require_capability(actor, application.case.locality, WORK)
    service_fee = fee_due(application)
    fee = _amount(amount) if amount not in (None, "") else service_fee
    if fee is None:
        raise ValidationFailed(_("Give the amount in baht, such as 200 or 50.25."), code="amount")
    if (
        fee != service_fee
        and not reason.strip()
        and (service_fee is not None or application.service.fee is not None)
    ):
        raise ValidationFailed(
            _("A fee other than the service's needs a reason."), code="fee_reason_required"
        )
    with transaction.atomic():
        Application.objects.for_locality(application.locality_id).filter(pk=application.pk).update(
            fee=fee
        )
        _take(application.case, "charge", actor, reason.strip())
    application.refresh_from_db()
    return application


def payment_record(
    *,
    application: Application,
    actor: User,
    method: str,
    amount,  # type: ignore[no-untyped-def]
    reference: str = "",
    payer: str = "",
    slip: bytes | None = None,
) -> Payment:
    """A fee received (cash, QR, transfer slip) with its receipt; the slip's photo, if given,
    joins the case (staff only). Paying twice, or an amount other than the fee, is refused
    and changes nothing."""
    require_capability(actor, application.case.locality, WORK)
    if method not in Payment.Method.values:
        raise ValidationFailed(_("Choose how it was paid."), code="method")
    paid = _amount(amount)
    if slip:
        clean_upload(slip)
    with transaction.atomic():
        locked = (
            Application.objects.for_locality(application.locality_id)
            .select_for_update()
            .select_related("case")
            .get(pk=application.pk)
        )
        if (
            locked.case.status == "paid"
            or Payment.objects.for_locality(locked.locality_id)
            .filter(application=locked, voided_at__isnull=True)
            .exists()
        ):
            raise Conflict(_("This application is already paid."), code="already_paid")
        if locked.case.status != "fee_due" or locked.fee is None:
            raise IllegalTransition(_("No fee is due on this application."), code="no_fee_due")
        if paid != locked.fee:
            raise ValidationFailed(
                _("The amount differs from the fee due (%(fee)s baht)."),
                code="amount_mismatch",
                params={"fee": locked.fee},
            )
        now = timezone.now()
        year = thai.fiscal_year_be(now)
        payment = Payment.objects.create(
            locality_id=locked.locality_id,
            application=locked,
            amount=paid,
            method=method,
            reference=reference.strip()[:100],
            payer=payer.strip()[:200],
            fiscal_year=year,
            number=_receipt_number(locked.locality_id, year),
            received_at=now,
            received_by=actor,
        )
        _take(locked.case, "pay", actor, f"{payment.receipt_no} · {paid} บาท")
        if slip:
            attachment_create(
                case=locked.case, data=slip, original_name=f"slip-{payment.receipt_no}",
                actor=actor, public=False,
            )  # fmt: skip
    return payment


def payment_void(*, payment: Payment, actor: User, reason: str) -> Payment:
    """Void a receipt (never delete it): the fee is due again. Voiding twice is refused."""
    require_capability(actor, payment.application.case.locality, WORK)
    if not reason.strip():
        raise ValidationFailed(_("Say why the receipt is voided."), code="reason_required")
    with transaction.atomic():
        locked = (
            Payment.objects.for_locality(payment.locality_id).select_for_update().get(pk=payment.pk)
        )
        if locked.voided_at is not None:
            raise Conflict(_("This receipt is already voided."), code="already_voided")
        Payment.objects.for_locality(payment.locality_id).filter(pk=payment.pk).update(
            voided_at=timezone.now(), void_reason=reason.strip()[:2000]
        )
        case = locked.application.case
        if case.status == "paid":
            _take(case, "unpay", actor, f"{locked.receipt_no}: {reason.strip()}")
    locked.refresh_from_db()
    return locked


def payment_qr(application: Application) -> dict | None:
    """How the applicant pays the fee due by Thai QR: the payload, its references and an SVG;
    None when no fee is due or the locality has no payment account."""
    if application.case.status != "fee_due" or application.fee is None:
        return None
    account = PaymentAccount.objects.for_locality(application.locality_id).first()
    if account is None:
        return None
    ref1 = "".join(ch for ch in application.case.number if ch.isdigit())
    ref2 = str(thai.fiscal_year_be(timezone.now()))
    if account.biller_id:
        payload = bill_payment(
            biller_id=account.biller_id, ref1=ref1, ref2=ref2, amount=application.fee
        )
    elif account.promptpay_id:
        payload = promptpay(target=account.promptpay_id, amount=application.fee)
    else:
        return None
    from ..thaiqr import svg

    return {
        "payload": payload, "ref1": ref1, "ref2": ref2 if account.biller_id else "",
        "amount": application.fee, "account": account.name, "svg": svg(payload),
    }  # fmt: skip
