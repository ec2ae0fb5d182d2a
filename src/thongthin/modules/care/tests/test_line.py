"""Care on LINE, against the local LINE protocol server: the family links their LINE with the
person's code, sends a blood pressure and a sugar (kept as readings in their bands, answered
by reply token; a dangerous one tells the nurses), a redelivered event is one reading, "ขอรถ"
asks for a ride in taps (hospital, LINE's date picker, mobility, companion, confirm) and keeps it
once; someone linked to nobody passes on to the other modules."""

import pytest

from thongthin.core.models import OutboxMessage
from thongthin.core.testing import line_event_send

from ..models import Contact, Reading, Ride
from .conftest import person_data

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


def test_asking_for_the_smart_car_in_taps(
    client, line_locality, fake_line, person, hospital, manager
):
    from datetime import timedelta

    from django.utils import timezone

    from ..services import person_register

    def send(**event):
        line_event_send(client, line_locality, USER, SECRET, **event)

    def last():
        return fake_line.messages_to(USER)[-1]

    def buttons():
        return [item["action"] for item in last().get("quickReply", {}).get("items", [])]

    def tap(label, **extra):
        action = next(a for a in buttons() if a["label"] == label)
        send(type="postback", postback={"data": action["data"], **extra})

    send(type="message", message={"type": "text", "id": "l", "text": f"ดูแล {person.line_code}"})
    send(type="message", message={"type": "text", "id": "r", "text": "ขอรถ"})
    assert person.first_name in last()["text"] and hospital.name in [a["label"] for a in buttons()]
    tap(hospital.name)
    picker = buttons()[0]
    assert picker["type"] == "datetimepicker" and picker["mode"] == "datetime"
    day = timezone.localdate() + timedelta(days=1)
    send(type="postback", postback={"data": picker["data"], "params": {"datetime": f"{day}T22:00"}})
    assert "07:00" in last()["text"] and buttons()[0]["type"] == "datetimepicker"  # asked again
    send(type="postback", postback={"data": picker["data"], "params": {"datetime": f"{day}T09:30"}})
    tap("รถเข็น")
    tap("มีผู้ติดตาม")
    assert "09:30" in last()["text"] and not Ride.objects.for_locality(line_locality).exists()
    confirm = next(a for a in buttons() if a["label"] == "ขอรถ")
    tap("ขอรถ")
    ride = Ride.objects.for_locality(line_locality).get()
    assert (ride.person_id, ride.hospital_id, ride.mobility, ride.companion, ride.channel) == (
        person.pk,
        hospital.pk,
        "wheelchair",
        True,
        "line",
    )
    assert timezone.localtime(ride.appointment_at).strftime("%H:%M") == "09:30"
    assert ride.citizen.line_user_id == USER
    send(type="postback", postback={"data": confirm["data"]})  # tapped twice
    assert Ride.objects.for_locality(line_locality).count() == 1
    # A confirm made up for someone this LINE is not linked to starts again, keeps nothing, even
    # for the one person it is linked to (whose ride is cancelled here, so one could be kept).
    Ride.objects.for_locality(line_locality).update(status="cancelled")
    stranger = person_register(
        locality=line_locality, actor=manager, data=person_data(first_name="สมปอง")
    )
    forged = confirm["data"].replace(f"p={person.pk}", f"p={stranger.pk}")
    send(type="postback", postback={"data": forged})
    assert not Ride.objects.for_locality(line_locality).exclude(status="cancelled").exists()
    assert hospital.name in [a["label"] for a in buttons()]  # asked from the start again
    assert fake_line.replies and not fake_line.pushes, "answers go by reply token"
