"""Working a complaint: category, forwarding, merging, rating, reopening, escalation."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict
from thongthin.core.i18n import Localized, Message, for_records
from thongthin.core.models import Case, Citizen, User
from thongthin.core.services import case_events
from thongthin.core.services.attachments import attachment_create, files_prepared
from thongthin.core.services.audit import audit_record
from thongthin.core.services.case_work import case_add_note, case_locate
from thongthin.core.services.cases import case_transition, tracking_url
from thongthin.core.services.notifications import (
    notify_citizen,
    notify_division_head,
)

from .. import geo
from ..models import Complaint, Follower, TrainingExample
from ..module import WORK
from ..workflow import OPEN_STATES
from ._common import REOPEN_DAYS, _module_call, _refuse
from .categories import category_get
from .filing import _title
from .handover import handover_open
from .mapcounts import _map_count

# -- working the case -------------------------------------------------------------------------


def complaint_set_category(*, complaint: Complaint, actor: User, category_code: str) -> Complaint:
    """An officer sets or corrects the category; the correction becomes training data."""
    require_capability(actor, complaint.case.locality, WORK)
    category = category_get(complaint.case.locality, category_code)
    with transaction.atomic():
        locked = (
            Complaint.objects.for_locality(complaint.locality_id)
            .select_for_update(of=("self",))
            .select_related("case", "category")
            .get(pk=complaint.pk)
        )
        case = locked.case
        previous = locked.category
        _map_count(locked, case, case.status, -1)
        locked.category = category
        locked.classified_by = Complaint.Classified.STAFF
        locked.needs_triage = False
        locked.save(update_fields=["category", "classified_by", "needs_triage"])
        _map_count(locked, case, case.status, +1)
        Case.objects.for_locality(case.locality_id).filter(pk=case.pk).update(
            category=category.code,
            department=category.department or case.department,
            title=_title(category, case.description),
        )
        TrainingExample.objects.for_locality(locked.locality_id).update_or_create(
            source=TrainingExample.Source.CORRECTION,
            ref=f"case:{case.pk}",
            defaults={"text": case.description, "category_code": category.code},
            create_defaults={
                "locality_id": locked.locality_id,
                "text": case.description,
                "category_code": category.code,
            },
        )
        case_events.event_record(
            case,
            kind="note",
            actor=actor,
            actor_label="",
            public=False,
            message=for_records(
                Message(
                    _("Category: %(previous)s → %(category)s"),
                    previous=Localized(previous, "name") if previous else "-",
                    category=Localized(category, "name"),
                )
            ),
            data={"category_from": previous.code if previous else "", "category": category.code},
        )
        audit_record(
            action="complaint.category",
            locality=case.locality,
            actor=actor,
            obj=case,
            detail={"from": previous.code if previous else "", "to": category.code},
        )
    locked.refresh_from_db()
    return locked


def complaint_forward(
    *,
    complaint: Complaint,
    actor: User,
    organisation: str,
    reason: str,
    email: str = "",
    ip: str | None = None,
) -> Complaint:
    """Hand the case to an organisation outside the locality (PEA, PWA, a highway office);
    with its ``email``, the organisation gets the case and a link to report back on it."""
    organisation = (organisation or "").strip()
    if not organisation:
        raise _refuse("organisation_required", _("Name the organisation the case goes to."))
    reason = (reason or "").strip()
    if reason:
        note = Message(
            _("Forwarded to %(organisation)s: %(reason)s"), organisation=organisation, reason=reason
        )
    else:
        note = Message(_("Forwarded to %(organisation)s"), organisation=organisation)
    with transaction.atomic():
        Complaint.objects.for_locality(complaint.locality_id).filter(pk=complaint.pk).update(
            forwarded_to=organisation[:200], forward_reason=reason
        )
        token = _module_call.set(True)
        try:
            case_transition(
                case=complaint.case,
                action="forward",
                actor=actor,
                reason=for_records(note),
                ip=ip,
            )
        finally:
            _module_call.reset(token)
        if email.strip():
            handover_open(complaint=complaint, organisation=organisation, email=email)
    complaint.refresh_from_db()
    return complaint


def complaint_merge(
    *, duplicate: Complaint, into: Complaint, actor: User, ip: str | None = None
) -> Complaint:
    """Close ``duplicate`` as merged into ``into``; its reporter and followers follow ``into``
    and everyone is told where to track it."""
    if duplicate.pk == into.pk or duplicate.locality_id != into.locality_id:
        raise _refuse("merge_invalid", _("Pick another open case."))
    if into.case.status not in OPEN_STATES:
        raise _refuse(
            "merge_target_closed", _("The case to merge into is closed."), status=Conflict
        )
    with transaction.atomic():
        token = _module_call.set(True)
        try:
            case_transition(
                case=duplicate.case,
                action="merge",
                actor=actor,
                reason=for_records(Message(_("Duplicate of %(number)s"), number=into.case.number)),
                ip=ip,
            )
        finally:
            _module_call.reset(token)
        Complaint.objects.for_locality(duplicate.locality_id).filter(pk=duplicate.pk).update(
            merged_into=into
        )
        citizens = {f.citizen_id for f in duplicate.followers.all()}
        if duplicate.case.reporter_id:
            citizens.add(duplicate.case.reporter_id)
        citizens.discard(into.case.reporter_id)
        for citizen_id in citizens:
            Follower.objects.for_locality(into.locality_id).get_or_create(
                complaint=into, citizen_id=citizen_id, defaults={"locality_id": into.locality_id}
            )
        link = tracking_url(into.case)
        for citizen in Citizen.objects.for_locality(into.locality_id).filter(pk__in=citizens):
            notify_citizen(
                locality=into.case.locality,
                citizen=citizen,
                text=Message(
                    _(
                        "Case %(duplicate)s duplicates %(number)s and was merged into it. "
                        "Track it at %(link)s"
                    ),
                    duplicate=duplicate.case.number,
                    number=into.case.number,
                    link=link,
                ),
                dedupe_key=f"complaint:{duplicate.pk}:merged:{citizen.pk}",
            )
        case_add_note(
            case=into.case,
            actor=actor,
            message=for_records(
                Message(
                    _("Merged duplicate %(number)s into this case"), number=duplicate.case.number
                )
            ),
            public=True,
        )
    into.refresh_from_db()
    return into


def complaint_resolve(
    *,
    complaint: Complaint,
    actor: User,
    reason: str = "",
    photos: list[bytes] | None = None,
    ip: str | None = None,
) -> Complaint:
    """Close the complaint as resolved, with the after-photos attached first: the case engine's
    guard asks for a photo uploaded by staff or a written reason."""
    files = [("", data) for data in photos or []]
    locality = complaint.case.locality
    # The photos are cleaned and written before the transaction (SQLite's one write lock).
    with (
        files_prepared(locality=locality, files=files, actor=actor) as prepared,
        transaction.atomic(),
    ):
        for photo in prepared:
            attachment_create(case=complaint.case, prepared=photo, actor=actor, ip=ip)
        case_transition(case=complaint.case, action="resolve", actor=actor, reason=reason, ip=ip)
    complaint.refresh_from_db()
    return complaint


def complaint_rate(*, complaint: Complaint, stars: int, comment: str = "") -> Complaint:
    """The reporter rates a resolved case 1–5 stars, once."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise _refuse("rating_invalid", _("Give 1 to 5 stars."))
    with transaction.atomic():
        locked = (
            Complaint.objects.for_locality(complaint.locality_id)
            .select_for_update(of=("self",))
            .select_related("case")
            .get(pk=complaint.pk)
        )
        if locked.case.status != "resolved":
            raise _refuse(
                "rating_not_resolved", _("Only a resolved case can be rated."), status=Conflict
            )
        if locked.rating is not None:
            raise _refuse(
                "rating_already_given", _("This case has already been rated."), status=Conflict
            )
        locked.rating = stars
        locked.rating_comment = (comment or "").strip()[:1000]
        locked.rated_at = timezone.now()
        locked.save(update_fields=["rating", "rating_comment", "rated_at"])
        case_events.event_record(
            locked.case,
            kind="rating",
            actor=None,
            actor_label="reporter",
            public=True,
            message=f"{'★' * stars}{'☆' * (5 - stars)} {locked.rating_comment}".strip(),
            data={"stars": stars},
        )
        audit_record(
            action="complaint.rated",
            locality=locked.case.locality,
            actor_label="reporter",
            obj=locked.case,
            detail={"stars": stars},
        )
    return locked


