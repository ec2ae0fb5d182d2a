"""Home visits: scheduled from approved plans, recorded from the caregiver's phone (which may
have been offline: each visit carries the id the phone gave it, so sending it twice stores it
once), flagged when checked in far from the home, and marked missed when their day passes
(the care manager is told)."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, ValidationFailed
from thongthin.core.i18n import for_records
from thongthin.core.models import Locality, User
from thongthin.core.services.attachments import files_prepared
from thongthin.core.services.audit import audit_record
from thongthin.core.services.notifications import notify_enqueue

from .. import ncd
from ..models import CarePlan, Person, Visit
from ..module import MODULE, VISIT, Audit
from ..selectors import distance_m

ACTIVITIES = (
    ("bathing", _("Bathing and hygiene")),
    ("feeding", _("Feeding")),
    ("medicine", _("Medicines taken")),
    ("exercise", _("Exercise and physiotherapy")),
    ("wound", _("Wound or pressure-sore care")),
    ("turning", _("Turning in bed")),
    ("advice", _("Advice to the family")),
)
ACTIVITY_CODES = {code for code, _label in ACTIVITIES}
MAX_PHOTOS = 4


def _month_spans(start: date, end: date):
    day = start.replace(day=1)
    while day <= end:
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        yield max(day, start), min(last, end)
        day = last + timedelta(days=1)


def _comservice(person: Person) -> str:
    return "1A430" if person.lives_alone else "1A431"  # elderly alone / not alone


def visits_generate(plan: CarePlan) -> int:
    """The plan's visits, spread evenly over each month of its period (idempotent)."""
    if plan.status != CarePlan.Status.APPROVED:
        return 0
    made = 0
    for first, last in _month_spans(plan.starts_on, plan.ends_on):
        span = (last - first).days + 1
        count = min(plan.visits_per_month, span)
        for i in range(count):
            due = first + timedelta(days=int((i + 0.5) * span / count))
            _, created = Visit.objects.for_locality(plan.locality_id).get_or_create(
                locality_id=plan.locality_id,
                plan=plan,
                due_on=due,
                defaults={
                    "person_id": plan.person_id,
                    "caregiver_id": plan.caregiver_id,
                    "comservice": _comservice(plan.person),
                },
            )
            made += created
    return made


def visits_generate_all() -> int:
    """Job: every approved plan has its visits (a plan approved while the job was away too)."""
    made = 0
    today = timezone.localdate()
    for plan in (
        CarePlan.objects.unscoped()
        .filter(status=CarePlan.Status.APPROVED, ends_on__gte=today)
        .select_related("person")
    ):
        made += visits_generate(plan)
    return made


def visits_mark_missed(now: datetime | None = None) -> int:
    """Job: a visit still due after its day is missed; its care manager is told once."""
    today = timezone.localdate(now or timezone.now())
    missed = 0
    late = Visit.objects.unscoped().filter(status=Visit.Status.DUE, due_on__lt=today)
    for visit in late.select_related("plan__care_manager", "person", "caregiver", "locality"):
        with transaction.atomic():
            updated = (
                Visit.objects.unscoped()
                .filter(pk=visit.pk, status=Visit.Status.DUE)
                .update(status=Visit.Status.MISSED, missed_told=True)
            )
            if not updated:
                continue
            missed += 1
            manager = visit.plan.care_manager if visit.plan_id else None
            if manager is not None and manager.email:
                notify_enqueue(
                    locality=visit.locality,
                    channel="email",
                    recipient=manager.email,
                    payload={
                        "subject": for_records(_("Missed home visit")),
                        "text": for_records(
                            _(
                                "The home visit to %(person)s due on %(day)s was not made "
                                "(caregiver: %(who)s)."
                            )
                            % {
                                "person": visit.person.name,
                                "day": thai.format_thai_date(visit.due_on),
                                "who": visit.caregiver.get_full_name() or visit.caregiver.username,
                            }
                        ),
                    },
                    dedupe_key=f"care:visit-missed:{visit.pk}",
                )
    return missed


@dataclass
class VisitIn:
    """What the caregiver's phone sends for one visit."""

    client_id: str = ""
    checked_in_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    sbp: int | None = None
    dbp: int | None = None
    pulse: int | None = None
    temperature: float | None = None
    glucose: int | None = None
    activities: list[str] = field(default_factory=list)
    adl_changed: bool = False
    notes: str = ""
    photos: list[bytes] = field(default_factory=list)


def _invalid(message, code: str, field_name: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, detail={"field": field_name})


