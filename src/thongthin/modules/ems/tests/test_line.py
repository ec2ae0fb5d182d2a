"""SOS over LINE against the local LINE protocol server: "SOS", the location, the incident on
the board; the complaint conversation does not take these messages."""

import pytest
from django.apps import apps

from thongthin.core.testing import line_event_send
from thongthin.modules.ems.models import Incident

from .conftest import LAT, LON

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "line-secret-for-tests"
USER = "U" + "5" * 32


@pytest.fixture
def line_locality(locality, fake_line):
    locality.line_channel_secret = SECRET
    locality.line_channel_access_token = fake_line.token
    locality.save()
    return locality


def _last(fake_line):
    return fake_line.messages_to(USER)[-1]


def test_sos_then_location_lands_on_the_board_once(client, line_locality, fake_line):
    send = lambda **event: line_event_send(client, line_locality, USER, SECRET, **event)  # noqa: E731
    send(type="message", message={"type": "text", "id": "t1", "text": "SOS"})
    asked = _last(fake_line)
    assert "ส่งตำแหน่ง" in asked["text"] and "1669" in asked["text"]
    assert asked["quickReply"]["items"][0]["action"]["type"] == "location"
    send(type="message", message={"type": "text", "id": "t2", "text": "แม่ล้มในห้องน้ำ ไม่รู้สึกตัว"})
    assert not Incident.objects.for_locality(line_locality).exists()

    location = {"type": "location", "id": "L1", "latitude": LAT, "longitude": LON}
    send(type="message", message=location)
    incident = Incident.objects.for_locality(line_locality).get()
    assert incident.source == "line" and not incident.confirmed
    assert "ไม่รู้สึกตัว" in incident.notes and incident.case.reporter.line_user_id == USER
    assert incident.case.number in _last(fake_line)["text"]

    # What they type next (a phone number) goes to the dispatcher, not into a complaint draft.
    send(type="message", message={"type": "text", "id": "t3", "text": "0812345678"})
    incident.refresh_from_db()
    assert "0812345678" in incident.notes
    if apps.is_installed("thongthin.modules.complaints"):
        from thongthin.modules.complaints.models import LineDraft

        assert (
            not LineDraft.objects.for_locality(line_locality)
            .filter(text__contains="0812345678")
            .exists()
        )

    # Pressing SOS again and sharing the location again is the same emergency.
    send(type="message", message={"type": "text", "id": "t4", "text": "ฉุกเฉิน"})
    send(type="message", message={**location, "id": "L2"})
    assert Incident.objects.for_locality(line_locality).count() == 1


def test_a_location_without_sos_is_left_to_the_complaint_conversation(
    client, line_locality, fake_line
):
    line_event_send(
        client, line_locality, USER, SECRET, type="message",
        message={"type": "location", "id": "L9", "latitude": LAT, "longitude": LON},
    )  # fmt: skip
    assert not Incident.objects.for_locality(line_locality).exists()
    if not apps.is_installed("thongthin.modules.complaints"):
        pytest.skip("the complaints module is left out of this run (THONGTHIN_WITHOUT)")
    from thongthin.modules.complaints.models import LineDraft

    assert LineDraft.objects.for_locality(line_locality).get().lat == LAT
