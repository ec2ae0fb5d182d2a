"""The counter's walk-in queue: tickets per line (a letter and a number run each day), the
officer's call next / recall / skip / done / transfer at a counter, and the calls the display
shows and speaks. A counter has at most one person called at a time; calling the next one
finishes the current one."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, NotFound, ValidationFailed
from thongthin.core.i18n import Message
from thongthin.core.models import Citizen, Locality, User
from thongthin.core.services.notifications import notify_citizen

from ..models import Counter, QueueEvent, QueueGroup, Ticket
from ..module import MODULE, WORK

TICKETS_PER_DAY_MAX = 999
REMOTE_CHANNELS = ("web", "line")
DEFAULT_GROUPS = (
    ("A", "ขออนุญาตและจดทะเบียน", "Licences and registrations", "Lesen dan pendaftaran"),
    ("B", "เบี้ยยังชีพและสวัสดิการ", "Allowances and welfare", "Elaun dan kebajikan"),
    ("C", "ชำระภาษีและค่าธรรมเนียม", "Taxes and fees", "Cukai dan yuran"),
    ("D", "คำร้องและติดต่อทั่วไป", "Requests and enquiries", "Permohonan dan pertanyaan"),
)

_NEXT_NUMBER = """
UPDATE eservices_queuegroup
SET last_number = CASE WHEN last_day = %s THEN last_number + 1 ELSE 1 END, last_day = %s
WHERE id = %s AND locality_id = %s
RETURNING last_number
"""


def queue_seed(locality: Locality) -> int:
    """The starting lines and three counters for a new locality (idempotent)."""
    created = 0
    letters = set(QueueGroup.objects.for_locality(locality).values_list("letter", flat=True))
    for order, (letter, th, en, ms) in enumerate(DEFAULT_GROUPS):
        if letter not in letters:
            QueueGroup.objects.create(
                locality=locality, letter=letter, name_th=th, name_en=en, name_ms=ms,
                order=order * 10,
            )  # fmt: skip
            created += 1
    if not Counter.objects.for_locality(locality).exists():
        for number in (1, 2, 3):
            Counter.objects.create(locality=locality, number=number, name=f"ช่อง {number}")
    return created


def queue_day(now: datetime) -> date:
    """The queue's day (Bangkok): numbers start again each day."""
    return thai.to_bangkok(now).date()


def ticket_take(
    *,
    locality: Locality,
    group: QueueGroup,
    channel: str = "kiosk",
    citizen: Citizen | None = None,
    once_per_citizen: bool = False,
    remote: bool = False,
    now: datetime | None = None,
) -> Ticket:
    """A new ticket at the end of the line: the group's next number today. ``citizen`` is told
    when it is called; with ``once_per_citizen`` (LINE), a citizen still waiting in that line
    today gets their ticket again instead of a second one. A ``remote`` ticket (the web outside
    the office, LINE) comes from the line's share for remote tickets, so numbers always remain
    for the kiosk and the officers."""
    if group.locality_id != locality.pk or not group.active:
        raise NotFound()
    now = now or timezone.now()
    day = queue_day(now)
    with transaction.atomic():
        if once_per_citizen and citizen is not None:
            held = (
                Ticket.objects.for_locality(locality)
                .filter(day=day, group=group, citizen=citizen)
                .filter(status__in=(Ticket.Status.WAITING, Ticket.Status.CALLED))
                .first()
            )
            if held is not None:
                return held
        if remote:
            taken = Ticket.objects.for_locality(locality).filter(
                day=day, group=group, channel__in=REMOTE_CHANNELS
            )
            if taken.count() >= int(MODULE.setting("QUEUE_REMOTE_PER_LINE")):
                raise Conflict(
                    _("No more tickets for this line from outside the office today; take one "
                      "at the office."),
                    code="queue_remote_full",
                )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(_NEXT_NUMBER, [day, day, group.pk, locality.pk])
            number = int(cursor.fetchone()[0])
        if number > TICKETS_PER_DAY_MAX:
            raise Conflict(
                _("No more tickets for this line today; please come back tomorrow."),
                code="queue_full",
            )
        ticket = Ticket.objects.create(
            locality=locality, group=group, day=day, number=number,
            code=f"{group.letter}{number:03d}", channel=channel[:20],
            token=secrets.token_urlsafe(16), taken_at=now, citizen=citizen,
        )  # fmt: skip
        _log(QueueEvent.Kind.TAKE, ticket, None, now)
    return ticket


