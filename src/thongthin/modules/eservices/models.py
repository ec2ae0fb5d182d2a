"""The e-services module's tables: the locality's catalogue of services, each with what the
Licensing Facilitation Act 2015 (section 7) asks its คู่มือสำหรับประชาชน to say."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thongthin.core.tenancy import TenantModel


class Service(TenantModel):
    """One service a citizen can ask the locality for: a licence, a registration, an
    allowance, a fee, a request. Its manual fields are shown as written, in Thai (the manual
    is a legal text); the name has a field per language."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("Licences and permits")
        REGISTRATION = "registration", _("Registrations and notifications")
        WELFARE = "welfare", _("Allowances and welfare")
        TAX = "tax", _("Taxes and fees")
        REQUEST = "request", _("Requests for help")

    class TimeUnit(models.TextChoices):
        MINUTES = "minutes", _("minutes")
        HOURS = "hours", _("hours")
        WORKING_DAYS = "working_days", _("working days")
        DAYS = "days", _("days")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=40)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    name_ms = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    legal_basis = models.TextField(blank=True)
    conditions = models.TextField(blank=True)
    channels = models.TextField(blank=True)
    # [{"step": "...", "minutes": 30, "division": "..."}]: each step, its time and who does it.
    steps = models.JSONField(default=list, blank=True)
    time_limit = models.PositiveIntegerField(null=True, blank=True)
    time_unit = models.CharField(
        max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    time_note = models.CharField(max_length=200, blank=True)
    # [{"name": "...", "originals": 1, "copies": 1, "note": "..."}]
    documents = models.JSONField(default=list, blank=True)
    fee_note = models.TextField(blank=True)
    # The fee charged when an application is approved; empty: the officer sets it each time.
    fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # The application form as data (formdata.TYPES); an application keeps the version it was
    # filed with, so changing the form never changes what someone already answered.
    form = models.JSONField(default=list, blank=True)
    form_version = models.PositiveIntegerField(default=1)
    complaints_to = models.TextField(blank=True)
    # The document issued when an application is granted (licence, permit, certificate): its
    # title and text, where ``{{ code }}`` is replaced by the answer of that form field or by
    # ``number``, ``locality``, ``issued``, ``valid_until``; and how long it is valid.
    document_title = models.CharField(max_length=200, blank=True)
    document_body = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "code"], name="eservices_service_code")
        ]

    def __str__(self) -> str:
        return self.name_th


class Application(TenantModel):
    """An application for a service: a case of kind ``application`` with the form it was filed
    with and the answers. A national ID answer is stored masked with a keyed hash."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("core.Case", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="applications")
    form_version = models.PositiveIntegerField()
    form = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    # The record of missing documents (s. 8 of the Act) and the day they are due.
    missing_note = models.TextField(blank=True)
    missing_due = models.DateField(null=True, blank=True)
    fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # When the applicant was last told the application is past its time limit (s. 10 of the
    # Act: every 7 days until it is decided).
    delay_told_at = models.DateTimeField(null=True, blank=True)
    # The document this application renews (renewing starts from the old one).
    renews = models.ForeignKey(
        "IssuedDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "case"], name="eservices_application_case")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.service_id}"


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
