"""Care on LINE, against the local LINE protocol server: the family links their LINE with the
person's code, sends a blood pressure and a sugar (kept as readings in their bands, answered
by reply token; a dangerous one tells the nurses), a redelivered event is one reading, "ขอรถ"
answers with the person's page; someone linked to nobody passes on to the other modules."""

import pytest

from thongthin.core.models import OutboxMessage
from thongthin.core.testing import line_event_send

from ..models import Contact, Reading

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "line-secret-for-tests"
USER = "U" + "5" * 32
STRANGER = "U" + "6" * 32


@pytest.fixture
def line_locality(locality, fake_line):
    locality.line_channel_secret = SECRET
    locality.line_channel_access_token = fake_line.token
    locality.save()
    return locality


def test_link_then_readings_and_a_ride_on_line(client, line_locality, fake_line, person, nurse):
    def send(user=USER, **event):
        line_event_send(client, line_locality, user, SECRET, **event)

    def text(value, user=USER, ident="m"):
        send(user=user, type="message", message={"type": "text", "id": ident, "text": value})

    text("150/90", user=STRANGER)  # linked to nobody: not taken as a reading
    assert not Reading.objects.for_locality(line_locality).exists()
    text(f"ดูแล {person.line_code.lower()}")
    contact = Contact.objects.for_locality(line_locality).get(citizen__line_user_id=USER)
    assert contact.person_id == person.pk
    assert person.first_name in fake_line.messages_to(USER)[-1]["text"]
    text("ความดัน ๑๘๕/๑๐๐")  # Thai digits
    reading = Reading.objects.for_locality(line_locality).get()
    assert (reading.sbp, reading.dbp, reading.colour, reading.channel) == (185, 100, "red", "line")
    answer = fake_line.messages_to(USER)[-1]["text"]
    assert "1669" in answer
    assert (
        OutboxMessage.objects.for_locality(line_locality)
        .filter(recipient="nurse@example.org")
        .exists()
    )
    text("น้ำตาล 98")
    assert Reading.objects.for_locality(line_locality).count() == 2
    text("ความดัน 400/90")
    assert Reading.objects.for_locality(line_locality).count() == 2
    assert "400" in fake_line.messages_to(USER)[-1]["text"]
    text("ขอรถ")
    assert f"/care/{person.reading_token}/" in fake_line.messages_to(USER)[-1]["text"]
    assert fake_line.replies and not fake_line.pushes, "answers go by reply token"


def test_a_redelivered_reading_is_kept_once(client, line_locality, fake_line, person):
    from thongthin.core.testing import line_event_send as send

    send(client, line_locality, USER, SECRET, type="message",
         message={"type": "text", "id": "a", "text": f"care {person.line_code}"})  # fmt: skip
    event = {"type": "message", "message": {"type": "text", "id": "b", "text": "140/90"},
             "webhookEventId": "01REDELIVERED000000000000001"}  # fmt: skip
    send(client, line_locality, USER, SECRET, **event)
    send(client, line_locality, USER, SECRET, **{**event,
         "deliveryContext": {"isRedelivery": True}})  # fmt: skip
    assert Reading.objects.for_locality(line_locality).count() == 1
