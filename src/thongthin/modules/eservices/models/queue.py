"""The counter queue: groups of services, counters, tickets and what happened to each."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thongthin.core.tenancy import TenantModel


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
