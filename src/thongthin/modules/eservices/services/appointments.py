"""Appointments at the counter: the free slots of a service (the office's slot rules, without
public holidays and closures), booking one (never past its capacity, even when two people
book the last place at the same moment), cancelling, the reminder the day before, checking in
on arrival (a ticket in the line) and marking those who did not come."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, NotFound, ValidationFailed
from thongthin.core.i18n import Localized, Message
from thongthin.core.models import Locality, User
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.services.accounts import ReporterIn, reporter_resolve
from thongthin.core.services.notifications import notify_citizen

from ..models import Appointment, Closure, QueueGroup, Service, SlotRule, Ticket
from ..module import MODULE, WORK
from .queue import ticket_take

CHECK_IN_EARLY = timedelta(hours=2)
MISSED_AFTER = timedelta(hours=2)
REF_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B
HELD = (Appointment.Status.BOOKED, Appointment.Status.CHECKED_IN)


def _days_ahead() -> int:
    """How far ahead a citizen can book (days, today included)."""
    return max(1, int(MODULE.setting("APPOINTMENT_DAYS_AHEAD")))


def _lead() -> timedelta:
    """The latest a slot can be booked before it starts."""
    return timedelta(hours=float(MODULE.setting("APPOINTMENT_LEAD_HOURS")))


def _per_address() -> int:
    """Appointments one internet address can book a day."""
    return max(1, int(MODULE.setting("BOOKINGS_PER_ADDRESS_DAY")))


@dataclass
class Slot:
    rule_id: int
    starts_at: datetime
    counter: int | None
    free: int

    @property
    def time(self) -> str:
        return f"{thai.to_bangkok(self.starts_at):%H:%M}"

    @property
    def key(self) -> str:
        """How a form names the slot: the rule and the Bangkok time."""
        return f"{self.rule_id}:{thai.to_bangkok(self.starts_at):%Y-%m-%dT%H:%M}"


@dataclass
class Day:
    day: date
    slots: list[Slot] = field(default_factory=list)
    closed: str = ""  # why there are no slots: a holiday's or a closure's name


def _rules(locality: Locality, service: Service):  # type: ignore[no-untyped-def]
    return (
        SlotRule.objects.for_locality(locality)
        .filter(active=True)
        .filter(Q(service=service) | Q(service__isnull=True))
        .select_related("counter")
    )


def _starts(rule: SlotRule, day: date) -> list[datetime]:
    """The slot starts of a rule on a day (Bangkok time, aware)."""
    if str(day.weekday()) not in rule.weekdays or rule.minutes <= 0:
        return []
    moment = datetime.combine(day, rule.start, tzinfo=thai.BANGKOK)
    end = datetime.combine(day, rule.end, tzinfo=thai.BANGKOK)
    starts = []
    while moment + timedelta(minutes=rule.minutes) <= end:
        starts.append(moment)
        moment += timedelta(minutes=rule.minutes)
    return starts


def closed_reason(locality: Locality, day: date, *, weekend_open: bool = False) -> str:
    """Why the office takes no appointments on ``day`` ("" when it does): a closure, a public
    holiday, or a weekend unless a rule opens that weekday (``weekend_open``; some one-stop
    centres open on Saturdays)."""
    closure = Closure.objects.for_locality(locality).filter(day=day).first()
    if closure is not None:
        return closure.reason
    holiday = thai.holiday_name(day)
    if holiday:
        return holiday
    if day.weekday() >= 5 and not weekend_open:
        return str(_("Weekend"))
    return ""


def appointment_slots(
    *, locality: Locality, service: Service, now: datetime | None = None
) -> list[Day]:
    """The days a citizen can book (from today, Bangkok) with their slots and how many places
    each has left; a closed day says why."""
    now = now or timezone.now()
    today = thai.to_bangkok(now).date()
    rules = list(_rules(locality, service))
    span = [today + timedelta(days=i) for i in range(_days_ahead())]
    lead = _lead()
    closures = {
        c.day: c.reason
        for c in Closure.objects.for_locality(locality).filter(day__range=(span[0], span[-1]))
    }
    taken = {
        (row["rule_id"], row["starts_at"]): row["n"]
        for row in Appointment.objects.for_locality(locality)
        .filter(rule__in=rules, status__in=HELD, starts_at__gte=now)
        .values("rule_id", "starts_at")
        .annotate(n=Count("id"))
    }
    out = []
    for day in span:
        entry = Day(day=day)
        open_rule = any(str(day.weekday()) in r.weekdays for r in rules)
        if day in closures:
            entry.closed = closures[day]
        elif not thai.is_working_day(day) and (day.weekday() < 5 or thai.holiday_name(day)):
            entry.closed = thai.holiday_name(day) or str(_("Public holiday"))
        elif day.weekday() >= 5 and not open_rule:
            entry.closed = str(_("Weekend"))
        else:
            for rule in rules:
                for start in _starts(rule, day):
                    if start - now < lead:
                        continue
                    free = rule.capacity - taken.get((rule.pk, start), 0)
                    counter = rule.counter.number if rule.counter else None
                    entry.slots.append(Slot(rule.pk, start, counter, max(0, free)))
            entry.slots.sort(key=lambda s: (s.starts_at, s.counter or 0))
        if entry.slots or entry.closed:
            out.append(entry)
    return out


def parse_slot(key: str) -> tuple[int, datetime]:
    """The rule and start a form's slot key names (:attr:`Slot.key`)."""
    try:
        rule_id, when = str(key)[:40].split(":", 1)
        start = datetime.strptime(when, "%Y-%m-%dT%H:%M").replace(tzinfo=thai.BANGKOK)
        return int(rule_id), start
    except ValueError:
        raise ValidationFailed(
            _("Choose a time from the list."), code="slot_invalid", detail={"field": "slot"}
        ) from None


