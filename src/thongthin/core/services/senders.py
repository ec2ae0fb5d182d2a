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


def send_line(message: OutboxMessage) -> None:
    from linebot.v3.messaging import (
        ApiClient,
        ApiException,
        Configuration,
        LocationAction,
        MessagingApi,
        PostbackAction,
        PushMessageRequest,
        QuickReply,
        QuickReplyItem,
        TextMessage,
    )

    locality = message.locality
    if not locality.line_channel_access_token:
        raise DeliveryError("locality has no LINE channel access token")
    config = Configuration(
        host=settings.THONGTHIN["LINE_API_BASE_URL"],
        access_token=locality.line_channel_access_token,
    )
    quick_reply = None
    if message.payload.get("quick_replies"):
        quick_reply = QuickReply(
            items=[
                QuickReplyItem(
                    action=LocationAction(label=item["label"][:20])
                    if item.get("type") == "location"
                    else PostbackAction(
                        label=item["label"][:20],
                        data=item["data"][:300],
                        displayText=item.get("text", item["label"])[:300],
                    )
                )
                for item in message.payload["quick_replies"][:13]
            ]
        )
    request = PushMessageRequest(
        to=message.recipient,
        messages=[TextMessage(text=message.payload["text"][:5000], quickReply=quick_reply)],
    )
    try:
        with ApiClient(config) as client:
            MessagingApi(client).push_message(
                request, x_line_retry_key=message.payload["idempotency_key"], _request_timeout=10
            )
    except ApiException as exc:
        # 409 with a retry key means LINE already accepted this very message.
        if exc.status == 409:
            return
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
