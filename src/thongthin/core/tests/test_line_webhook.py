"""The LINE webhook: signatures, redelivery, follow/unfollow and module handlers."""

import base64
import hashlib
import hmac
import json

import pytest
from django.core.management import call_command

from thongthin.core.models import Citizen, LineEvent
from thongthin.core.modules import LineHandler
from thongthin.core.testing import temporary_module

SECRET = "line-channel-secret"
USER = "U0123456789abcdef0123456789abcdef"


@pytest.fixture
def line_locality(locality):
    locality.line_channel_secret = SECRET
    locality.line_channel_access_token = "token"
    locality.save()
    return locality


def _sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _event(kind: str, event_id: str, **extra) -> dict:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1763900000000,
        "source": {"type": "user", "userId": USER},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
        **extra,
    }


def _post(client, locality, events, signature=None, secret=SECRET):
    body = json.dumps({"destination": "Uxxx", "events": events}).encode()
    headers = {}
    if signature is not False:
        headers["HTTP_X_LINE_SIGNATURE"] = signature or _sign(body, secret)
    return client.post(
        f"/line/webhook/{locality.slug}/", body, content_type="application/json", **headers
    )


@pytest.mark.django_db
@pytest.mark.parametrize("signature", [False, "bm90IGEgc2lnbmF0dXJl", "wrong-secret"])
def test_bad_or_missing_signature_is_refused_and_changes_nothing(client, line_locality, signature):
    if signature == "wrong-secret":
        response = _post(client, line_locality, [_event("follow", "E1")], secret="other")
    else:
        response = _post(client, line_locality, [_event("follow", "E1")], signature=signature)
    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert LineEvent.objects.for_locality(line_locality).count() == 0
    assert Citizen.objects.for_locality(line_locality).count() == 0


@pytest.mark.django_db
def test_locality_without_line_refuses(client, other_locality):
    response = _post(client, other_locality, [_event("follow", "E1")])
    assert response.status_code == 401


@pytest.mark.django_db(transaction=True)
def test_follow_links_and_unfollow_unlinks(
    client, line_locality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, line_locality, [_event("follow", "E1")]).status_code == 200
    call_command("worker", "--once")
    citizen = Citizen.objects.for_locality(line_locality).get(line_user_id=USER)
    assert citizen.line_followed
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, line_locality, [_event("unfollow", "E2")])
    call_command("worker", "--once")
    citizen.refresh_from_db()
    assert not citizen.line_followed
    statuses = set(LineEvent.objects.for_locality(line_locality).values_list("status", flat=True))
    assert statuses == {"done"}


@pytest.mark.django_db(transaction=True)
def test_redelivered_events_are_handled_once(client, line_locality):
    calls = []

    def record(loc, citizen, event):
        calls.append(event)

    handler = LineHandler("message", record, message="text")
    with temporary_module(name="probe", line_handlers=(handler,)):
        message = _event("message", "E9", message={"type": "text", "id": "1", "text": "ไฟดับ"})
        for _ in range(3):
            assert _post(client, line_locality, [message]).status_code == 200
        call_command("worker", "--once")
        assert LineEvent.objects.for_locality(line_locality).count() == 1
        assert [c["message"]["text"] for c in calls] == ["ไฟดับ"]


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_leaves_the_event_for_retry(client, line_locality):
    def broken(locality, citizen, event):
        raise RuntimeError("module bug")

    handler = LineHandler("message", broken, message="location", order=0)
    with temporary_module(name="probe", line_handlers=(handler,)):
        event = _event(
            "message", "E5", message={"type": "location", "latitude": 8.4, "longitude": 99.9}
        )
        _post(client, line_locality, [event])
        call_command("worker", "--once")
        stored = LineEvent.objects.for_locality(line_locality).get()
        assert (
            stored.status == "pending"
            and stored.attempts == 1
            and "module bug" in stored.last_error
        )


@pytest.mark.django_db
def test_malformed_body_with_valid_signature_is_a_clear_error(client, line_locality):
    body = b'{"events": "nope"}'
    response = client.post(
        f"/line/webhook/{line_locality.slug}/",
        body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=_sign(body),
    )
    assert response.status_code == 422 and response.json()["code"] == "line_body"


@pytest.mark.django_db
def test_unknown_locality_is_not_found(client):
    response = client.post("/line/webhook/nowhere/", b"{}", content_type="application/json")
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_worker_picks_up_events_whose_task_was_lost(line_locality):
    from datetime import timedelta

    from django.utils import timezone

    event = LineEvent.objects.create(
        locality=line_locality,
        webhook_event_id="LOST1",
        type="follow",
        source_user_id=USER,
        payload=_event("follow", "LOST1"),
    )
    call_command("worker", "--once")
    assert LineEvent.objects.for_locality(line_locality).get(pk=event.pk).status == "pending"
    LineEvent.objects.for_locality(line_locality).filter(pk=event.pk).update(
        received_at=timezone.now() - timedelta(minutes=5)
    )
    call_command("worker", "--once")
    assert LineEvent.objects.for_locality(line_locality).get(pk=event.pk).status == "done"
    assert Citizen.objects.for_locality(line_locality).get(line_user_id=USER).line_followed


@pytest.mark.django_db
def test_one_events_answers_share_one_reply_of_at_most_five(locality):
    from thongthin.core.models import OutboxMessage
    from thongthin.core.services.accounts import citizen_upsert
    from thongthin.core.services.line import line_reply

    citizen = citizen_upsert(locality=locality, line_user_id="U" + "7" * 32)
    event = {"webhookEventId": "01EV", "replyToken": "token-1"}
    for n in range(7):
        line_reply(locality=locality, citizen=citizen, event=event, text=f"answer {n}")
    rows = list(OutboxMessage.objects.for_locality(locality).order_by("id"))
    assert [len(r.payload["messages"]) for r in rows] == [5, 2]
    assert rows[0].payload["reply_token"] == "token-1" and rows[1].payload["reply_token"] == ""
    assert [m["text"] for m in rows[0].payload["messages"]] == [f"answer {n}" for n in range(5)]
