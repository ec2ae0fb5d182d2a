"""What a create request answered, by the client's Idempotency-Key, so a retry gets it again."""

from django.db import models

from ..tenancy import TenantModel


class IdempotentRequest(TenantModel):
    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=60)  # the operation: "complaints.create"
    key = models.CharField(max_length=160)  # "<caller>|<the client's key>"
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the request body
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "scope", "key"], name="idempotent_request_once"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotent_request_age")]
