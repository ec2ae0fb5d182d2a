"""The sub-district health centre (รพ.สต.): appointments with reminders and a day's queue (a
missed one becomes a follow-up home visit), and home readings of blood pressure and glucose
(one in a danger band alerts the nurses at once)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import has_capability, require_capability
from thongthin.core.errors import Conflict, IllegalTransition, ValidationFailed
from thongthin.core.i18n import Message, for_records
from thongthin.core.models import Locality, User
from thongthin.core.services.audit import audit_record
from thongthin.core.services.notifications import notify_citizen, notify_enqueue

from .. import ncd, rules
from ..models import CarePlan, ClinicAppointment, Person, Reading, Visit
from ..module import CLINIC, MODULE, Audit


def _invalid(message, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, detail={"field": field})


def appointment_book(
    *,
    person: Person,
    actor: User,
    kind: str,
    starts_at: datetime | None,
    minutes: int = 15,
    ip: str | None = None,
) -> ClinicAppointment:
    """Book the person at the health centre; refused if it overlaps one of theirs."""
    locality = person.locality
    require_capability(actor, locality, CLINIC)
    if kind not in ClinicAppointment.Kind.values:
        raise _invalid(_("Choose the kind of appointment."), "kind_invalid", "kind")
    if starts_at is None:
        raise _invalid(_("The day and time are needed."), "required", "starts_at")
    if starts_at < timezone.now() - timedelta(minutes=5) or starts_at > timezone.now() + timedelta(
        days=366
    ):
        raise _invalid(
            _("The appointment must be from now to a year ahead."), "starts_invalid", "starts_at"
        )
    local = timezone.localtime(starts_at).time()
    if not 6 <= local.hour < 20:
        raise _invalid(_("The health centre's appointments are between 06:00 and 20:00."),
                       "starts_invalid", "starts_at")  # fmt: skip
    if not 5 <= minutes <= 240:
        raise _invalid(_("An appointment lasts 5 to 240 minutes."), "minutes_invalid", "minutes")
    ends_at = starts_at + timedelta(minutes=minutes)
    with transaction.atomic():
        # One booking at a time per person: the person's row is the lock.
        Person.objects.for_locality(locality).select_for_update().filter(pk=person.pk).first()
        for other in ClinicAppointment.objects.for_locality(locality).filter(
            person=person,
            status=ClinicAppointment.Status.BOOKED,
            starts_at__lt=ends_at,
            starts_at__gte=starts_at - timedelta(hours=4),
        ):
            if other.starts_at + timedelta(minutes=other.minutes) > starts_at:
                raise _invalid(
                    _("This overlaps the person's appointment at %(time)s.")
                    % {"time": thai.format_thai_date(other.starts_at, with_time=True)},
                    "appointment_overlaps",
                    "starts_at",
                )
        row = ClinicAppointment.objects.create(
            locality=locality,
            person=person,
            kind=kind,
            starts_at=starts_at,
            minutes=minutes,
            booked_by=actor,
        )
        audit_record(
            action=Audit.APPOINTMENT_BOOKED,
            locality=locality,
            actor=actor,
            obj=row,
            ip=ip,
            detail={"appointment": kind},
        )
    return row


def appointment_mark(
    *, appointment: ClinicAppointment, actor: User, status: str
) -> ClinicAppointment:
    """The day's queue: the person came, or the booking is cancelled."""
    require_capability(actor, appointment.locality, CLINIC)
    if status not in (ClinicAppointment.Status.KEPT, ClinicAppointment.Status.CANCELLED):
        raise _invalid(_("Unknown status."), "status_invalid", "status")
    if appointment.status != ClinicAppointment.Status.BOOKED:
        raise IllegalTransition(_("This appointment is already closed."), code="appointment_closed")
    appointment.status = status
    appointment.save(update_fields=["status"])
    return appointment


def _reach(person: Person):
    contacts = [c.citizen for c in person.contacts.all() if c.citizen_id]
    return {c for c in [person.citizen, *contacts] if c is not None}


