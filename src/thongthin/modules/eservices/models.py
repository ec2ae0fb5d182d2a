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


class QueueGroup(TenantModel):
    """A line at the counter with its own letter and number run (A001, A002…; a new run each
    day), for a group of services."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    letter = models.CharField(max_length=1)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    name_ms = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    # The day's number run: the last number given and the day it was given on.
    last_day = models.DateField(null=True, blank=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "letter"], name="eservices_group_letter")
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.name_th}"


class Counter(TenantModel):
    """A service point (ช่อง) and the lines it calls from."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, blank=True)
    # Letters of the lines it calls from (first come, first called); empty: every line.
    letters = models.CharField(max_length=26, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "number"], name="eservices_counter_number")
        ]

    def __str__(self) -> str:
        return str(self.number)


class Ticket(TenantModel):
    """A place in a line: taken at the kiosk, from the officer, or on arrival for an
    appointment; called to a counter, served (done), skipped when absent, or moved to
    another line keeping its place."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("At the counter")
        DONE = "done", _("Served")
        SKIPPED = "skipped", _("Absent when called")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(QueueGroup, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=8)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    channel = models.CharField(max_length=20, default="kiosk")
    counter = models.ForeignKey(
        Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=32)
    taken_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who took it on LINE or booked it: told when it is called.
    citizen = models.ForeignKey(
        "core.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["taken_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "group", "day", "number"], name="eservices_ticket_number"
            ),
            models.UniqueConstraint(fields=["locality", "token"], name="eservices_ticket_token"),
        ]
        indexes = [models.Index(fields=["locality", "day", "status"])]

    def __str__(self) -> str:
        return self.code


class QueueEvent(TenantModel):
    """The queue's change log, one row per change in order: a ticket taken, called or called
    again (what the display shows and speaks), served, skipped or moved. Live pages follow its
    newest id (core.streams)."""

    class Kind(models.TextChoices):
        TAKE = "take", _("ticket taken")
        CALL = "call", _("called")
        RECALL = "recall", _("called again")
        DONE = "done", _("served")
        SKIP = "skip", _("absent")
        TRANSFER = "transfer", _("moved to another line")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(
        Counter, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]


WEEKDAYS = [
    ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")),
    ("4", _("Friday")), ("5", _("Saturday")), ("6", _("Sunday")),
]  # fmt: skip


class SlotRule(TenantModel):
    """When appointments can be booked: on these weekdays, from ``start`` to ``end`` in slots
    of ``minutes``, each for up to ``capacity`` people, at a counter, for one service or any.
    Public holidays and the office's closures have no slots. Someone with an appointment who
    checks in on arrival joins ``group``'s line."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    counter = models.ForeignKey(
        Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(
        QueueGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Monday is 0: "01234" is Monday to Friday.
    weekdays = models.CharField(max_length=7, default="01234")
    start = models.TimeField()
    end = models.TimeField()
    minutes = models.PositiveSmallIntegerField(default=30)
    capacity = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)
    # Bumped by each booking: the write that makes concurrent bookings of the rule's slots wait
    # for each other (a row lock on PostgreSQL, the one writer on SQLite).
    bookings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def get_weekdays_display(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[d]) for d in self.weekdays if d in names)


class Closure(TenantModel):
    """A day the office takes no appointments besides public holidays (training, an event)."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "day"], name="eservices_closure_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.reason}"


class Appointment(TenantModel):
    """A booked time at the counter for a service: reminded the day before, checked in on
    arrival (a ticket in the line), or cancelled by the citizen, or missed."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Arrived")
        CANCELLED = "cancelled", _("Cancelled")
        MISSED = "missed", _("Did not come")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(SlotRule, on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey(
        Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    citizen = models.ForeignKey(
        "core.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20)
    # Typed at the kiosk on arrival; the token is the citizen's own page.
    ref = models.CharField(max_length=8)
    token = models.CharField(max_length=32)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "token"], name="eservices_appt_token"),
            models.UniqueConstraint(fields=["locality", "ref"], name="eservices_appt_ref"),
        ]
        indexes = [models.Index(fields=["locality", "starts_at", "status"])]

    def __str__(self) -> str:
        return self.ref
