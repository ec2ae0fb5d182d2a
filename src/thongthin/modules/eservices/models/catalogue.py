"""The catalogue of services, each with what the Licensing Facilitation Act 2015 (section 7)
asks its คู่มือสำหรับประชาชน to say, and the applications filed for them."""

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
    # Per unit: the fee is multiplied by the answer of this number field of the form (square
    # metres of a sign, floors); empty: the fee is fixed.
    fee_unit_field = models.CharField(max_length=40, blank=True)
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
    # A site inspection before the decision (an appointment with the applicant, its result).
    inspection = models.BooleanField(default=False)
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
    # Why it is late, as the officer explains it (told to the applicant with each notice), and
    # when the division head was told it is past its limit.
    delay_reason = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The site inspection, where the service has one: when it is set for (told to the
    # applicant), what to prepare, and its result once done.
    inspection_at = models.DateTimeField(null=True, blank=True)
    inspection_note = models.TextField(blank=True)
    inspected_at = models.DateTimeField(null=True, blank=True)
    inspection_result = models.TextField(blank=True)
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
