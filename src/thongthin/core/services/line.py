"""LINE webhook intake: verify, store each event once, then handle it.

Events are stored before they are handled, so a crash or a handler error leaves them pending
for the worker rather than lost; LINE's redeliveries (same ``webhookEventId``) are ignored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import modules
from ..errors import SignatureInvalid, ValidationFailed
from ..i18n import language_supported, render_in
from ..models import Citizen, LineEvent, Locality, OutboxMessage
from .accounts import citizen_upsert
from .audit import AuditAction, audit_record
from .notifications import notify_enqueue

log = logging.getLogger("thongthin.line")


def line_verify(*, locality: Locality, body: bytes, signature: str) -> None:
    if not locality.line_channel_secret or not signature:
        raise SignatureInvalid()
    # Imported here: line-bot-sdk pulls in ~200 modules that most requests never need.
    from linebot.v3.webhook import SignatureValidator

    try:
        ok = SignatureValidator(locality.line_channel_secret).validate(body.decode(), signature)
    except (UnicodeDecodeError, ValueError):
        ok = False
    if not ok:
        raise SignatureInvalid()


def line_webhook_receive(*, locality: Locality, body: bytes, signature: str) -> list[LineEvent]:
    """Verify and store the events of one webhook request, each queued for handling once the
    transaction commits; return the newly stored ones."""
    line_verify(locality=locality, body=body, signature=signature)
    try:
        payload = json.loads(body)
        events = payload["events"]
        if not isinstance(events, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise ValidationFailed(
            _("The webhook body is not LINE's format."), code="line_body"
        ) from None
    from ..tasks import process_line_event

    stored: list[LineEvent] = []
    with transaction.atomic():
        for event in events:
            _store_event(locality, event, stored)
        for row in stored:
            transaction.on_commit(partial(process_line_event.enqueue, row.pk))
    return stored


def _store_event(locality: Locality, event: Any, stored: list[LineEvent]) -> None:
    """Store one event once (a redelivery has the same ``webhookEventId``)."""
    event_id = str(event.get("webhookEventId") or "") if isinstance(event, dict) else ""
    if not event_id:
        return
    try:
        with transaction.atomic():
            stored.append(
                LineEvent.objects.create(
                    locality=locality,
                    webhook_event_id=event_id,
                    type=str(event.get("type", ""))[:40],
                    source_user_id=str((event.get("source") or {}).get("userId", ""))[:64],
                    payload=event,
                )
            )
    except IntegrityError:
        log.info("LINE event %s redelivered; already stored", event_id)


def line_event_process(*, event: LineEvent) -> None:
    """Handle one stored event: follow/unfollow here, everything else by module handlers."""
    if event.status == LineEvent.Status.DONE:
        return
    locality = event.locality
    data = event.payload
    handlers = [
        handler
        for module, handler in modules.line_handlers_for(
            event.type, (data.get("message") or {}).get("type", "")
        )
        if modules.enabled_in(locality, module)
    ]
    try:
        # Network work (downloading a photo from LINE) happens before the transaction, so the
        # database is not held while LINE answers; a handler's ``prepare`` stores what it
        # fetched in ``data`` for the handler itself.
        _prefetch_profile(locality, event, data)
        for handler in handlers:
            prepare = getattr(handler, "prepare", None)
            if prepare is not None:
                prepare(locality, data)
        with transaction.atomic():
            citizen = _handle(locality, event, data)
            for handler in handlers:
                handler(locality, citizen, data)
                if data.get("_handled"):
                    break
            LineEvent.objects.for_locality(locality).filter(pk=event.pk).update(
                status=LineEvent.Status.DONE,
                processed_at=timezone.now(),
                attempts=event.attempts + 1,
            )
    except Exception as exc:
        log.exception("LINE event %s failed", event.webhook_event_id)
        LineEvent.objects.for_locality(locality).filter(pk=event.pk).update(
            status=LineEvent.Status.PENDING if event.attempts < 10 else LineEvent.Status.FAILED,
            attempts=event.attempts + 1,
            last_error=str(exc)[:2000],
        )


def _prefetch_profile(locality: Locality, event: LineEvent, data: dict) -> None:
    """The language of someone new (or who just added the OA), asked of LINE before the
    event's transaction, so the database is not held while LINE answers."""
    user_id = event.source_user_id
    known = Citizen.objects.for_locality(locality).filter(line_user_id=user_id).exists()
    if user_id and (event.type == "follow" or not known):
        data["_profile_language"] = line_profile_language(locality=locality, user_id=user_id)


def _handle(locality: Locality, event: LineEvent, data: dict) -> Citizen | None:
    user_id = event.source_user_id
    if not user_id:
        return None
    citizens = Citizen.objects.for_locality(locality)
    if event.type == "follow":
        citizen = citizen_upsert(
            locality=locality, line_user_id=user_id, language=data.get("_profile_language", "")
        )
        citizens.filter(pk=citizen.pk).update(line_followed=True)
        citizen.line_followed = True
        audit_record(
            action=AuditAction.LINE_FOLLOW, locality=locality, actor_label="line", obj=citizen
        )
        return citizen
    citizen = citizens.filter(line_user_id=user_id).first()
    if event.type == "unfollow":
        if citizen is not None:
            citizens.filter(pk=citizen.pk).update(line_followed=False)
            citizen.line_followed = False
            audit_record(
                action=AuditAction.LINE_UNFOLLOW, locality=locality, actor_label="line", obj=citizen
            )
        return citizen
    return citizen


