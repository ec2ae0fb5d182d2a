"""The counter queue: a number run per line and day, call next in the order tickets were
taken across the counter's lines, recall, served, absent, moving to another line keeps the
place; the empty queue refused; the kiosk, the ticket page, the display's snapshot and stream,
the officer's counter page; tenant isolation."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from thongthin.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..models import Counter, QueueEvent, QueueGroup, Ticket
from ..services.queue import (
    queue_call_next,
    queue_finish,
    queue_recall,
    queue_snapshot,
    queue_transfer,
    queue_version,
    ticket_ahead,
    ticket_take,
)

pytestmark = pytest.mark.django_db


def _earlier_today(minutes: int):  # type: ignore[no-untyped-def]
    """A moment ``minutes`` ago, but not before today's start in Bangkok (the queue's numbers
    and calls are per Bangkok day: a test run just after midnight must stay in one day)."""
    from datetime import datetime, time

    from thongthin.core import thai

    now = timezone.now()
    midnight = datetime.combine(thai.to_bangkok(now).date(), time(0), tzinfo=thai.BANGKOK)
    return max(now - timedelta(minutes=minutes), midnight + timedelta(seconds=1))


def _setup():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    groups = {g.letter: g for g in QueueGroup.objects.for_locality(locality)}
    counters = list(Counter.objects.for_locality(locality))
    return locality, officer, groups, counters


def test_numbers_run_per_line_and_start_again_each_day():
    locality, _officer, groups, _counters = _setup()
    now = timezone.now()
    codes = [ticket_take(locality=locality, group=groups[g], now=now).code for g in ("A", "A", "B")]
    assert codes == ["A001", "A002", "B001"]
    tomorrow = ticket_take(locality=locality, group=groups["A"], now=now + timedelta(days=1))
    assert tomorrow.code == "A001"
    other = make_locality(slug="other")
    with pytest.raises(NotFound):  # another locality's line
        ticket_take(locality=other, group=groups["A"])


@pytest.mark.skipif(connection.vendor == "sqlite", reason="threads share SQLite's one writer")
@pytest.mark.django_db(transaction=True)
def test_two_kiosks_never_give_the_same_number():
    locality, _officer, groups, _counters = _setup()
    codes: list[str] = []

    def take() -> None:
        for _ in range(5):
            codes.append(ticket_take(locality=locality, group=groups["A"]).code)
        connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [f"A{n:03d}" for n in range(1, 21)]


def test_the_counter_calls_in_order_recalls_finishes_and_moves():
    locality, officer, groups, counters = _setup()
    start = _earlier_today(minutes=30)
    a1 = ticket_take(locality=locality, group=groups["A"], now=start)
    b1 = ticket_take(locality=locality, group=groups["B"], now=start + timedelta(minutes=1))
    a2 = ticket_take(locality=locality, group=groups["A"], now=start + timedelta(minutes=2))
    first, second = counters[0], counters[1]
    second.letters = "B"
    second.save()
    # Counters call across every line by the time taken: A001 and B001 are before A002.
    assert ticket_ahead(a2) == 2
    assert queue_call_next(counter=first, actor=officer).code == "A001"
    # Counter 2 calls only line B; counter 1 then takes the next of any line.
    assert queue_call_next(counter=second, actor=officer).code == "B001"
    assert queue_call_next(counter=first, actor=officer).code == "A002"
    a1.refresh_from_db()
    assert a1.status == "done" and a1.done_at is not None  # calling the next finished it
    before = queue_version(locality)
    assert queue_recall(counter=first, actor=officer).code == "A002"
    assert queue_version(locality) > before
    kinds = list(
        QueueEvent.objects.for_locality(locality).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["take", "take", "take", "call", "call", "done", "call", "recall"]
    # B001 is moved to line C: it waits there, still B001, and counter 1 calls it next.
    queue_transfer(counter=second, actor=officer, group=groups["C"])
    b1.refresh_from_db()
    assert b1.status == "waiting" and b1.group_id == groups["C"].pk and b1.code == "B001"
    with pytest.raises(Conflict):  # counter 2 has nobody now
        queue_recall(counter=second, actor=officer)
    assert queue_call_next(counter=first, actor=officer).code == "B001"
    assert queue_finish(counter=first, actor=officer, absent=True).status == "skipped"
    with pytest.raises(Conflict) as empty:
        queue_call_next(counter=first, actor=officer)
    assert empty.value.code == "queue_empty"
    snapshot = queue_snapshot(locality)
    assert snapshot["calls"][0]["ticket"] == "B001" and snapshot["version"] == queue_version(
        locality
    )
    assert snapshot["now"] is None  # B001 was absent: the big line no longer shows it
    ticket_take(locality=locality, group=groups["A"])
    queue_call_next(counter=first, actor=officer)
    with pytest.raises(ValidationFailed):  # moving a ticket to its own line
        queue_transfer(counter=first, actor=officer, group=groups["A"])


def test_only_the_localitys_officers_work_its_counters():
    locality, _officer, groups, counters = _setup()
    ticket_take(locality=locality, group=groups["A"])
    stranger = make_staff(make_locality(slug="other"), "officer", "engineering")
    with pytest.raises((PermissionDenied, NotFound)):
        queue_call_next(counter=counters[0], actor=stranger)
    assert Ticket.objects.for_locality(locality).get().status == "waiting"


def test_kiosk_ticket_page_and_display(client):
    locality, officer, _groups, counters = _setup()
    kiosk = client.get(f"/{locality.slug}/queue/")
    assert kiosk.status_code == 200 and 'data-testid="take-A"' in kiosk.content.decode()
    taken = client.post(f"/{locality.slug}/queue/", {"group": "A"})
    assert taken.status_code == 302
    page = client.get(taken["Location"]).content.decode()
    assert 'data-testid="ticket-code">A001' in page
    # At the office's kiosk: a code to take the ticket away on a phone, then back for the next.
    assert taken["Location"].endswith("?kiosk=1") and 'data-testid="ticket-qr"' in page
    assert f'content="30;url=/{locality.slug}/queue/"' in page
    assert client.post(f"/{locality.slug}/queue/", {"group": "Z"}).status_code == 404
    assert client.get(f"/{locality.slug}/queue/t/nope/").status_code == 404
    queue_call_next(counter=counters[1], actor=officer)
    page = client.get(taken["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="ticket-called"' in page and "2" in page
    display = client.get(f"/{locality.slug}/queue/display/").content.decode()
    assert 'data-testid="now-ticket">A001' in display and "queue-display.js" in display
    stream = client.get(f"/{locality.slug}/queue/display/stream/?since=0")
    assert stream["Content-Type"] == "text/event-stream"
    first = next(iter(stream.streaming_content))
    assert first.startswith(b"retry")
    frame = next(iter(stream.streaming_content)).decode()
    assert "event: queue" in frame and '"ticket":"A001"' in frame
    # Another locality's display knows nothing of it.
    other = make_locality(slug="other")
    assert "A001" not in client.get(f"/{other.slug}/queue/display/").content.decode()


def test_the_kiosk_is_capped_per_address(client, settings):
    locality, *_rest = _setup()
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_WRITE_RATE": "3/60"}
    codes = [
        client.post(
            f"/{locality.slug}/queue/", {"group": "A"}, REMOTE_ADDR="203.0.113.9"
        ).status_code
        for _ in range(5)
    ]  # from outside the office (this machine is the office by default)
    assert codes[:3] == [302, 302, 302] and codes[3] == 429
    assert Ticket.objects.for_locality(locality).count() == 3


def test_the_officers_counter_page(client):
    locality, officer, groups, counters = _setup()
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(f"/staff/eservices/counter/?counter={counters[0].pk}")
    assert page.status_code == 200 and 'data-testid="counter-panel"' in page.content.decode()
    given = client.post("/staff/eservices/counter/", {"what": "ticket", "group": "B"})
    assert 'data-testid="given"' in given.content.decode()
    empty = client.post("/staff/eservices/counter/", {"what": "recall", "counter": counters[0].pk})
    assert empty.status_code == 409 and 'role="alert"' in empty.content.decode()
    called = client.post("/staff/eservices/counter/", {"what": "call", "counter": counters[0].pk})
    assert 'data-testid="current">B001' in called.content.decode()
    none_left = client.post(
        "/staff/eservices/counter/", {"what": "call", "counter": counters[0].pk}
    )
    assert none_left.status_code == 409  # and nothing changed: B001 is still at the counter
    assert Ticket.objects.for_locality(locality).get().status == "called"
    other = make_staff(make_locality(slug="other"), "officer", "engineering")
    client.login(username=other.username, password=PASSWORD)
    assert (
        client.post(
            "/staff/eservices/counter/", {"what": "call", "counter": counters[0].pk}
        ).status_code
        == 404
    )
    assert Client().get("/staff/eservices/counter/").status_code == 302


def test_remote_tickets_are_capped_and_the_office_kiosk_is_not(client, settings):
    settings.THONGTHIN_MODULES = {
        "eservices": {"QUEUE_REMOTE_PER_LINE": 4, "QUEUE_OFFICE_NETWORKS": "10.8.0.0/16, nonsense"}
    }
    locality, officer, groups, counters = _setup()
    url = f"/{locality.slug}/queue/"
    # From anywhere: a few a day per address, then a line's share for remote tickets.
    for _ in range(3):
        assert client.post(url, {"group": "A"}, REMOTE_ADDR="203.0.113.5").status_code == 302
    assert client.post(url, {"group": "A"}, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.post(url, {"group": "A"}, REMOTE_ADDR="203.0.113.6").status_code == 302
    full = client.post(url, {"group": "A"}, REMOTE_ADDR="203.0.113.7")
    assert full.status_code == 409 and "queue_remote_full" not in full.content.decode()
    taken = Ticket.objects.for_locality(locality)
    assert taken.count() == 4 and set(taken.values_list("channel", flat=True)) == {"web"}
    # The office's kiosk and the officer still give tickets, uncapped per address.
    for _ in range(5):
        assert client.post(url, {"group": "A"}, REMOTE_ADDR="10.8.1.20").status_code == 302
    assert taken.filter(channel="kiosk").count() == 5
    assert ticket_take(locality=locality, group=groups["A"], channel="counter").code == "A010"


def test_a_counter_calls_only_from_lines_that_exist_and_the_kiosk_has_no_menu(client):
    from ..views.admin_forms import CounterForm

    locality, _officer, _groups, _counters = _setup()
    form = CounterForm(data={"number": 9, "name": "ช่อง 9", "letters": "AZ", "active": "on"},
                       locality=locality)  # fmt: skip
    assert not form.is_valid() and "letters" in form.errors
    good = CounterForm(data={"number": 9, "name": "ช่อง 9", "letters": "ba", "active": "on"},
                       locality=locality)  # fmt: skip
    assert good.is_valid() and good.cleaned_data["letters"] == "AB"
    kiosk = client.get(f"/{locality.slug}/queue/").content.decode()
    assert "/services/" not in kiosk  # no portal menu leading people away from the kiosk
