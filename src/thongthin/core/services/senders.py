"""Delivery channels for outbox messages. Each raises :class:`DeliveryError` when the provider
is unreachable or refuses for a reason worth retrying."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from ..models import OutboxMessage

log = logging.getLogger("thongthin.notify")


class DeliveryError(Exception):
    pass


class QuotaSpent(DeliveryError):
    """LINE refused a push: the Official Account's monthly message quota is spent."""


def _quick_action(item: dict):  # type: ignore[no-untyped-def]
    """A quick-reply button: ``type`` "location" (share a location), "datetime" (LINE's date and
    time picker, with ``initial``/``min``/``max`` as "2026-12-10T09:30"; the postback carries
    the choice in ``params``), else a postback with ``data``."""
    from linebot.v3.messaging import DatetimePickerAction, LocationAction, PostbackAction

    label = item["label"][:20]
    if item.get("type") == "location":
        return LocationAction(label=label)
    if item.get("type") == "datetime":
        return DatetimePickerAction(
            label=label,
            data=item["data"][:300],
            mode="datetime",
            initial=item.get("initial") or None,
            min=item.get("min") or None,
            max=item.get("max") or None,
        )
    return PostbackAction(
        label=label, data=item["data"][:300], displayText=item.get("text", item["label"])[:300]
    )


def _text_message(text: str, quick_replies: list[dict] | None):  # type: ignore[no-untyped-def]
    from linebot.v3.messaging import QuickReply, QuickReplyItem, TextMessage

    quick_reply = None
    if quick_replies:
        quick_reply = QuickReply(
            items=[QuickReplyItem(action=_quick_action(item)) for item in quick_replies[:13]]
        )
    return TextMessage(text=text[:5000], quickReply=quick_reply)


def send_line(message: OutboxMessage) -> None:
    """An answer inside a conversation goes with the event's reply token, which LINE does not
    count against the Official Account's monthly quota; anything later, or an answer whose
    token has expired or was refused, is pushed (with a retry key, so never twice)."""
    from linebot.v3.messaging import (
        ApiClient,
        ApiException,
        Configuration,
        MessagingApi,
        PushMessageRequest,
        ReplyMessageRequest,
    )

    locality = message.locality
    if not locality.line_channel_access_token:
        raise DeliveryError("locality has no LINE channel access token")
    config = Configuration(
        host=settings.THONGTHIN["LINE_API_BASE_URL"],
        access_token=locality.line_channel_access_token,
    )
    payload = message.payload
    parts = payload.get("messages") or [
        {"text": payload["text"], "quick_replies": payload.get("quick_replies")}
    ]
    messages = [_text_message(p["text"], p.get("quick_replies")) for p in parts[:5]]
    token = payload.get("reply_token")
    if token and not payload.get("reply_tried"):
        # Recorded before asking: a token is good once, so a second try goes by push.
        OutboxMessage.objects.unscoped().filter(pk=message.pk).update(
            payload={**payload, "reply_tried": True}
        )
        try:
            with ApiClient(config) as client:
                MessagingApi(client).reply_message(
                    ReplyMessageRequest(replyToken=token, messages=messages), _request_timeout=10
                )
            return
        except ApiException as exc:
            if exc.status != 400:  # 400: the token expired or was used; push instead, now
                raise DeliveryError(f"LINE reply {exc.status}: {exc.body!r}"[:500]) from exc
        except Exception as exc:  # unreachable: the next try pushes
            raise DeliveryError(f"LINE unreachable: {exc}") from exc
    request = PushMessageRequest(to=message.recipient, messages=messages)
    try:
        with ApiClient(config) as client:
            MessagingApi(client).push_message(
                request, x_line_retry_key=message.payload["idempotency_key"], _request_timeout=10
            )
    except ApiException as exc:
        # 409 with a retry key means LINE already accepted this very message.
        if exc.status == 409:
            return
        if exc.status == 429 and "monthly limit" in str(exc.body).lower():
            raise QuotaSpent(f"LINE monthly quota spent: {exc.body!r}"[:500]) from exc
        raise DeliveryError(f"LINE {exc.status}: {exc.body!r}"[:500]) from exc
    except Exception as exc:  # connection refused, timeouts, DNS
        raise DeliveryError(f"LINE unreachable: {exc}") from exc


def send_sms(message: OutboxMessage) -> None:
    """POST JSON {to, text} to the configured HTTP SMS gateway."""
    url = str(settings.THONGTHIN["SMS_GATEWAY_URL"])
    if not url:
        raise DeliveryError("SMS_GATEWAY_URL is not set")
    body = json.dumps({"to": message.recipient, "text": message.payload["text"]}).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.THONGTHIN['SMS_GATEWAY_TOKEN']}",
            "Idempotency-Key": message.payload["idempotency_key"],
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status >= 300:
                raise DeliveryError(f"SMS gateway answered {response.status}")
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"SMS gateway: {exc}") from exc


def send_email(message: OutboxMessage) -> None:
    try:
        send_mail(
            message.payload.get("subject", "Thongthin"),
            message.payload["text"],
            None,
            [message.recipient],
        )
    except OSError as exc:
        raise DeliveryError(f"e-mail: {exc}") from exc


def send_console(message: OutboxMessage) -> None:
    log.info("[notify %s → %s] %s", message.channel, message.recipient, message.payload["text"])


SENDERS = {"line": send_line, "sms": send_sms, "email": send_email, "console": send_console}


def send(message: OutboxMessage) -> None:
    sender = SENDERS.get(message.channel)
    if sender is None:
        raise DeliveryError(f"unknown channel {message.channel!r}")
    sender(message)
