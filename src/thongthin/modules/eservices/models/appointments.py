"""Booked appointments and the rules that make their slots (opening hours, closures)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thongthin.core.tenancy import TenantModel

from .catalogue import Service
from .queue import Counter, QueueGroup, Ticket

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
