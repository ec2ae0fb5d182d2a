"""Appointments: slots from the office's rules without weekends, public holidays and closures;
booking never past a slot's capacity (refused full, closed, too soon, not a slot, a bad phone,
too many held by one number), cancelling frees the place; the reminder the day before, once;
checking in on arrival joins the line at the booked time; missed ones marked; the pages, the
officer's list (audited), the admin's closed days in the Buddhist Era; tenant isolation."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.errors import Conflict, PermissionDenied, RateLimited, ValidationFailed
from thongthin.core.models import AuditEvent, OutboxMessage
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..models import Appointment, Closure, Counter, QueueGroup, Service, SlotRule, Ticket
from ..services.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_slots,
    appointments_mark_missed,
    appointments_remind,
)
from ..services.queue import ticket_take

pytestmark = pytest.mark.django_db


def bkk(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=thai.BANGKOK)


# Thursday 1 April 2027, 07:00: Chakri Day (Tuesday 6 April) and the weekend are in the
# fortnight shown.
NOW = bkk(2027, 4, 1, 7)


def _setup(capacity: int = 2, **rule):  # type: ignore[no-untyped-def]
    locality = make_locality()
    service = Service.objects.for_locality(locality).get(code="building-permit")
    group = QueueGroup.objects.for_locality(locality).get(letter="A")
    counter = Counter.objects.for_locality(locality).get(number=2)
    made = SlotRule.objects.create(
        locality=locality, counter=counter, group=group, start=time(9), end=time(12),
        minutes=30, capacity=capacity, **rule,
    )  # fmt: skip
    return locality, service, made


def _key(rule: SlotRule, start: datetime) -> str:
    return f"{rule.pk}:{start:%Y-%m-%dT%H:%M}"


def test_slots_skip_weekends_holidays_and_closures_and_count_places():
    locality, service, rule = _setup()
    Closure.objects.create(locality=locality, day=bkk(2027, 4, 8).date(), reason="อบรมบุคลากร")
    appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 1, 9)),
        name="นางสมศรี มีสุข", phone="0812345678", now=NOW,
    )  # fmt: skip
    days = {d.day: d for d in appointment_slots(locality=locality, service=service, now=NOW)}
    first = days[bkk(2027, 4, 1).date()]
    assert [s.time for s in first.slots] == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert [s.free for s in first.slots][:2] == [1, 2] and first.slots[0].counter == 2
    assert days[bkk(2027, 4, 3).date()].closed  # Saturday
    assert days[bkk(2027, 4, 6).date()].closed and not days[bkk(2027, 4, 6).date()].slots
    assert days[bkk(2027, 4, 8).date()].closed == "อบรมบุคลากร"
    # A rule for another service gives this one nothing.
    other = Service.objects.for_locality(locality).exclude(pk=service.pk).first()
    SlotRule.objects.for_locality(locality).filter(pk=rule.pk).update(service=other)
    assert not any(d.slots for d in appointment_slots(locality=locality, service=service, now=NOW))


def test_a_full_closed_early_or_made_up_slot_is_refused_and_nothing_is_booked():
    locality, service, rule = _setup(capacity=1)
    Closure.objects.create(locality=locality, day=bkk(2027, 4, 8).date(), reason="อบรม")
    book = dict(locality=locality, service=service, name="นายเอ บี", now=NOW)
    appointment_book(**book, slot=_key(rule, bkk(2027, 4, 2, 10)), phone="0812345678")
    cases = [
        (bkk(2027, 4, 2, 10), "0899999999", Conflict, "slot_full"),
        (bkk(2027, 4, 6, 10), "0899999999", ValidationFailed, "slot_closed"),  # Chakri Day
        (bkk(2027, 4, 8, 10), "0899999999", ValidationFailed, "slot_closed"),  # closure
        (bkk(2027, 4, 1, 7, 30), "0899999999", ValidationFailed, "slot_invalid"),  # too soon
        (bkk(2027, 4, 2, 10, 15), "0899999999", ValidationFailed, "slot_invalid"),  # not a slot
        (bkk(2027, 6, 1, 10), "0899999999", ValidationFailed, "slot_invalid"),  # too far
        (bkk(2027, 4, 2, 11), "12345", ValidationFailed, "phone_invalid"),
    ]
    for start, phone, error, code in cases:
        with pytest.raises(error) as caught:
            appointment_book(**book, slot=_key(rule, start), phone=phone)
        assert caught.value.code == code, start
    with pytest.raises(ValidationFailed) as caught:
        appointment_book(**book, slot="nonsense", phone="0899999999")
    assert caught.value.code == "slot_invalid"
    assert Appointment.objects.for_locality(locality).count() == 1


def test_one_address_books_a_few_a_day_and_cancelling_frees_the_place():
    locality, service, rule = _setup(capacity=1)
    book = dict(locality=locality, service=service, name="นายเอ บี", now=NOW, ip="203.0.113.7")
    held = [
        appointment_book(**book, slot=_key(rule, bkk(2027, 4, day, 9)), phone=f"081234567{day}")
        for day in (1, 2, 5)
    ]
    with pytest.raises(RateLimited):  # a fourth from the same address the same day
        appointment_book(**book, slot=_key(rule, bkk(2027, 4, 7, 9)), phone="0899999999")
    assert Appointment.objects.for_locality(locality).count() == 3
    # Someone else's bookings under your number do not stop you booking (the number is not
    # verified, so it is not what is capped).
    mine = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 7, 9)),
        name="นายเอ บี", phone="0812345671", now=NOW, ip="198.51.100.9",
    )  # fmt: skip
    assert mine.status == "booked"
    appointment_cancel(appointment=held[0], now=NOW)
    with pytest.raises(Conflict):  # twice
        appointment_cancel(appointment=held[0], now=NOW)
    taken = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 1, 9)),
        name="นางบี ซี", phone="0899999999", now=NOW,
    )  # fmt: skip
    assert taken.status == "booked" and len(taken.ref) == 6 and taken.citizen is not None
    # An officer cancels a booking nobody made, even past its time; another locality's cannot.
    officer = make_staff(locality, "officer")
    with pytest.raises(PermissionDenied):
        appointment_cancel(appointment=held[1], actor=make_staff(make_locality(), "officer"))
    assert appointment_cancel(appointment=held[1], actor=officer).status == "cancelled"


@pytest.mark.skipif(connection.vendor == "sqlite", reason="threads share SQLite's one writer")
@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_place_at_once_get_one_place():
    locality, service, rule = _setup(capacity=3)
    start = timezone.now() + timedelta(days=1)
    while not thai.is_working_day(thai.to_bangkok(start).date()):
        start += timedelta(days=1)
    slot = _key(rule, datetime.combine(thai.to_bangkok(start).date(), time(9), thai.BANGKOK))
    outcomes: list[str] = []

    def book(n: int) -> None:
        try:
            appointment_book(
                locality=locality, service=service, slot=slot, name=f"คนที่ {n}",
                phone=f"08123456{n:02d}",
            )  # fmt: skip
            outcomes.append("booked")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked"] * 3 + ["slot_full"] * 5
    assert Appointment.objects.for_locality(locality).filter(status="booked").count() == 3


def test_checking_in_joins_the_line_at_the_booked_time():
    locality, service, rule = _setup()
    group = QueueGroup.objects.for_locality(locality).get(letter="A")
    appointment = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 2, 9)),
        name="นายเอ บี", phone="0812345678", now=NOW,
    )  # fmt: skip
    with pytest.raises(Conflict) as caught:  # the day before
        appointment_check_in(locality=locality, ref=appointment.ref, now=NOW)
    assert caught.value.code == "appointment_not_now"
    walked_in = ticket_take(locality=locality, group=group, now=bkk(2027, 4, 2, 9, 10))
    ticket = appointment_check_in(
        locality=locality, ref=appointment.ref.lower(), now=bkk(2027, 4, 2, 9, 20)
    )
    assert ticket.channel == "appointment" and ticket.group_id == group.pk
    assert ticket.taken_at == bkk(2027, 4, 2, 9) < walked_in.taken_at
    # Checking in again gives the same ticket; an unknown reference is refused.
    again = appointment_check_in(locality=locality, ref=appointment.ref, now=bkk(2027, 4, 2, 9, 25))
    assert again.pk == ticket.pk and Ticket.objects.for_locality(locality).count() == 2
    with pytest.raises(ValidationFailed):
        appointment_check_in(locality=locality, ref="ZZZZZZ", now=bkk(2027, 4, 2, 9, 25))
    other = make_locality()
    with pytest.raises(ValidationFailed):  # another locality's reference is unknown there
        appointment_check_in(locality=other, ref=appointment.ref, now=bkk(2027, 4, 2, 9, 25))
    with pytest.raises(PermissionDenied):
        appointment_check_in(
            locality=locality, ref=appointment.ref, actor=make_staff(other, "officer")
        )
    appointment.refresh_from_db()
    assert appointment.status == "checked_in" and appointment.ticket_id == ticket.pk


def test_the_day_before_each_is_reminded_once_and_the_absent_are_marked_missed(settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "SMS_GATEWAY_URL": "http://127.0.0.1:9/sms"}
    locality, service, rule = _setup()
    appointment = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 2, 9)),
        name="นายเอ บี", phone="0812345678", now=NOW,
    )  # fmt: skip
    outbox = OutboxMessage.objects.for_locality(locality)
    assert appointments_remind(now=bkk(2027, 3, 31, 10)) == 0  # two days before
    assert appointments_remind(now=NOW) == 0  # before 08:00
    assert appointments_remind(now=bkk(2027, 4, 1, 8, 5)) == 1
    assert appointments_remind(now=bkk(2027, 4, 1, 9, 5)) == 0  # once
    booked = outbox.get(dedupe_key__contains=":booked")  # told at once when booked
    assert f"/appointments/{appointment.token}/" in booked.payload["text"]
    message = outbox.get(dedupe_key__contains=":reminder")
    assert message.channel == "sms" and appointment.ref in message.payload["text"]
    assert f"/appointments/{appointment.token}/" in message.payload["text"]
    assert appointments_mark_missed(now=bkk(2027, 4, 2, 10, 30)) == 0
    assert appointments_mark_missed(now=bkk(2027, 4, 2, 11, 5)) == 1
    appointment.refresh_from_db()
    assert appointment.status == "missed"


def test_a_citizen_books_sees_and_cancels_on_the_web(client):
    locality, service, rule = _setup()
    manual = client.get(f"/{locality.slug}/services/{service.code}/").content.decode()
    assert 'data-testid="book-link"' in manual
    page = f"/{locality.slug}/services/{service.code}/book/"
    slot = next(
        s for d in appointment_slots(locality=locality, service=service) for s in d.slots if s.free
    )
    form = client.get(page).content.decode()
    assert f'value="{slot.key}"' in form
    refused = client.post(page, {"slot": slot.key, "name": "นายเอ บี", "phone": "123"})
    assert refused.status_code == 422 and 'data-testid="error"' in refused.content.decode()
    sent = client.post(page, {"slot": slot.key, "name": "นายเอ บี", "phone": "081-234-5678"})
    appointment = Appointment.objects.for_locality(locality).get()
    assert sent.status_code == 302 and unquote(sent["Location"]).endswith(
        f"/appointments/{appointment.token}/"
    )
    shown = client.get(sent["Location"]).content.decode()
    assert appointment.ref in shown and 'data-testid="appointment-cancel"' in shown
    other = make_locality()
    assert client.get(f"/{other.slug}/appointments/{appointment.token}/").status_code == 404
    assert client.post(sent["Location"]).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert client.post(sent["Location"]).status_code == 409  # cancelled already


def test_the_kiosk_checks_in_by_reference(client):
    locality, service, rule = _setup()
    now = timezone.now()
    # Booked for a minute from now (or a minute ago just before midnight): the same day.
    start = now + timedelta(minutes=1)
    if thai.to_bangkok(start).date() != thai.to_bangkok(now).date():
        start = now - timedelta(minutes=1)
    appointment = Appointment.objects.create(
        locality=locality, service=service, rule=rule, starts_at=start, name="นายเอ บี",
        phone="0812345678", ref="ACDEFG", token="t" * 20, created_at=now,
    )  # fmt: skip
    wrong = client.post(f"/{locality.slug}/queue/", {"ref": "QQQQQQ"})
    assert wrong.status_code == 422 and not Ticket.objects.for_locality(locality).exists()
    sent = client.post(f"/{locality.slug}/queue/", {"ref": " acdefg "})
    ticket = Ticket.objects.for_locality(locality).get()
    assert sent.status_code == 302 and sent["Location"].endswith(f"/queue/t/{ticket.token}/")
    appointment.refresh_from_db()
    assert appointment.status == "checked_in"


def test_the_officer_sees_the_days_list_audited_and_another_locality_sees_nothing(client):
    locality, service, rule = _setup()
    slot = next(
        s for d in appointment_slots(locality=locality, service=service) for s in d.slots if s.free
    )
    appointment = appointment_book(
        locality=locality, service=service, slot=slot.key, name="นางสมศรี มีสุข",
        phone="0812345678",
    )  # fmt: skip
    officer = make_staff(locality, "officer", "engineering")
    client.login(username=officer.username, password=PASSWORD)
    day = thai.format_date_input(thai.to_bangkok(appointment.starts_at).date())
    page = client.get("/staff/eservices/appointments/", {"day": day}).content.decode()
    assert "นางสมศรี มีสุข" in page and appointment.ref in page
    assert (
        AuditEvent.objects.for_locality(locality).filter(action="pii.read", actor=officer).exists()
    )
    assert client.get("/staff/eservices/appointments/", {"day": "32/13/2569"}).status_code == 422
    outsider = Client()
    outsider.login(username=make_staff(make_locality(), "officer").username, password=PASSWORD)
    seen = outsider.get("/staff/eservices/appointments/", {"day": day}).content.decode()
    assert "นางสมศรี มีสุข" not in seen
    assert outsider.post(
        "/staff/eservices/appointments/", {"ref": appointment.ref}
    ).status_code == (422)


def test_the_admin_sets_closed_days_in_the_buddhist_era(client):
    locality = make_locality()
    admin = make_staff(locality, "locality_admin")
    client.login(username=admin.username, password=PASSWORD)
    url = "/staff/admin/eservices/closures/new/"
    bad = client.post(url, {"day": "2027-13-40", "reason": "อบรม"})
    assert (
        bad.status_code in (200, 400, 422) and not Closure.objects.for_locality(locality).exists()
    )
    client.post(url, {"day": "13/1/2570", "reason": "อบรมบุคลากร"})
    closure = Closure.objects.for_locality(locality).get()
    assert closure.day == datetime(2027, 1, 13).date()
    edit = client.get(f"/staff/admin/eservices/closures/{closure.pk}/").content.decode()
    assert 'value="13/1/2570"' in edit


def test_a_day_closed_after_booking_cancels_its_appointments_and_tells_each(settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "SMS_GATEWAY_URL": "http://127.0.0.1:9/sms"}
    from ..services.appointments import appointments_cancel_closed

    locality, service, rule = _setup()
    kept = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 2, 9)),
        name="นายเอ บี", phone="0812345678", now=NOW,
    )  # fmt: skip
    hit = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 5, 10)),
        name="นางบี ซี", phone="0898765432", now=NOW,
    )  # fmt: skip
    Closure.objects.create(locality=locality, day=bkk(2027, 4, 5).date(), reason="น้ำท่วมสำนักงาน")
    assert appointments_cancel_closed(now=NOW) == 1
    assert appointments_cancel_closed(now=NOW) == 0  # once
    hit.refresh_from_db()
    kept.refresh_from_db()
    assert hit.status == "cancelled" and kept.status == "booked"
    message = OutboxMessage.objects.for_locality(locality).get(dedupe_key__contains=":closed")
    assert "น้ำท่วมสำนักงาน" in message.payload["text"] and hit.ref in message.payload["text"]


def test_a_rule_that_opens_saturday_gives_saturday_times_but_not_on_a_holiday():
    locality, service, rule = _setup(weekdays="5")
    days = {d.day: d for d in appointment_slots(locality=locality, service=service, now=NOW)}
    assert [s.time for s in days[bkk(2027, 4, 3).date()].slots][:1] == ["09:00"]  # Saturday
    assert days[bkk(2027, 4, 4).date()].closed  # Sunday: no rule opens it
    booked = appointment_book(
        locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 3, 9)),
        name="นายเอ บี", phone="0812345678", now=NOW,
    )  # fmt: skip
    assert booked.status == "booked"
    with pytest.raises(ValidationFailed) as caught:  # a Tuesday: not one of this rule's days
        appointment_book(
            locality=locality, service=service, slot=_key(rule, bkk(2027, 4, 6, 9)),
            name="นายเอ บี", phone="0812345678", now=NOW,
        )  # fmt: skip
    assert caught.value.code == "slot_invalid"