def clinic_remind(now: datetime | None = None) -> int:
    """Job: the day before, tell the person (and relatives on LINE/SMS) of the appointment."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    told = 0
    rows = (
        ClinicAppointment.objects.unscoped()
        .filter(
            status=ClinicAppointment.Status.BOOKED,
            reminded=False,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("person", "person__citizen", "locality")
    )
    for row in rows:
        if (
            not ClinicAppointment.objects.unscoped()
            .filter(pk=row.pk, reminded=False)
            .update(reminded=True)
        ):
            continue
        for citizen in _reach(row.person):
            notify_citizen(
                locality=row.locality,
                citizen=citizen,
                text=Message(
                    _(
                        "Reminder: %(name)s has an appointment at the health centre "
                        "tomorrow at %(time)s (%(kind)s)."
                    ),
                    name=row.person.first_name,
                    time=timezone.localtime(row.starts_at).strftime("%H:%M"),
                    kind=row.get_kind_display(),
                ),
                dedupe_key=f"care:clinic-remind:{row.pk}:{citizen.pk}",
            )
        told += 1
    return told


def clinic_mark_missed(now: datetime | None = None) -> int:
    """Job: an appointment two hours past with nobody come is missed, and becomes a follow-up
    home visit (43-file COMSERVICE 1A13) for the person's caregiver, or the nurse who booked."""
    now = now or timezone.now()
    missed = 0
    rows = (
        ClinicAppointment.objects.unscoped()
        .filter(status=ClinicAppointment.Status.BOOKED, starts_at__lt=now - timedelta(hours=2))
        .select_related("person", "booked_by")
    )
    for row in rows:
        with transaction.atomic():
            if (
                not ClinicAppointment.objects.unscoped()
                .filter(pk=row.pk, status="booked")
                .update(status="missed")
            ):
                continue
            plan = (
                CarePlan.objects.unscoped()
                .filter(person=row.person, status=CarePlan.Status.APPROVED)
                .order_by("-starts_on")
                .first()
            )
            who = plan.caregiver_id if plan else row.booked_by_id
            if who:
                visit = Visit.objects.create(
                    locality_id=row.locality_id,
                    person=row.person,
                    caregiver_id=who,
                    due_on=timezone.localdate(now) + timedelta(days=1),
                    comservice="1A13",
                    notes=for_records(_("Follow-up: missed health centre appointment")),
                )
                ClinicAppointment.objects.unscoped().filter(pk=row.pk).update(follow_up=visit)
            missed += 1
    return missed


def reading_record(
    *,
    person: Person,
    sbp: int | None,
    dbp: int | None,
    glucose: int | None,
    taken_at: datetime | None = None,
    channel: str = "web",
    client_id: str = "",
    actor: User | None = None,
    ip: str | None = None,
) -> tuple[Reading, bool]:
    """Keep a home reading in its colour band; ``(reading, False)`` when this one was already
    received. A reading in an alert band is sent to every nurse of the locality at once."""
    locality: Locality = person.locality
    if actor is not None and not has_capability(actor, locality, CLINIC):
        require_capability(actor, locality, CLINIC)
    try:
        band = ncd.classify(
            sbp=sbp,
            dbp=dbp,
            glucose=glucose,
            hypertension=person.hypertension,
            diabetes=person.diabetes,
            low_limit=int(MODULE.setting("GLUCOSE_LOW")),
        )
    except ncd.ReadingError as exc:
        raise _invalid(exc.message, exc.code, exc.field) from None
    now = timezone.now()
    taken = taken_at or now
    if timezone.is_naive(taken):  # no offset given: Bangkok time
        taken = timezone.make_aware(taken)
    if taken > now + timedelta(minutes=5) or taken < now - timedelta(days=30):
        raise _invalid(_("The time of the reading is not possible."), "time_invalid", "taken_at")
    try:
        key = uuid.UUID(client_id) if client_id else uuid.uuid4()
    except ValueError:
        raise _invalid(
            _("The reading's id is not valid."), "client_id_invalid", "client_id"
        ) from None
    existing = Reading.objects.for_locality(locality).filter(client_id=key).first()
    if existing is not None:
        if existing.person_id != person.pk:  # never answer with another person's reading
            raise Conflict(_("This reading's id is already used."), code="client_id_reused")
        return existing, False
    alert = band.colour in rules.alert_colours()
    try:
        with transaction.atomic():
            reading = Reading.objects.create(
                locality=locality, person=person, taken_at=taken, sbp=sbp, dbp=dbp,
                glucose=glucose, colour=band.colour, alert=alert, channel=channel, client_id=key,
            )  # fmt: skip
            audit_record(
                action=Audit.READING, locality=locality, actor=actor, actor_label=channel,
                obj=reading, ip=ip, detail={"colour": band.colour, "alert": alert},
            )  # fmt: skip
            if alert:
                _alert_nurses(reading)
    except IntegrityError:
        existing = (
            Reading.objects.for_locality(locality).filter(client_id=key, person=person).first()
        )
        if existing is None:
            raise
        return existing, False
    return reading, True


def _alert_nurses(reading: Reading) -> None:
    person = reading.person
    values = []
    if reading.sbp is not None:
        values.append(f"BP {reading.sbp}/{reading.dbp}")
    if reading.glucose is not None:
        values.append(f"DTX {reading.glucose} mg/dL")
    text = for_records(
        _("Home reading in the danger band: %(person)s, %(values)s, %(address)s, phone %(phone)s.")
        % {
            "person": person.name,
            "values": ", ".join(values),
            "address": person.address_line(),
            "phone": person.phone or "-",
        }
    )
    for nurse in User.objects.filter(locality_id=reading.locality_id, is_active=True).exclude(
        email=""
    ):
        if has_capability(nurse, reading.locality, CLINIC):
            notify_enqueue(
                locality=reading.locality,
                channel="email",
                recipient=nurse.email,
                payload={"subject": for_records(_("Care alert: home reading")), "text": text},
                dedupe_key=f"care:reading-alert:{reading.pk}:{nurse.pk}",
                urgent=True,
            )


def reading_seen(*, reading: Reading, actor: User) -> Reading:
    require_capability(actor, reading.locality, CLINIC)
    if reading.seen_at is None:
        reading.seen_by, reading.seen_at = actor, timezone.now()
        reading.save(update_fields=["seen_by", "seen_at"])
    return reading