def _vitals(data: VisitIn) -> dict[str, Any]:
    vitals: dict[str, Any] = {}
    if data.sbp is not None or data.dbp is not None or data.glucose is not None:
        try:
            ncd.check(data.sbp, data.dbp, data.glucose)
        except ncd.ReadingError as exc:
            raise _invalid(exc.message, exc.code, exc.field) from None
        vitals.update(
            {
                k: v
                for k, v in (("sbp", data.sbp), ("dbp", data.dbp), ("glucose", data.glucose))
                if v is not None
            }
        )
    if data.pulse is not None:
        if not 20 <= data.pulse <= 250:
            raise _invalid(
                _("The pulse is outside what can be measured (20–250)."),
                "reading_impossible",
                "pulse",
            )
        vitals["pulse"] = data.pulse
    if data.temperature is not None:
        if not 30 <= data.temperature <= 45:
            raise _invalid(
                _("The temperature is outside what can be measured (30–45 °C)."),
                "reading_impossible",
                "temperature",
            )
        vitals["temperature"] = round(data.temperature, 1)
    return vitals


def visit_record(
    *, visit: Visit, actor: User, data: VisitIn, ip: str | None = None
) -> tuple[Visit, bool]:
    """Record a visit as done; ``(visit, False)`` when this phone's visit was already stored
    (sent again after a lost connection). A check-in far from the home is kept and flagged."""
    locality: Locality = visit.locality
    require_capability(actor, locality, VISIT)
    try:
        client_id = uuid.UUID(str(data.client_id))
    except ValueError:
        raise _invalid(
            _("The visit has no valid id from the phone."), "client_id_invalid", "client_id"
        ) from None
    stored = Visit.objects.for_locality(locality).filter(client_id=client_id).first()
    if stored is not None:
        if stored.pk != visit.pk:
            raise Conflict(_("This id belongs to another visit."), code="client_id_reused")
        return stored, False
    if visit.due_on > timezone.localdate() + timedelta(days=1):
        raise Conflict(_("This visit is not due yet."), code="visit_not_due")
    if visit.caregiver_id != actor.pk:
        raise Conflict(_("This visit is given to another caregiver."), code="visit_not_yours")
    now = timezone.now()
    checked_in = data.checked_in_at or now
    if timezone.is_naive(checked_in):  # a phone that sent no offset: Bangkok time
        checked_in = timezone.make_aware(checked_in)
    if checked_in > now + timedelta(minutes=5) or checked_in < now - timedelta(days=14):
        raise _invalid(_("The check-in time is not possible."), "time_invalid", "checked_in_at")
    thai.validate_point(data.lat, data.lon)
    if any(a not in ACTIVITY_CODES for a in data.activities):
        raise _invalid(_("Unknown activity."), "activity_invalid", "activities")
    if len(data.photos) > MAX_PHOTOS:
        raise _invalid(_("At most %(n)s photos.") % {"n": MAX_PHOTOS}, "too_many_photos", "photos")
    vitals = _vitals(data)
    distance = None
    person = visit.person
    if None not in (data.lat, data.lon, person.lat, person.lon):
        distance = round(distance_m((data.lat, data.lon), (person.lat, person.lon)))  # type: ignore[arg-type]
    # The photos are cleaned and written before the transaction (SQLite's one write lock).
    with files_prepared(
        locality=locality, files=[("", blob) for blob in data.photos], actor=actor,
        guarded=True, images_only=True,
    ) as prepared:  # fmt: skip
        try:
            with transaction.atomic():
                locked = Visit.objects.for_locality(locality).select_for_update().get(pk=visit.pk)
                if locked.status == Visit.Status.DONE and locked.client_id == client_id:
                    return locked, False  # the same send, stored by a request that ran alongside
                if locked.status == Visit.Status.DONE:
                    raise Conflict(
                        _("This visit was already recorded from another phone."), code="visit_done"
                    )
                for attachment in prepared:
                    attachment.save()
                photos = [attachment.pk for attachment in prepared]
                locked.status = Visit.Status.DONE
                locked.client_id = client_id
                locked.checked_in_at = checked_in
                locked.lat, locked.lon = data.lat, data.lon
                locked.distance_m = distance
                locked.far = distance is not None and distance > int(MODULE.setting("FAR_METRES"))
                locked.vitals = vitals
                locked.activities = sorted(set(data.activities))
                locked.adl_changed = data.adl_changed
                locked.notes = data.notes.strip()[:4000]
                locked.photos = photos
                locked.save()
                if any(k in vitals for k in ("sbp", "glucose")):
                    from .clinic import reading_record

                    reading_record(
                        person=person, sbp=vitals.get("sbp"), dbp=vitals.get("dbp"),
                        glucose=vitals.get("glucose"), taken_at=checked_in, channel="visit",
                        client_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"visit:{client_id}")),
                    )  # fmt: skip
                audit_record(
                    action=Audit.VISIT_RECORDED,
                    locality=locality,
                    actor=actor,
                    obj=locked,
                    ip=ip,
                    detail={"far": locked.far, "distance_m": distance},
                )
        except IntegrityError:
            # The same phone's visit arriving twice at once: the other request stored it.
            stored = Visit.objects.for_locality(locality).filter(client_id=client_id).first()
            if stored is None:
                raise
            return stored, False
    return locked, True
