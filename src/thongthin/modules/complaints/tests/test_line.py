"""The LINE conversation end to end: signed webhooks in, LINE's protocol out (a local server)."""

import io
from itertools import count

import pytest
from django.core.management import call_command
from PIL import Image

from thongthin.core.models import Case, OutboxMessage
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import jpeg, line_event_send
from thongthin.modules.complaints.models import Complaint, LineDraft

from .conftest import LAT, LON

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "line-secret-for-tests"
THAI_USER = "U" + "1" * 32
ENGLISH_USER = "U" + "2" * 32
_ids = count(1)


@pytest.fixture
def line_locality(locality, fake_line):
    locality.line_channel_secret = SECRET
    locality.line_channel_access_token = fake_line.token
    locality.save()
    return locality


def _send(client, locality, user, **event):
    line_event_send(client, locality, user, SECRET, **event)


def _text(client, locality, user, text):
    _send(client, locality, user, type="message", message={"type": "text", "id": "t", "text": text})


def _last(fake_line, user):
    messages = fake_line.messages_to(user)
    assert messages, "no message reached the user"
    return messages[-1]


def _postback_data(message):
    return [item["action"]["data"] for item in message["quickReply"]["items"]]


def test_report_in_any_order_confirm_and_follow_it_to_a_rating(
    client, line_locality, fake_line, officer
):
    _text(client, line_locality, THAI_USER, "ถนนหน้าบ้านเป็นหลุมใหญ่ รถล้มบ่อย")
    asked = _last(fake_line, THAI_USER)["text"]
    assert "รูป" in asked and "ตำแหน่ง" in asked and "รายละเอียด" not in asked

    fake_line.contents["M100"] = jpeg(gps=True)
    _send(client, line_locality, THAI_USER, type="message", message={"type": "image", "id": "M100"})
    asked = _last(fake_line, THAI_USER)["text"]
    assert "ตำแหน่ง" in asked and "รูป" not in asked

    _send(
        client, line_locality, THAI_USER, type="message",
        message={"type": "location", "id": "L1", "latitude": LAT, "longitude": LON,
                 "address": "ถนนราชดำเนิน"},
    )  # fmt: skip
    summary = _last(fake_line, THAI_USER)
    assert "ยืนยัน" in summary["text"] and "รูป: 1" in summary["text"]
    assert "complaint:confirm" in _postback_data(summary)
    assert not Case.objects.for_locality(line_locality).exists()  # nothing filed before "yes"

    _send(client, line_locality, THAI_USER, type="postback", postback={"data": "complaint:confirm"})
    case = Case.objects.for_locality(line_locality).get()
    assert case.channel == "line" and case.reporter.line_user_id == THAI_USER
    assert case.address == "ถนนราชดำเนิน" and case.description.startswith("ถนนหน้าบ้าน")
    photo = case.attachments.get()
    with photo.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as stored:
        assert not stored.getexif().get_ifd(0x8825)  # GPS gone
    receipt = _last(fake_line, THAI_USER)["text"]
    assert case.number in receipt and f"/track/{case.tracking_code}/" in receipt
    assert not LineDraft.objects.for_locality(line_locality).exists()

    case_transition(case=case, action="accept", actor=officer)
    call_command("worker", "--once")
    assert "รับเรื่องแล้ว" in _last(fake_line, THAI_USER)["text"]

    case_transition(case=case, action="resolve", actor=officer, reason="ซ่อมผิวถนนแล้ว")
    call_command("worker", "--once")
    ask = _last(fake_line, THAI_USER)
    assert "ให้คะแนน" in ask["text"] and f"rate:{case.pk}:5" in _postback_data(ask)

    _send(client, line_locality, THAI_USER, type="postback", postback={"data": f"rate:{case.pk}:5"})
    assert Complaint.objects.for_locality(line_locality).get().rating == 5
    assert "5" in _last(fake_line, THAI_USER)["text"]


def test_english_user_gets_english(client, line_locality, fake_line):
    fake_line.profiles[ENGLISH_USER] = {"displayName": "Sam", "language": "en"}
    _send(client, line_locality, ENGLISH_USER, type="follow")
    assert _last(fake_line, ENGLISH_USER)["text"].startswith("Hello from")
    _text(client, line_locality, ENGLISH_USER, "Street light broken near the school")
    asked = _last(fake_line, ENGLISH_USER)["text"]
    assert "photo" in asked and "location" in asked
    _text(client, line_locality, ENGLISH_USER, "no photo")
    _send(
        client, line_locality, ENGLISH_USER, type="message",
        message={"type": "location", "id": "L2", "latitude": LAT, "longitude": LON},
    )  # fmt: skip
    assert "Tap Send" in _last(fake_line, ENGLISH_USER)["text"]
    _text(client, line_locality, ENGLISH_USER, "yes")
    case = Case.objects.for_locality(line_locality).get()
    receipt = _last(fake_line, ENGLISH_USER)["text"]
    assert receipt.startswith(line_locality.name_en) and case.number in receipt


