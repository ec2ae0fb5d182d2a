"""Notifications outbox: written in the transaction of the change, delivered by the worker."""

from django.db import models
from django.utils import timezone

from ..tenancy import TenantModel


class OutboxMessage(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)  # line | sms | email | console
    recipient = models.CharField(max_length=200)
    payload = models.JSONField()
    # One event gives one message per channel and recipient, however often it is enqueued.
    dedupe_key = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "dedupe_key"], name="outbox_dedupe")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.recipient} {self.status}"
