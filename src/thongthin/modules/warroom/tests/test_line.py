"""LINE against the local LINE protocol server: subscribing to a place's warnings and getting
one when it is issued; a rescue request with a location becomes a disaster case."""

import pytest
from django.core.management import call_command

from thongthin.core.models import Case
from thongthin.core.testing import line_event_send, make_staff
from thongthin.modules.warroom.models import Alert, Subscription
from thongthin.modules.warroom.services import alerts

from .conftest import at

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "line-secret-for-tests"
HOME = "U" + "7" * 32
AWAY = "U" + "8" * 32


@pytest.fixture
def line_locality(locality, fake_line):
    locality.line_channel_secret = SECRET
    locality.line_channel_access_token = fake_line.token
    locality.save()
    return locality


def _texts(fake_line, user):
    return [m["text"] for m in fake_line.messages_to(user)]


def test_subscribe_by_line_and_get_the_warning(client, line_locality, fake_line, river, send):
    for user, lat, lon in ((HOME, 15.246, 105.230), (AWAY, 15.60, 105.60)):
        line_event_send(client, line_locality, user, SECRET, type="follow")
        line_event_send(
            client,
            line_locality,
            user,
            SECRET,
            type="message",
            message={"type": "text", "id": "t", "text": "รับแจ้งเตือน"},
        )
        line_event_send(
            client,
            line_locality,
            user,
            SECRET,
            type="message",
            message={"type": "location", "id": "l", "latitude": lat, "longitude": lon},
        )
        assert "ประกาศเตือนภัย" in _texts(fake_line, user)[-1]
    assert Subscription.objects.for_locality(line_locality).count() == 2

    officer = make_staff(line_locality, "officer")
    alerts.rule_save(
        locality=line_locality,
        actor=officer,
        station=river["town"],
        threshold="critical",
        severity="Severe",
        area_desc="ชุมชนริมมูล",
        circle="15.245,105.229 2",
        instruction_th="อพยพไปศูนย์พักพิงวัดกลาง",
        auto_issue=True,
    )
    send([{"station": "town", "observed_at": at(1), "value": 109.8}])
    call_command("worker", "--once")
    warning = _texts(fake_line, HOME)[-1]
    assert "ประกาศเตือนภัย" in warning and "อพยพไปศูนย์พักพิงวัดกลาง" in warning
    alert = Alert.objects.for_locality(line_locality).get()
    assert f"/cap/{line_locality.slug}/{alert.identifier}.xml" in warning
    assert not any("อพยพ" in t for t in _texts(fake_line, AWAY))


def test_rescue_request_with_a_location_is_a_case(client, line_locality, fake_line):
    line_event_send(
        client,
        line_locality,
        HOME,
        SECRET,
        type="message",
        message={"type": "text", "id": "t1", "text": "น้ำท่วม"},
    )
    line_event_send(
        client,
        line_locality,
        HOME,
        SECRET,
        type="message",
        message={"type": "text", "id": "t2", "text": "ติดอยู่บนหลังคา 4 คน มีเด็ก"},
    )
    line_event_send(
        client,
        line_locality,
        HOME,
        SECRET,
        type="message",
        message={"type": "location", "id": "l", "latitude": 15.25, "longitude": 105.23},
    )
    case = Case.objects.for_locality(line_locality).get(kind="disaster")
    assert case.category == "rescue" and "หลังคา" in case.description and case.channel == "line"
    assert case.number in _texts(fake_line, HOME)[-1]
