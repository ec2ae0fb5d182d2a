"""Append-only audit log: who did what to which object, when, from where."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from ..tenancy import TenantManager, TenantQuerySet


class AuditQuerySet(TenantQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditManager(TenantManager.from_queryset(AuditQuerySet)):  # type: ignore[misc]
    pass


class AuditEvent(models.Model):
    """One audited action. ``locality`` is empty only for platform-wide actions."""

    # Both indexes below lead with the locality, so it needs none of its own.
    locality = models.ForeignKey(
        "core.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["locality", "-at"], name="audit_locality_at"),
            models.Index(fields=["locality", "object_type", "object_id"], name="audit_object"),
            # Citizens', integrations' and the system's actions have no actor: indexed only
            # where one is.
            models.Index(
                fields=["actor"], condition=Q(actor__isnull=False), name="audit_actor_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")
