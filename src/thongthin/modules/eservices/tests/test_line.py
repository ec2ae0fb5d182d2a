"""The counter queue on LINE, against the local LINE protocol server: "คิว" shows the lines as
buttons, a button takes one ticket (pressed twice, still one), and the call to the counter
reaches the citizen on LINE; the complaint conversation does not take these messages."""

import pytest
from django.apps import apps

from thongthin.core.models import OutboxMessage
from thongthin.core.testing import line_event_send, make_staff
from thongthin.modules.eservices.models import Counter, Ticket
from thongthin.modules.eservices.services.queue import queue_call_next

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "line-secret-for-tests"
USER = "U" + "7" * 32


@pytest.fixture
def line_locality(locality, fake_line):
    locality.line_channel_secret = SECRET
    locality.line_channel_access_token = fake_line.token
    locality.save()
    return locality


def test_a_ticket_on_line_and_the_call_told_there(client, line_locality, fake_line):
    send = lambda **event: line_event_send(client, line_locality, USER, SECRET, **event)  # noqa: E731
    send(type="message", message={"type": "text", "id": "t1", "text": "คิว"})
    asked = fake_line.messages_to(USER)[-1]
    items = asked["quickReply"]["items"]
    assert [i["action"]["data"] for i in items][:2] == ["queue:take:A", "queue:take:B"]
    send(type="postback", postback={"data": "queue:take:A"})
    ticket = Ticket.objects.for_locality(line_locality).get()
    assert ticket.channel == "line" and ticket.citizen.line_user_id == USER
    answer = fake_line.messages_to(USER)[-1]["text"]
    assert "A001" in answer and f"/queue/t/{ticket.token}/" in answer
    send(type="postback", postback={"data": "queue:take:A"})  # pressed again: the same ticket
    assert Ticket.objects.for_locality(line_locality).count() == 1
    assert "A001" in fake_line.messages_to(USER)[-1]["text"]
    if apps.is_installed("thongthin.modules.complaints"):
        from thongthin.modules.complaints.models import LineDraft

        assert not LineDraft.objects.for_locality(line_locality).exists()
    counter = Counter.objects.for_locality(line_locality).get(number=2)
    officer = make_staff(line_locality, "officer")
    queue_call_next(counter=counter, actor=officer)
    call = OutboxMessage.objects.for_locality(line_locality).filter(dedupe_key__startswith="queue")
    assert call.count() == 1
    from django.core.management import call_command

    call_command("worker", "--once")
    told = fake_line.messages_to(USER)[-1]["text"]
    assert "A001" in told and "2" in told