def _current(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.for_locality(counter.locality_id)
        .select_for_update()
        .filter(counter=counter, status=Ticket.Status.CALLED)
        .first()
    )


def _log(kind: str, ticket: Ticket, counter: Counter | None, now: datetime) -> QueueEvent:
    event = QueueEvent.objects.create(
        locality_id=ticket.locality_id, kind=kind, ticket=ticket, counter=counter, at=now
    )
    if kind in (QueueEvent.Kind.CALL, QueueEvent.Kind.RECALL) and ticket.citizen_id and counter:
        citizen = Citizen.objects.for_locality(ticket.locality_id).get(pk=ticket.citizen_id)
        notify_citizen(
            locality=counter.locality,
            citizen=citizen,
            text=Message(
                _("Number %(code)s, please come to counter %(counter)s."),
                code=ticket.code,
                counter=counter.number,
            ),
            dedupe_key=f"queue-call:{event.pk}",
            urgent=True,
        )
    return event


def _finish(ticket: Ticket | None, status: str, now: datetime) -> None:
    if ticket is not None:
        Ticket.objects.for_locality(ticket.locality_id).filter(pk=ticket.pk).update(
            status=status, done_at=now
        )
        kind = QueueEvent.Kind.SKIP if status == Ticket.Status.SKIPPED else QueueEvent.Kind.DONE
        _log(kind, ticket, ticket.counter, now)


def queue_call_next(*, counter: Counter, actor: User, now: datetime | None = None) -> Ticket:
    """Finish the counter's current ticket and call the first one waiting in its lines
    (today's, in the order they were taken)."""
    require_capability(actor, counter.locality, WORK)
    now = now or timezone.now()
    with transaction.atomic():
        _finish(_current(counter), Ticket.Status.DONE, now)
        waiting = Ticket.objects.for_locality(counter.locality_id).filter(
            day=queue_day(now), status=Ticket.Status.WAITING
        )
        if counter.letters:
            waiting = waiting.filter(group__letter__in=list(counter.letters))
        ticket = waiting.select_for_update().order_by("taken_at", "id").first()
        if ticket is None:
            raise Conflict(_("Nobody is waiting in this counter's lines."), code="queue_empty")
        updated = (
            Ticket.objects.for_locality(counter.locality_id)
            .filter(pk=ticket.pk, status=Ticket.Status.WAITING)
            .update(status=Ticket.Status.CALLED, counter=counter, called_at=now, called_by=actor)
        )
        if not updated:  # another counter called it first
            raise Conflict(_("Someone else called that ticket; call again."), code="queue_raced")
        ticket.refresh_from_db()
        _log(QueueEvent.Kind.CALL, ticket, counter, now)
    return ticket


def _require_current(counter: Counter) -> Ticket:
    ticket = _current(counter)
    if ticket is None:
        raise Conflict(_("Nobody is called at this counter."), code="nobody_called")
    return ticket


def queue_recall(*, counter: Counter, actor: User, now: datetime | None = None) -> Ticket:
    """Call the current ticket again (shown and spoken again)."""
    require_capability(actor, counter.locality, WORK)
    with transaction.atomic():
        ticket = _require_current(counter)
        _log(QueueEvent.Kind.RECALL, ticket, counter, now or timezone.now())
    return ticket


def queue_finish(
    *, counter: Counter, actor: User, absent: bool = False, now: datetime | None = None
) -> Ticket:
    """Done with the current ticket: served, or skipped when the person is not there."""
    require_capability(actor, counter.locality, WORK)
    with transaction.atomic():
        ticket = _require_current(counter)
        _finish(
            ticket, Ticket.Status.SKIPPED if absent else Ticket.Status.DONE, now or timezone.now()
        )
    ticket.refresh_from_db()
    return ticket


