"""API keys for integrations (a LINE bot of the locality's own, another system filing
complaints): made and revoked by the locality's admin, checked on every API request."""

from __future__ import annotations

import secrets
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import modules
from ..crypto import token_digest
from ..db import rows
from ..errors import NotFound, ValidationFailed
from ..models import ApiKey, Locality, User
from .audit import AuditAction, audit_record


def apikey_create(
    *,
    locality: Locality,
    name: str,
    actor: User | None = None,
    scopes: list[str] | None = None,
    ip: str | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with the plain secret, which is shown once and not stored.
    ``scopes`` limits it to some of the API capabilities (None: all of them)."""
    if not name.strip():
        raise ValidationFailed(_("Give the key a name."), code="name_required")
    if scopes is not None:
        allowed = {c.code for c in modules.capabilities() if c.api_key}
        if not scopes or set(scopes) - allowed:
            raise ValidationFailed(
                _("Choose what the key may do."),
                code="scopes_invalid",
                detail={"allowed": sorted(allowed)},
            )
        scopes = sorted(set(scopes))
    prefix = secrets.token_hex(4)
    secret = f"tt_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(
            locality=locality,
            name=name.strip()[:100],
            prefix=prefix,
            key_hash=token_digest(secret),
            scopes=scopes,
        )
        audit_record(
            action=AuditAction.APIKEY_CREATED,
            locality=locality,
            actor=actor,
            obj=key,
            ip=ip,
            detail={"name": key.name, "prefix": prefix, "scopes": scopes},
        )
    return key, secret


def apikey_revoke(*, locality: Locality, actor: User, pk: int, ip: str | None = None) -> ApiKey:
    """Revoke a key of this locality at once (every call checks the database)."""
    from ..access import has_capability
    from ..module import ADMINISTER

    if not has_capability(actor, locality, ADMINISTER):
        raise NotFound()
    with transaction.atomic():
        key = ApiKey.objects.for_locality(locality).select_for_update().filter(pk=pk).first()
        if key is None:
            raise NotFound()
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(
                action=AuditAction.APIKEY_REVOKED,
                locality=locality,
                actor=actor,
                obj=key,
                ip=ip,
                detail={"name": key.name, "prefix": key.prefix},
            )
    return key


def apikey_authenticate(secret: str) -> ApiKey | None:
    """The key for this secret, with its locality, or None. Every call checks the database, so
    a revoked key stops working at once; the locality comes from a short per-process cache."""
    parts = (secret or "").split("_")
    if len(parts) < 3 or parts[0] != "tt":
        return None
    # Read with a prepared statement (core.db.rows): it is on every request with a key.
    key = rows.first(ApiKey, "prefix = %s AND revoked_at IS NULL", [parts[1]])
    if key is None or not secrets.compare_digest(key.key_hash, token_digest(secret)):
        return None
    locality = locality_cached(key.locality_id)
    if locality is None or not locality.is_active:
        return None
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.unscoped().filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    key.locality = locality
    return key


_LOCALITY_CACHE: dict[int, tuple[float, Locality]] = {}
LOCALITY_CACHE_SECONDS = 30.0


def locality_cached(pk: int) -> Locality | None:
    """A locality read at most every 30 s per process: it is on every API request and rarely
    changes (a deactivation takes effect within the 30 s)."""
    hit = _LOCALITY_CACHE.get(pk)
    now = time.monotonic()
    if hit is not None and now - hit[0] < LOCALITY_CACHE_SECONDS:
        return hit[1]
    locality = Locality.objects.filter(pk=pk).first()
    if locality is not None:
        _LOCALITY_CACHE[pk] = (now, locality)
    return locality