def complaint_reopen(*, complaint: Complaint, reason: str) -> Complaint:
    """The reporter reopens a resolved case within 7 days of its closing."""
    case = complaint.case
    if case.status != "resolved":
        raise _refuse(
            "reopen_not_resolved", _("Only a resolved case can be reopened."), status=Conflict
        )
    if case.closed_at and timezone.now() - case.closed_at > timedelta(days=REOPEN_DAYS):
        raise _refuse(
            "reopen_window_passed",
            _("A case can be reopened within %(days)s days of being resolved."),
            status=Conflict,
            params={"days": REOPEN_DAYS},
        )
    with transaction.atomic():
        case_transition(case=case, action="reopen", as_reporter=True, reason=reason)
        Complaint.objects.for_locality(complaint.locality_id).filter(pk=complaint.pk).update(
            reopen_count=F("reopen_count") + 1, rating=None, rating_comment="", rated_at=None
        )
        if case.department_id:
            notify_division_head(
                case,
                text=for_records(
                    Message(
                        _("The reporter reopened %(number)s: %(reason)s"),
                        number=case.number,
                        reason=reason,
                    )
                ),
                key=f"reopen:{timezone.now().timestamp()}",
            )
    complaint.refresh_from_db()
    return complaint


def escalate_overdue(now: datetime | None = None) -> int:
    """Tell the department head about every open complaint past its service window, once."""
    now = now or timezone.now()
    overdue = (
        Complaint.objects.unscoped()
        .filter(
            case__status__in=OPEN_STATES,
            case__sla_due_at__lt=now,
            escalated_at__isnull=True,
        )
        .select_related("case", "case__locality")[:500]
    )
    count = 0
    for complaint in overdue:
        case = complaint.case
        with transaction.atomic():
            if (
                not Complaint.objects.for_locality(case.locality_id)
                .filter(pk=complaint.pk, escalated_at__isnull=True)
                .update(escalated_at=now)
            ):
                continue
            case_events.event_record(
                case,
                kind="escalated",
                actor=None,
                actor_label="system",
                public=False,
                message=for_records(_("Past its service window: the head of division was told.")),
            )
            notify_division_head(
                case,
                text=for_records(
                    Message(
                        _("Case %(number)s is past its service window: %(title)s"),
                        number=case.number,
                        title=case.title,
                    )
                ),
                key="escalated",
            )
            audit_record(
                action="complaint.escalated", locality=case.locality, actor_label="system", obj=case
            )
        count += 1
    return count


def complaint_place(
    *, complaint: Complaint, actor: User, lat: float, lon: float, ip: str | None = None
) -> Complaint:
    """An officer places a complaint filed with an address only (or moves its point): the map
    counts and the outside-the-area flag follow the new point."""
    require_capability(actor, complaint.case.locality, WORK)
    with transaction.atomic():
        locked = (
            Complaint.objects.for_locality(complaint.locality_id)
            .select_for_update(of=("self",))
            .select_related("case", "category")
            .get(pk=complaint.pk)
        )
        _map_count(locked, locked.case, locked.case.status, -1, totals=True)
        case = case_locate(case=locked.case, actor=actor, lat=lat, lon=lon, ip=ip)
        cells = geo.map_cells(lat, lon)
        locked.cell_r5, locked.cell_r7 = cells[5], cells[7]
        locked.needs_location = False
        locked.outside_area = not geo.inside_locality(case.locality, lat, lon)
        locked.save(update_fields=["cell_r5", "cell_r7", "needs_location", "outside_area"])
        _map_count(locked, case, case.status, +1, totals=True)
    return locked