def queue_transfer(
    *, counter: Counter, actor: User, group: QueueGroup, now: datetime | None = None
) -> Ticket:
    """Send the current ticket to another line: it waits there with its code and its place
    (the time it was taken), so it is called before those who came later."""
    require_capability(actor, counter.locality, WORK)
    if group.locality_id != counter.locality_id or not group.active:
        raise ValidationFailed(_("Choose a line of this office."), code="group_invalid")
    with transaction.atomic():
        ticket = _require_current(counter)
        if ticket.group_id == group.pk:
            raise ValidationFailed(_("The ticket is already in that line."), code="same_group")
        Ticket.objects.for_locality(counter.locality_id).filter(pk=ticket.pk).update(
            group=group, status=Ticket.Status.WAITING, counter=None, called_at=None
        )
        _log(QueueEvent.Kind.TRANSFER, ticket, counter, now or timezone.now())
    ticket.refresh_from_db()
    return ticket


def queue_version(locality: Locality) -> int:
    """The newest change of the locality's queue (0 before any)."""
    newest = QueueEvent.objects.for_locality(locality).order_by("-id").values_list("id", flat=True)
    return newest.first() or 0


CALLS_SHOWN = 6


def queue_snapshot(locality: Locality, now: datetime | None = None) -> dict:
    """What the display shows: each counter's current ticket, each line's waiting count and
    the latest calls (newest first, each with the id the display speaks it by)."""
    version = queue_version(locality)
    day = queue_day(now or timezone.now())
    tickets = Ticket.objects.for_locality(locality).filter(day=day)
    called = {
        t.counter_id: t.code
        for t in tickets.filter(status=Ticket.Status.CALLED).only("counter_id", "code")
    }
    waiting: dict[int, int] = {}
    for group_id in tickets.filter(status=Ticket.Status.WAITING).values_list("group_id", flat=True):
        waiting[group_id] = waiting.get(group_id, 0) + 1
    calls = (
        QueueEvent.objects.for_locality(locality)
        .filter(kind__in=(QueueEvent.Kind.CALL, QueueEvent.Kind.RECALL), ticket__day=day)
        .select_related("ticket", "counter")
        .order_by("-id")[:CALLS_SHOWN]
    )
    # The big line: the newest call still at its counter (served, absent or moved: not shown).
    current = next(
        (c for c in calls if c.counter_id and called.get(c.counter_id) == c.ticket.code), None
    )
    return {
        "now": {"ticket": current.ticket.code, "counter": current.counter.number}
        if current and current.counter
        else None,
        "version": version,
        "counters": [
            {"number": c.number, "name": c.name, "ticket": called.get(c.pk, "")}
            for c in Counter.objects.for_locality(locality).filter(active=True)
        ],
        "groups": [
            {"letter": g.letter, "name": g.name_th, "waiting": waiting.get(g.pk, 0)}
            for g in QueueGroup.objects.for_locality(locality).filter(active=True)
        ],
        "calls": [
            {"id": c.pk, "ticket": c.ticket.code, "counter": c.counter.number if c.counter else 0}
            for c in calls
        ],
    }


def ticket_ahead(ticket: Ticket) -> int:
    """How many will be called before this ticket: those waiting since earlier in the lines
    the counters that serve its line also call from (counters call across their lines in the
    order tickets were taken)."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    letter = QueueGroup.objects.for_locality(ticket.locality_id).get(pk=ticket.group_id).letter
    letters: set[str] | None = set()
    for counter in Counter.objects.for_locality(ticket.locality_id).filter(active=True):
        if not counter.letters:  # a counter that calls every line
            letters = None
            break
        if letter in counter.letters and letters is not None:
            letters |= set(counter.letters)
    earlier = Ticket.objects.for_locality(ticket.locality_id).filter(
        day=ticket.day, status=Ticket.Status.WAITING, taken_at__lt=ticket.taken_at
    )
    if letters is not None:
        earlier = earlier.filter(group__letter__in=letters or {letter})
    return earlier.count()
