"""Per-locality API keys for integrations; only a hash of the secret is stored."""

from django.db import models

from ..tenancy import TenantModel


class ApiKey(TenantModel):
    """A locality's key; the table is global on purpose (a reference table under Citus): a
    key is found by its prefix before its locality is known."""

    tenant_global = "a key is found by its prefix before its locality is known"

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    # The API capabilities this key holds; None (keys made before scopes, or by the command
    # without --scope) means every capability declared for API keys.
    scopes = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
