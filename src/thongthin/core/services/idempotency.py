"""Create operations that a client may retry safely (``Idempotency-Key``).

The key is claimed in the same transaction as the create: a retry after a crash, or the same
request sent twice at once, answers what the first one answered and creates nothing more; the
same key with another body is refused. Keys are kept a day (the worker prunes them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import Conflict, ValidationFailed
from ..models import Locality
from ..models.idempotency import IdempotentRequest

KEY_MAX = 100  # the client's part; stored with the caller in front
KEEP = timedelta(days=1)


def _stored(locality: Locality, scope: str, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.for_locality(locality).filter(scope=scope, key=key).first()


def _replay(row: IdempotentRequest, fingerprint: str) -> tuple[int, Any]:
    if row.fingerprint != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was used for another request."),
            code="idempotency_key_reused",
        )
    return row.status, row.response


def idempotent_call(
    *,
    locality: Locality,
    scope: str,
    key: str | None,
    body: bytes,
    create: Callable[[], tuple[int, Any]],
    caller: str = "public",
) -> tuple[int, Any]:
    """Run ``create`` (returning the status and JSON-able body to answer) once per key.

    Keys are the caller's own (``caller``: "key:<id>", "user:<id>", or "public" for anonymous
    callers, whose keys must be unguessable, such as a UUID): another API key or staff member
    sending the same key and body does not get the first caller's answer."""
    if not key:
        return create()
    key = key.strip()
    if not key or len(key) > KEY_MAX or not key.isprintable():
        raise ValidationFailed(
            _("The Idempotency-Key must be 1 to %(max)s printable characters."),
            code="idempotency_key_invalid",
            params={"max": KEY_MAX},
        )
    fingerprint = hashlib.sha256(body).hexdigest()
    key = f"{caller}|{key}"
    try:
        with transaction.atomic():
            row = _stored(locality, scope, key)
            if row is not None:
                return _replay(row, fingerprint)
            status, response = create()
            # Kept as the JSON it answers (dates as ISO 8601), so a replay answers the same.
            response = json.loads(json.dumps(response, cls=DjangoJSONEncoder))
            IdempotentRequest.objects.create(
                locality=locality,
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                status=status,
                response=response,
            )
            return status, response
    except IntegrityError:
        # The same key committed by a concurrent request first: this one's create was rolled
        # back with its transaction; answer what the first one answered.
        row = _stored(locality, scope, key)
        if row is None:
            raise
        return _replay(row, fingerprint)


def idempotency_prune() -> int:
    """Forget keys older than a day (the worker runs this)."""
    old = timezone.now() - KEEP
    deleted, _ = IdempotentRequest.objects.unscoped().filter(created_at__lt=old).delete()
    return deleted


def caller_of(*, api_key: Any = None, user: Any = None) -> str:
    """Whose Idempotency-Keys these are."""
    if api_key is not None:
        return f"key:{api_key.pk}"
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "public"
