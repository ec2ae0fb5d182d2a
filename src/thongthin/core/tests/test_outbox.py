"""Notifications: LINE pushes against a local server speaking LINE's protocol, SMS, e-mail;
outages delay messages, never drop or duplicate them."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from thongthin.core.models import OutboxMessage
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.cases import case_create, case_transition
from thongthin.core.services.notifications import (
    notify_enqueue,
    outbox_deliver_due,
    quota_resets_at,
)


@pytest.fixture
def line_locality(locality, fake_line):
    locality.line_channel_secret = "secret"
    locality.line_channel_access_token = fake_line.token
    locality.save()
    return locality


def _line_citizen(locality, user_id="U1234567890abcdef1234567890abcdef", language="th"):
    citizen = citizen_upsert(locality=locality, line_user_id=user_id, language=language)
    citizen.line_followed = True
    citizen.save()
    return citizen


def _later(minutes=120):
    return timezone.now() + timedelta(minutes=minutes)


@pytest.mark.django_db
def test_case_events_reach_the_reporter_on_line(line_locality, fake_line, officer):
    citizen = _line_citizen(line_locality)
    case = case_create(
        locality=line_locality, kind="general", title="ไฟดับ", channel="line", reporter=citizen
    )
    case_transition(case=case, action="accept", actor=officer)
    assert outbox_deliver_due() == (2, 0)
    assert [p["to"] for p in fake_line.pushes] == [citizen.line_user_id] * 2
    assert case.number in fake_line.pushes[0]["messages"][0]["text"]
    assert "รับดำเนินการ" in fake_line.pushes[1]["messages"][0]["text"]
    assert all(p["retry_key"] for p in fake_line.pushes)
    assert outbox_deliver_due() == (0, 0)  # nothing is sent twice


@pytest.mark.django_db
def test_english_speakers_get_english(line_locality, fake_line):
    citizen = _line_citizen(line_locality, language="en")
    case_create(locality=line_locality, kind="general", title="x", channel="line", reporter=citizen)
    outbox_deliver_due()
    assert fake_line.pushes[0]["messages"][0]["text"].startswith(line_locality.name_en)


@pytest.mark.django_db
def test_line_outage_delays_and_retries_without_loss(line_locality, fake_line):
    citizen = _line_citizen(line_locality)
    case_create(locality=line_locality, kind="general", title="x", channel="line", reporter=citizen)
    fake_line.down = True
    assert outbox_deliver_due() == (0, 1)
    message = OutboxMessage.objects.for_locality(line_locality).get()
    assert message.status == "pending" and message.attempts == 1
    assert "500" in message.last_error and message.next_attempt_at > timezone.now()
    assert outbox_deliver_due() == (0, 0)  # backing off: not due yet
    # Still down at the next attempt: the back-off grows.
    outbox_deliver_due(now=_later())
    message.refresh_from_db()
    assert message.attempts == 2
    fake_line.down = False
    assert outbox_deliver_due(now=_later(240)) == (1, 0)
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None
    assert len(fake_line.pushes) == 1


@pytest.mark.django_db
def test_a_spent_line_quota_holds_ordinary_pushes_and_keeps_trying_urgent_ones(
    line_locality, fake_line
):
    citizen = _line_citizen(line_locality)
    fake_line.quota = 0  # this month's pushes are used up
    ordinary = notify_enqueue(
        locality=line_locality, channel="line", recipient=citizen.line_user_id,
        payload={"text": "เรื่องของท่านได้รับการแก้ไขแล้ว"}, dedupe_key="status",
    )  # fmt: skip
    warning = notify_enqueue(
        locality=line_locality, channel="line", recipient=citizen.line_user_id,
        payload={"text": "เตือนภัยน้ำท่วม"}, dedupe_key="warning", urgent=True,
    )  # fmt: skip
    assert outbox_deliver_due() == (0, 2)
    ordinary.refresh_from_db()
    warning.refresh_from_db()
    # Neither is lost or failed: the ordinary one waits for next month's quota...
    assert ordinary.status == warning.status == "pending"
    now = timezone.now()
    assert ordinary.next_attempt_at == quota_resets_at(now) and ordinary.next_attempt_at.day == 1
    assert "monthly quota" in ordinary.last_error
    # ...the warning is tried again within minutes (the admin may buy more messages).
    assert warning.next_attempt_at < now + timedelta(minutes=10)
    fake_line.quota = 500  # more messages bought
    assert outbox_deliver_due(now=_later(5)) == (1, 0)
    assert [p["messages"][0]["text"] for p in fake_line.pushes] == ["เตือนภัยน้ำท่วม"]
    # Next month the ordinary one goes, once.
    assert outbox_deliver_due(now=quota_resets_at(now)) == (1, 0)
    assert len(fake_line.pushes) == 2


def test_the_quota_is_tried_again_after_midnight_on_the_first_everywhere():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    bangkok = ZoneInfo("Asia/Bangkok")
    resets = quota_resets_at(datetime(2026, 12, 31, 23, 0, tzinfo=bangkok))
    assert resets.astimezone(bangkok).replace(tzinfo=None) == datetime(2027, 1, 1, 7, 5)
    assert quota_resets_at(datetime(2026, 11, 3, 9, 0, tzinfo=bangkok)).month == 12


@pytest.mark.django_db
def test_a_crash_after_sending_does_not_send_twice(line_locality, fake_line):
    citizen = _line_citizen(line_locality)
    case_create(locality=line_locality, kind="general", title="x", channel="line", reporter=citizen)
    message = OutboxMessage.objects.for_locality(line_locality).get()
    outbox_deliver_due()
    # Pretend the worker died before recording the success: the row is still due.
    OutboxMessage.objects.for_locality(line_locality).filter(pk=message.pk).update(
        status="pending", sent_at=None
    )
    assert outbox_deliver_due() == (1, 0)  # LINE answers 409 for the same retry key
    assert len(fake_line.pushes) == 1


@pytest.mark.django_db
def test_same_event_is_enqueued_once(locality):
    first = notify_enqueue(
        locality=locality, channel="console", recipient="x", payload={"text": "a"}, dedupe_key="k"
    )
    second = notify_enqueue(
        locality=locality, channel="console", recipient="x", payload={"text": "a"}, dedupe_key="k"
    )
    assert first.pk == second.pk
    assert OutboxMessage.objects.for_locality(locality).count() == 1


@pytest.mark.django_db
def test_unreachable_line_server_is_an_outage_not_a_loss(line_locality, settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "LINE_API_BASE_URL": "http://127.0.0.1:9"}
    citizen = _line_citizen(line_locality)
    case_create(locality=line_locality, kind="general", title="x", channel="line", reporter=citizen)
    assert outbox_deliver_due() == (0, 1)
    assert OutboxMessage.objects.for_locality(line_locality).get().status == "pending"


class _Gateway:
    def __init__(self):
        self.received = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.received.append((body, self.headers.get("Idempotency-Key")))
                self.send_response(202)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"


@pytest.mark.django_db
def test_sms_through_the_http_gateway(locality, settings):
    gateway = _Gateway()
    settings.THONGTHIN = {**settings.THONGTHIN, "SMS_GATEWAY_URL": gateway.url}
    citizen = citizen_upsert(locality=locality, phone="0812345678")
    case_create(locality=locality, kind="general", title="x", channel="phone", reporter=citizen)
    assert outbox_deliver_due() == (1, 0)
    body, key = gateway.received[0]
    assert body["to"] == "0812345678" and key
    gateway.server.shutdown()


@pytest.mark.django_db
def test_email_channel(locality):
    citizen = citizen_upsert(locality=locality, email="somjai@example.org")
    case_create(locality=locality, kind="general", title="x", channel="web", reporter=citizen)
    assert outbox_deliver_due() == (1, 0)
    assert mail.outbox[0].to == ["somjai@example.org"]
