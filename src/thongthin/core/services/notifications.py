"""The notifications outbox: enqueue inside the caller's transaction, deliver from the worker.

A message is keyed by ``dedupe_key`` per locality, so enqueuing the same event twice gives one
message. Delivery retries with exponential back-off while a provider is down; nothing is
dropped. Each attempt carries the message's UUID as an idempotency key (LINE's
``X-Line-Retry-Key``), so a worker crash between sending and recording cannot send it twice.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..i18n import render_in
from ..models import Case, Citizen, Department, Locality, OutboxMessage
from . import senders

log = logging.getLogger("thongthin.outbox")
LEASE = timedelta(seconds=120)


def notify_enqueue(
    *,
    locality: Locality,
    channel: str,
    recipient: str,
    payload: dict,
    dedupe_key: str,
    urgent: bool = False,
) -> OutboxMessage:
    """Write one message to the outbox, or return the one already there for this key.
    ``urgent`` (a warning, a dispatch order) keeps being tried when the LINE OA's monthly
    quota is spent; anything else waits for the next month's quota (``outbox_deliver_due``)."""
    payload = {**payload, "idempotency_key": payload.get("idempotency_key") or str(uuid.uuid4())}
    if urgent:
        payload["urgent"] = True
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                locality=locality,
                channel=channel,
                recipient=recipient,
                payload=payload,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return OutboxMessage.objects.for_locality(locality).get(dedupe_key=dedupe_key)


def citizen_channel(citizen: Citizen, locality: Locality) -> tuple[str, str] | None:
    """Where a citizen can be reached: LINE if they follow the OA, else SMS, else e-mail."""
    if citizen.line_user_id and citizen.line_followed and locality.has_line:
        return "line", citizen.line_user_id
    if citizen.phone and settings.THONGTHIN["SMS_GATEWAY_URL"]:
        return "sms", citizen.phone
    if citizen.email:
        return "email", citizen.email
    fallback = settings.THONGTHIN["FALLBACK_CHANNEL"]
    if fallback:
        return fallback, f"citizen:{citizen.pk}"
    return None


def notify_citizen(
    *,
    locality: Locality,
    citizen: Citizen | None,
    text: Any,
    dedupe_key: str,
    quick_replies: list[dict] | None = None,
    urgent: bool = False,
) -> OutboxMessage | None:
    """Tell a citizen on their best channel, in their language: ``text`` is a lazy translation
    or a :class:`~thongthin.core.i18n.Message`, rendered here in the citizen's language.
    ``quick_replies`` are LINE buttons ({label, data, text}: a postback with ``data``; or
    {label, type: "location"}: share a location); other channels get only the text."""
    if citizen is None:
        return None
    target = citizen_channel(citizen, locality)
    if target is None:
        return None
    channel, recipient = target
    rendered = render_in(citizen.language, text)
    return notify_enqueue(
        locality=locality,
        channel=channel,
        recipient=recipient,
        payload={
            "text": rendered,
            "subject": rendered[:60],
            **({"quick_replies": quick_replies} if quick_replies and channel == "line" else {}),
        },
        dedupe_key=f"{dedupe_key}:{channel}",
        urgent=urgent,
    )


def notify_division_head(case: Case, *, text: str, key: str) -> OutboxMessage | None:
    """E-mail the head of the case's division (an escalation, a case handed to them), once per
    ``key``; nothing when the division has no head with an address."""
    head = (
        Department.objects.for_locality(case.locality_id)
        .filter(pk=case.department_id)
        .values_list("head__email", flat=True)
        .first()
    )
    if not head:
        return None
    return notify_enqueue(
        locality=case.locality,
        channel="email",
        recipient=head,
        payload={"subject": f"[Thongthin] {case.number}", "text": text},
        dedupe_key=f"case:{case.pk}:{key}",
    )


def _backoff(attempts: int) -> timedelta:
    cap = settings.THONGTHIN["OUTBOX_MAX_BACKOFF_SECONDS"]
    return timedelta(seconds=min(cap, 5 * 2 ** max(0, attempts - 1)))


def _claim(limit: int, now: datetime) -> list[OutboxMessage]:
    with transaction.atomic():
        qs = (
            OutboxMessage.objects.unscoped()
            .filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING])
            .filter(next_attempt_at__lte=now)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .order_by("next_attempt_at", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        OutboxMessage.objects.unscoped().filter(id__in=ids).update(
            status=OutboxMessage.Status.SENDING, locked_until=now + LEASE
        )
    return list(
        OutboxMessage.objects.unscoped()
        .filter(id__in=ids)
        .select_related("locality")
        .order_by("id")
    )


def quota_resets_at(now: datetime) -> datetime:
    """When a LINE OA's monthly push quota has surely started again: five minutes into the
    first of next month in UTC (07:05 in Bangkok), which is after midnight in Japan, Thailand
    and UTC alike, since which of them LINE counts by is not something we could confirm."""
    utc = now.astimezone(UTC)
    first = utc.replace(day=1, hour=0, minute=5, second=0, microsecond=0)
    return (first + timedelta(days=32)).replace(day=1)


def _hold(message: OutboxMessage, error: str) -> None:
    """The OA's monthly push quota is spent. An urgent message keeps being tried (the admin
    may buy more, which works at once); any other waits, unsent and not failed, until the
    quota starts again."""
    attempts = message.attempts + 1
    if message.payload.get("urgent"):
        due = timezone.now() + _backoff(attempts)
    else:
        due = quota_resets_at(timezone.now())
    OutboxMessage.objects.unscoped().filter(pk=message.pk).update(
        status=OutboxMessage.Status.PENDING,
        attempts=attempts,
        next_attempt_at=due,
        locked_until=None,
        last_error=f"{error}; next try {due.isoformat()}"[:2000],
    )
    log.warning("outbox %s: LINE quota spent, next try %s", message.pk, due.isoformat())


def outbox_deliver_due(*, limit: int = 50, now: datetime | None = None) -> tuple[int, int]:
    """Try every message that is due; return (sent, failed attempts)."""
    now = now or timezone.now()
    sent = failed = 0
    for message in _claim(limit, now):
        try:
            senders.send(message)
        except senders.QuotaSpent as exc:
            failed += 1
            _hold(message, str(exc))
        except senders.DeliveryError as exc:
            failed += 1
            attempts = message.attempts + 1
            OutboxMessage.objects.unscoped().filter(pk=message.pk).update(
                status=OutboxMessage.Status.PENDING,
                attempts=attempts,
                next_attempt_at=timezone.now() + _backoff(attempts),
                locked_until=None,
                last_error=str(exc)[:2000],
            )
            log.warning(
                "outbox %s via %s failed (%s): %s", message.pk, message.channel, attempts, exc
            )
        else:
            sent += 1
            OutboxMessage.objects.unscoped().filter(pk=message.pk).update(
                status=OutboxMessage.Status.SENT,
                attempts=message.attempts + 1,
                sent_at=timezone.now(),
                locked_until=None,
                last_error="",
            )
    return sent, failed
