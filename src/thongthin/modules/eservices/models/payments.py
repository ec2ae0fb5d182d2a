"""Fees: the accounts a locality is paid into, receipts and their numbering, issued documents
and bank statement lines matched to applications."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thongthin.core.tenancy import TenantModel

from .catalogue import Application


class PaymentAccount(TenantModel):
    """Where the locality is paid: a biller ID from its bank (Thai QR Bill Payment, matched by
    reference) or a PromptPay ID (matched from the slip). One row per locality."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    biller_id = models.CharField(max_length=15, blank=True)
    promptpay_id = models.CharField(max_length=13, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality"], name="eservices_payment_account_once")
        ]

    def __str__(self) -> str:
        return self.name


class ReceiptSequence(TenantModel):
    """The last receipt number given in a fiscal year (Buddhist Era, October to September)."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "fiscal_year"], name="eservices_receipt_sequence_once"
            )
        ]


class Payment(TenantModel):
    """A fee received, with its receipt (ใบเสร็จรับเงิน): numbered per fiscal year without gaps,
    never deleted; a mistake is voided with its reason and stays on record."""

    class Method(models.TextChoices):
        CASH = "cash", _("Cash at the counter")
        QR = "qr", _("Thai QR")
        TRANSFER = "transfer", _("Bank transfer (slip)")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    method = models.CharField(max_length=10, choices=Method.choices)
    reference = models.CharField(max_length=100, blank=True)
    payer = models.CharField(max_length=200, blank=True)
    fiscal_year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    received_at = models.DateTimeField()
    received_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "fiscal_year", "number"], name="eservices_receipt_number"
            )
        ]

    @property
    def receipt_no(self) -> str:
        return f"{self.fiscal_year}/{self.number:06d}"

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Receipts are never deleted; void them with a reason.")

    def __str__(self) -> str:
        return self.receipt_no


class IssuedDocument(TenantModel):
    """A licence, permit or certificate issued on an application: its text frozen when issued,
    a secret token for the public page that says whether it is genuine and valid, its expiry
    and the renewal reminder sent before it. Revoked documents stay on record."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField()
    holder = models.CharField(max_length=200, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    valid_until = models.DateField(null=True, blank=True)
    token = models.CharField(max_length=40)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "application"], name="eservices_document_once"
            ),
            models.UniqueConstraint(fields=["locality", "token"], name="eservices_document_token"),
        ]

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Issued documents are never deleted; revoke them with a reason.")

    def __str__(self) -> str:
        return f"{self.title} {self.application_id}"


class StatementLine(TenantModel):
    """A credit line of the bank's statement the officer imported, and what became of it:
    matched to an application (its payment and receipt made), paid twice (shown for refund,
    then marked refunded), or unmatched (listed for the officer). A line is imported once:
    the same line in a later file is recognised by its fingerprint."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched: receipt issued")
        DUPLICATE = "duplicate", _("Paid twice: to refund")
        REFUNDED = "refunded", _("Refunded")
        UNMATCHED = "unmatched", _("Unmatched")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    line_no = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64)
    paid_at = models.DateTimeField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    ref1 = models.CharField(max_length=20, blank=True)
    ref2 = models.CharField(max_length=20, blank=True)
    payer = models.CharField(max_length=200, blank=True)
    bank_ref = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.CharField(max_length=300, blank=True)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-imported_at", "line_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "fingerprint"], name="eservices_statement_line_once"
            )
        ]
