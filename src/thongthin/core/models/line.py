"""LINE webhook events, stored before they are handled so none is lost or handled twice."""

from django.db import models

from ..tenancy import TenantModel


class LineEvent(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    webhook_event_id = models.CharField(max_length=64)
    type = models.CharField(max_length=40)
    source_user_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "webhook_event_id"], name="line_event_once")
        ]