def _new_ref() -> str:
    return "".join(secrets.choice(REF_ALPHABET) for _ in range(6))


def appointment_book(
    *,
    locality: Locality,
    service: Service,
    slot: str,
    name: str,
    phone: str,
    line_user_id: str = "",
    ip: str | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book the slot ``slot`` (a :attr:`Slot.key`) for ``name`` and ``phone``. A slot that is
    not one of the rule's, on a closed day, or too soon is refused; a full one is a conflict.
    The phone number is not verified, so an anonymous booking (``ip`` given) is capped per
    address and day rather than per number (a cap per number would let anyone block the
    number's owner)."""
    now = now or timezone.now()
    if service.locality_id != locality.pk or not service.active:
        raise NotFound()
    name = " ".join(str(name).split())[:200]
    if not name:
        raise ValidationFailed(_("Give your name."), code="name_required", detail={"field": "name"})
    normalized = thai.normalize_thai_mobile(str(phone))
    if not normalized:
        raise ValidationFailed(
            _("The phone number is not a Thai mobile number."),
            code="phone_invalid",
            detail={"field": "phone"},
        )
    rule_id, start = parse_slot(slot)
    rule = _rules(locality, service).filter(pk=rule_id).first()
    day = start.date()
    if (
        rule is None
        or start not in _starts(rule, day)
        or start - now < _lead()
        or day >= thai.to_bangkok(now).date() + timedelta(days=_days_ahead())
    ):
        raise ValidationFailed(
            _("That time cannot be booked; choose one from the list."),
            code="slot_invalid",
            detail={"field": "slot"},
        )
    reason = closed_reason(locality, day, weekend_open=str(day.weekday()) in rule.weekdays)
    if reason:
        raise ValidationFailed(
            _("The office is closed that day (%(reason)s); choose another day."),
            code="slot_closed",
            params={"reason": reason},
            detail={"field": "slot"},
        )
    appointments = Appointment.objects.for_locality(locality)
    with transaction.atomic():
        # The write that makes two bookings of this rule take turns before counting.
        SlotRule.objects.for_locality(locality).filter(pk=rule.pk).update(
            bookings=F("bookings") + 1
        )
        if appointments.filter(rule=rule, starts_at=start, status__in=HELD).count() >= (
            rule.capacity
        ):
            raise Conflict(
                _("That time is fully booked; choose another."),
                code="slot_full",
                detail={"field": "slot"},
            )
        if ip is not None:  # counted only for bookings that would be made
            rate_limit_check(scope="appointment-book", ident=ip, rate=f"{_per_address()}/86400")
        citizen = reporter_resolve(
            locality=locality,
            reporter=ReporterIn(name=name, phone=normalized, line_user_id=line_user_id),
        )
        while True:
            ref = _new_ref()
            if not appointments.filter(ref=ref).exists():
                break
        appointment = Appointment.objects.create(
            locality=locality, service=service, rule=rule, counter=rule.counter,
            starts_at=start, citizen=citizen, name=name, phone=normalized, ref=ref,
            token=secrets.token_urlsafe(16), created_at=now,
        )  # fmt: skip
        # Told at once with the page's address: the way back to see or cancel it.
        notify_citizen(
            locality=locality,
            citizen=citizen,
            text=Message(
                _(
                    "Booked: %(service)s on %(when)s, reference %(ref)s. See or cancel it "
                    "here: %(link)s"
                ),
                service=Localized(service, "name"),
                when=thai.format_thai_date(start, long=True, with_time=True),
                ref=ref,
                link=appointment_url(appointment),
            ),
            dedupe_key=f"appointment:{appointment.pk}:booked",
        )
        return appointment


def appointment_cancel(
    *, appointment: Appointment, actor: User | None = None, now: datetime | None = None
) -> Appointment:
    """The citizen cancels (from their appointment's page), or an officer does (a booking
    nobody made, a call to say they cannot come): the place is free again."""
    if actor is not None:
        require_capability(actor, appointment.locality, WORK)
    now = now or timezone.now()
    rows = Appointment.objects.for_locality(appointment.locality_id).filter(
        pk=appointment.pk, status=Appointment.Status.BOOKED
    )
    if actor is None:  # the citizen, only before it starts
        rows = rows.filter(starts_at__gt=now)
    updated = rows.update(status=Appointment.Status.CANCELLED, ended_at=now)
    if not updated:
        raise Conflict(
            _("This appointment can no longer be cancelled."), code="appointment_not_cancellable"
        )
    appointment.refresh_from_db()
    return appointment


def appointment_check_in(
    *, locality: Locality, ref: str, actor: User | None = None, now: datetime | None = None
) -> Ticket:
    """On arrival (at the kiosk with the reference, or by the officer): a ticket in the line,
    placed at the appointment's time when that is earlier than now, so someone who booked
    is not sent behind those who walked in after it."""
    now = now or timezone.now()
    if actor is not None:
        require_capability(actor, locality, WORK)
    ref = "".join(str(ref).upper().split())[:8]
    with transaction.atomic():
        appointment = (
            Appointment.objects.for_locality(locality)
            .select_for_update(of=("self",))
            .filter(ref=ref)
            .select_related("rule__group")
            .first()
        )
        if appointment is None:
            raise ValidationFailed(
                _("No appointment has that reference."),
                code="appointment_unknown",
                detail={"field": "ref"},
            )
        if appointment.status == Appointment.Status.CHECKED_IN and appointment.ticket_id:
            return Ticket.objects.for_locality(locality).get(pk=appointment.ticket_id)
        if appointment.status in (Appointment.Status.CANCELLED, Appointment.Status.MISSED):
            raise Conflict(
                _("This appointment was cancelled or missed; take a queue ticket instead."),
                code="appointment_ended",
            )
        today = thai.to_bangkok(now).date()
        if (
            appointment.status != Appointment.Status.BOOKED
            or thai.to_bangkok(appointment.starts_at).date() != today
            or appointment.starts_at - now > CHECK_IN_EARLY
        ):
            raise Conflict(
                _(
                    "This appointment cannot be checked in now: come on its day, from two "
                    "hours before its time."
                ),
                code="appointment_not_now",
            )
        group = appointment.rule.group or (
            QueueGroup.objects.for_locality(locality).filter(active=True).first()
        )
        if group is None:
            raise Conflict(_("The counter queue is not set up yet."), code="queue_not_set_up")
        ticket = ticket_take(
            locality=locality, group=group, channel="appointment", now=now,
            citizen=appointment.citizen,
        )  # fmt: skip
        if appointment.starts_at < now:
            Ticket.objects.for_locality(locality).filter(pk=ticket.pk).update(
                taken_at=appointment.starts_at
            )
            ticket.taken_at = appointment.starts_at
        Appointment.objects.for_locality(locality).filter(pk=appointment.pk).update(
            status=Appointment.Status.CHECKED_IN, ticket=ticket, ended_at=now
        )
    return ticket


def appointment_url(appointment: Appointment) -> str:
    return settings.THONGTHIN["PUBLIC_BASE_URL"] + reverse(
        "eservices:appointment",
        kwargs={"slug": appointment.locality.slug, "token": appointment.token},
    )


def appointments_remind(now: datetime | None = None) -> int:
    """Tell each citizen, once, the day before their appointment (the worker runs it hourly
    from 08:00 Bangkok; a booking made for tomorrow after the reminders went out is told at
    the next run)."""
    now = now or timezone.now()
    local = thai.to_bangkok(now)
    if local.time() < time(8):
        return 0
    tomorrow = local.date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(0), tzinfo=thai.BANGKOK)
    due = (
        Appointment.objects.unscoped()
        .filter(
            status=Appointment.Status.BOOKED,
            reminded_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("locality", "service", "citizen")
    )
    told = 0
    for appointment in due:
        with transaction.atomic():
            updated = (
                Appointment.objects.for_locality(appointment.locality_id)
                .filter(pk=appointment.pk, reminded_at__isnull=True)
                .update(reminded_at=now)
            )
            if not updated:
                continue
            notify_citizen(
                locality=appointment.locality,
                citizen=appointment.citizen,
                text=Message(
                    _(
                        "Reminder: your appointment for %(service)s is tomorrow, %(when)s, "
                        "reference %(ref)s. Check in at the kiosk on arrival. To cancel: %(link)s"
                    ),
                    service=Localized(appointment.service, "name"),
                    when=thai.format_thai_date(appointment.starts_at, long=True, with_time=True),
                    ref=appointment.ref,
                    link=appointment_url(appointment),
                ),
                dedupe_key=f"appointment:{appointment.pk}:reminder",
            )
        told += 1
    return told


def appointments_mark_missed(now: datetime | None = None) -> int:
    """Appointments not checked in two hours after their time are marked missed (the place
    counts in the reports; the citizen can book again)."""
    now = now or timezone.now()
    return (
        Appointment.objects.unscoped()
        .filter(status=Appointment.Status.BOOKED, starts_at__lt=now - MISSED_AFTER)
        .update(status=Appointment.Status.MISSED, ended_at=now)
    )


def appointments_cancel_closed(now: datetime | None = None) -> int:
    """A day closed after people booked it (a flood, a training day): their appointments are
    cancelled and each is told why, with a link to book another time. Run by the worker."""
    now = now or timezone.now()
    today = thai.to_bangkok(now).date()
    closures = Closure.objects.unscoped().filter(day__gte=today).select_related("locality")
    told = 0
    for closure in closures:
        start = datetime.combine(closure.day, time(0), tzinfo=thai.BANGKOK)
        booked = (
            Appointment.objects.for_locality(closure.locality_id)
            .filter(
                status=Appointment.Status.BOOKED,
                starts_at__gte=start,
                starts_at__lt=start + timedelta(days=1),
            )
            .select_related("service", "citizen")
        )
        for appointment in booked:
            with transaction.atomic():
                if not (
                    Appointment.objects.for_locality(closure.locality_id)
                    .filter(pk=appointment.pk, status=Appointment.Status.BOOKED)
                    .update(status=Appointment.Status.CANCELLED, ended_at=now)
                ):
                    continue
                link = settings.THONGTHIN["PUBLIC_BASE_URL"] + reverse(
                    "eservices:book",
                    kwargs={"slug": closure.locality.slug, "code": appointment.service.code},
                )
                notify_citizen(
                    locality=closure.locality,
                    citizen=appointment.citizen,
                    text=Message(
                        _(
                            "The office is closed on %(day)s (%(reason)s): your appointment "
                            "%(ref)s is cancelled. Please book another time: %(link)s"
                        ),
                        day=thai.format_thai_date(closure.day, long=True),
                        reason=closure.reason,
                        ref=appointment.ref,
                        link=link,
                    ),
                    dedupe_key=f"appointment:{appointment.pk}:closed",
                )
            told += 1
    return told