def line_profile_language(*, locality: Locality, user_id: str) -> str:
    """The language of a LINE user's profile ("th", "en", "ms"...), or "" when LINE does not
    say (unreachable, unknown user)."""
    from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

    if not locality.line_channel_access_token:
        return ""
    config = Configuration(
        host=settings.THONGTHIN["LINE_API_BASE_URL"],
        access_token=locality.line_channel_access_token,
    )
    try:
        with ApiClient(config) as client:
            profile = MessagingApi(client).get_profile(user_id, _request_timeout=10)
    except Exception as exc:  # unreachable or unknown user: the default language stays
        log.info("LINE profile for %s unavailable: %s", user_id, exc)
        return ""
    return language_supported(profile.language) if profile.language else ""


@dataclass(frozen=True)
class LineCheck:
    """What asking LINE about a bot gave: ``ok`` with the bot's name, LINE's own refusal
    (``answered``), or why LINE could not be asked."""

    ok: bool
    text: str
    answered: bool = True


def line_bot_info(*, locality: Locality | None = None, token: str = "") -> LineCheck:
    """Ask LINE who the bot is, with ``token`` or the locality's stored one."""
    from linebot.v3.messaging import ApiClient, ApiException, Configuration, MessagingApi

    token = token or (locality.line_channel_access_token if locality is not None else "")
    if not token:
        return LineCheck(False, str(_("No channel access token is saved yet.")), answered=False)
    config = Configuration(host=settings.THONGTHIN["LINE_API_BASE_URL"], access_token=token)
    try:
        with ApiClient(config) as client:
            info = MessagingApi(client).get_bot_info(_request_timeout=10)
    except ApiException as exc:
        try:
            said = json.loads(exc.body or "{}").get("message") or exc.reason
        except ValueError:
            said = exc.reason
        return LineCheck(False, f"LINE {exc.status}: {said}")
    except Exception as exc:  # network: the details go to the log, the person gets plain words
        log.warning("LINE bot info for %s failed: %s", locality or "a new token", exc)
        return LineCheck(
            False,
            str(_("LINE could not be reached from this server. Nothing was saved; try again.")),
            answered=False,
        )
    return LineCheck(True, f"{info.display_name} ({info.basic_id})")


@dataclass(frozen=True)
class LineQuota:
    """This month's pushed messages against the OA plan's limit (None: no limit)."""

    used: int
    limit: int | None


def line_quota(*, locality: Locality) -> LineQuota | None:
    """Ask LINE how many messages the OA has pushed this month and what its plan allows (replies
    are free and not counted); None when LINE cannot be asked."""
    from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

    if not locality.line_channel_access_token:
        return None
    config = Configuration(
        host=settings.THONGTHIN["LINE_API_BASE_URL"],
        access_token=locality.line_channel_access_token,
    )
    try:
        with ApiClient(config) as client:
            api = MessagingApi(client)
            # Asked on each visit of the LINE page: short waits, so an unreachable LINE does
            # not hold the page.
            quota = api.get_message_quota(_request_timeout=4)
            used = api.get_message_quota_consumption(_request_timeout=4)
    except Exception as exc:  # the page says it could not ask; the details go to the log
        log.info("LINE quota for %s unavailable: %s", locality.slug, exc)
        return None
    limited = quota.type == "limited" and quota.value is not None
    return LineQuota(used=int(used.total_usage or 0), limit=int(quota.value) if limited else None)


def line_citizen(*, locality: Locality, citizen: Citizen | None, event: dict) -> Citizen | None:
    """The citizen who wrote this event: the one found by the webhook, or a new one in the
    language of their LINE profile. Someone who writes to the OA can be answered, so they count
    as following it (they may have added the OA before Thongthin ran)."""
    user_id = (event.get("source") or {}).get("userId", "")
    if not user_id:
        return None
    if citizen is None:
        citizen = citizen_upsert(
            locality=locality,
            line_user_id=user_id,
            language=event.get("_profile_language")
            or line_profile_language(locality=locality, user_id=user_id),
        )
    if not citizen.line_followed:
        Citizen.objects.for_locality(locality).filter(pk=citizen.pk).update(line_followed=True)
        citizen.line_followed = True
    return citizen


def line_events_pending(*, limit: int = 100) -> list[LineEvent]:
    return list(
        LineEvent.objects.unscoped()
        .filter(status=LineEvent.Status.PENDING)
        .select_related("locality")
        .order_by("id")[:limit]
    )


LINE_REPLY_MESSAGES = 5


def line_reply(
    *,
    locality: Locality,
    citizen: Citizen,
    event: dict,
    text: Any,
    quick_replies: list[dict] | None = None,
) -> None:
    """Answer a LINE event in the citizen's language (``text`` a lazy translation or a
    :class:`~thongthin.core.i18n.Message`): a push through the outbox, keyed by the event and
    the answer's place among its answers (any handler's), so a retried event sends each answer
    once. ``quick_replies`` as for :func:`notify_citizen`."""
    part: dict = {"text": render_in(citizen.language, text)}
    if quick_replies:
        part["quick_replies"] = quick_replies
    # All of one event's answers go in one reply (LINE takes up to 5 messages per reply token);
    # a sixth starts a pushed message.
    index = event.setdefault("_replies", 0)
    event["_replies"] = index + 1
    group, position = divmod(index, LINE_REPLY_MESSAGES)
    key = f"line-reply:{event.get('webhookEventId')}" + (f":{group}" if group else "")
    if position:
        row = (
            OutboxMessage.objects.for_locality(locality)
            .select_for_update()
            .filter(dedupe_key=key, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if row is not None:
            row.payload["messages"].append(part)
            row.save(update_fields=["payload"])
            return
    notify_enqueue(
        locality=locality,
        channel="line",
        recipient=citizen.line_user_id,
        payload={
            "messages": [part],
            "text": part["text"],
            # Only the first group may use the event's reply token.
            "reply_token": event.get("replyToken", "") if not group else "",
        },
        dedupe_key=key,
    )