def test_nearby_case_is_offered_and_following_it_files_nothing(
    client, line_locality, fake_line, file_complaint
):
    existing = file_complaint(text="ถนนเป็นหลุมหน้าตลาด", category="road")
    _text(client, line_locality, THAI_USER, "ถนนเป็นหลุม")
    _text(client, line_locality, THAI_USER, "ไม่มีรูป")
    _send(
        client, line_locality, THAI_USER, type="message",
        message={"type": "location", "id": "L3", "latitude": LAT + 0.0005, "longitude": LON},
    )  # fmt: skip
    summary = _last(fake_line, THAI_USER)
    assert existing.case.number in summary["text"]
    same = f"complaint:same:{existing.pk}"
    assert same in _postback_data(summary)
    _send(client, line_locality, THAI_USER, type="postback", postback={"data": same})
    assert Case.objects.for_locality(line_locality).count() == 1
    assert existing.followers.get().citizen.line_user_id == THAI_USER
    assert existing.case.number in _last(fake_line, THAI_USER)["text"]


def test_bad_location_and_cancel(client, line_locality, fake_line):
    _send(
        client, line_locality, THAI_USER, type="message",
        message={"type": "location", "id": "L4", "latitude": 35.6, "longitude": 139.7},
    )  # fmt: skip
    assert "ไม่อยู่ในประเทศไทย" in _last(fake_line, THAI_USER)["text"]
    _text(client, line_locality, THAI_USER, "ไฟดับ")
    _text(client, line_locality, THAI_USER, "ยกเลิก")
    assert "ยกเลิก" in _last(fake_line, THAI_USER)["text"]
    assert not LineDraft.objects.for_locality(line_locality).exists()
    assert not Case.objects.for_locality(line_locality).exists()


def test_line_outage_delays_replies_and_loses_none(client, line_locality, fake_line):
    fake_line.down = True
    _text(client, line_locality, THAI_USER, "ขยะล้นถัง")
    assert fake_line.delivered == []
    waiting = OutboxMessage.objects.for_locality(line_locality).get()
    assert waiting.status != "sent" and waiting.attempts >= 1
    fake_line.down = False
    from django.utils import timezone

    # The back-off has passed (instead of sleeping through it).
    OutboxMessage.objects.for_locality(line_locality).update(next_attempt_at=timezone.now())
    call_command("worker", "--once")
    # Retried after the outage: the reply token has expired by then, so it is pushed, once.
    assert len([p for p in fake_line.pushes if p["to"] == THAI_USER]) == 1


def test_photo_fetch_failure_leaves_the_event_for_retry(client, line_locality, fake_line):
    from thongthin.core.models import LineEvent

    _send(client, line_locality, THAI_USER, type="message", message={"type": "image", "id": "GONE"})
    event = LineEvent.objects.for_locality(line_locality).get(type="message")
    assert event.status == "pending" and "GONE" in event.last_error
    fake_line.contents["GONE"] = jpeg()
    from thongthin.core.services.line import line_event_process

    line_event_process(event=event)
    assert LineDraft.objects.for_locality(line_locality).get().photo_ids


def test_answers_in_the_conversation_use_the_free_reply_token(client, line_locality, fake_line):
    """LINE does not count replies against the OA's monthly quota; pushes it does."""
    _text(client, line_locality, THAI_USER, "ขยะล้นถังหน้าบ้าน")
    assert fake_line.replies and not [p for p in fake_line.pushes if p["to"] == THAI_USER]
    row = OutboxMessage.objects.for_locality(line_locality).get()
    assert row.status == "sent" and row.payload["reply_tried"]


def test_an_expired_reply_token_falls_back_to_one_push(client, line_locality, fake_line):
    fake_line.expire_replies = True  # the worker came late: LINE refuses the token
    _text(client, line_locality, THAI_USER, "ขยะล้นถังหน้าบ้าน")
    pushed = [p for p in fake_line.pushes if p["to"] == THAI_USER]
    assert len(pushed) == 1 and pushed[0]["retry_key"]
    assert not fake_line.replies
    call_command("worker", "--once")  # nothing left to send twice
    assert len([p for p in fake_line.pushes if p["to"] == THAI_USER]) == 1
