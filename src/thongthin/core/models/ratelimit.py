"""Request counts per caller and window, for rate limits shared by every server process."""

from django.db import models


class RateCount(models.Model):
    """One (scope, caller, window) count. Global on purpose: a caller is counted before any
    locality is known, and rows live minutes (the worker removes expired ones)."""

    tenant_global = "counted per caller before a locality is known; rows live minutes"

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"
