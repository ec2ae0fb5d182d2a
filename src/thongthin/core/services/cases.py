"""The case engine's writes: create and transition (assigning and notes: ``case_work``).

Every change goes check → apply → timeline + audit (one transaction) → notify. Notifications
are outbox rows written in the same transaction and delivered by the worker after commit, so a
rolled-back change sends nothing and a committed one is never lost.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import h3
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import thai
from ..access import has_capability
from ..db.rows import insert
from ..errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from ..i18n import Localized, Message
from ..models import (
    ApiKey,
    Case,
    CaseSequence,
    Citizen,
    Department,
    Locality,
    SubDistrict,
    User,
)
from ..models.cases import Channel, Priority
from ..modules import resolve
from ..thai import validate_point
from ..workflow import CaseKind, get_case_kind
from . import case_events
from .accounts import ReporterIn, reporter_resolve
from .audit import AuditAction, actor_label_of, audit_record
from .notifications import notify_citizen
from .places import _nearest_subdistrict_id

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TITLE_MAX = 200
DESCRIPTION_MAX = 5000


_SEQUENCE_NEXT = """
UPDATE core_casesequence SET last_value = last_value + 1
WHERE locality_id = %s AND prefix = %s AND year_be = %s
RETURNING last_value
"""


def case_number_next(*, locality: Locality, prefix: str, year_be: int) -> int:
    """Hand out the next sequence value; call inside the case's transaction.

    The row update takes a lock (PostgreSQL) or the write lock (SQLite), so concurrent callers
    queue and never get the same value. A rolled-back transaction gives its value back; numbers
    may still skip if one is deleted, which people tolerate, but never repeat.
    """
    for _attempt in range(5):
        # One statement takes the value (SQLite 3.35+ and PostgreSQL both speak RETURNING).
        with connection.cursor() as cursor:
            cursor.execute(_SEQUENCE_NEXT, [locality.pk, prefix, year_be])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        try:
            with transaction.atomic():
                CaseSequence.objects.create(
                    locality=locality, prefix=prefix, year_be=year_be, last_value=1
                )
            return 1
        except IntegrityError:
            continue  # another request created the row first; increment it instead
    raise RuntimeError("could not allocate a case number")


FIELD_LABELS = {"title": _("Title"), "description": _("Description"), "message": _("Message")}


def text_clean(value: str, *, field: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(
            _("%(field)s is required."),
            code=f"{field}_required",
            params={"field": FIELD_LABELS.get(field, field)},
        )
    if len(value) > max_length:
        raise ValidationFailed(
            _("%(field)s is longer than %(max)s characters."),
            code=f"{field}_too_long",
            params={"field": FIELD_LABELS.get(field, field), "max": max_length},
        )
    return value


def case_create(
    *,
    locality: Locality,
    kind: str,
    title: str,
    description: str = "",
    channel: str,
    reporter: Citizen | ReporterIn | None = None,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    subdistrict: SubDistrict | None = None,
    category: str = "",
    priority: str = Priority.NORMAL,
    department: Department | None = None,
    actor: User | None = None,
    actor_label: str = "",
    ip: str | None = None,
    sla_hours: float | None = None,
    sla_mode: str | None = None,
    created_at=None,
    then: Callable[[Case], Any] | None = None,
) -> Case:
    """Create a case of ``kind``; ``sla_hours``/``sla_mode`` override the kind's service window
    (modules set them per category), ``created_at`` is for imports of older records. The
    reporter is a citizen, or what they gave (found or created in the same transaction).
    ``then(case)``: a module's own writes for the new case, in the same transaction (so what
    can be worked out before it is, not under SQLite's one write lock)."""
    try:
        case_kind: CaseKind = get_case_kind(kind)
    except KeyError:
        raise ValidationFailed(
            _("Unknown case kind '%(kind)s'."), code="unknown_kind", params={"kind": kind}
        ) from None
    title = text_clean(title, field="title", max_length=TITLE_MAX, required=True)
    description = text_clean(
        description, field="description", max_length=DESCRIPTION_MAX, required=False
    )
    if channel not in Channel.values:
        raise ValidationFailed(
            _("Unknown channel '%(channel)s'."),
            code="unknown_channel",
            params={"channel": channel},
        )
    if priority not in Priority.values:
        raise ValidationFailed(
            _("Unknown priority '%(priority)s'."),
            code="unknown_priority",
            params={"priority": priority},
        )
    validate_point(lat, lon)
    for related in (reporter if isinstance(reporter, Citizen) else None, department):
        if related is not None and related.locality_id != locality.pk:
            raise NotFound()
    now = created_at or timezone.now()
    sla_mode = sla_mode or case_kind.sla_mode
    sla_hours = case_kind.sla_hours if sla_hours is None else sla_hours
    # Worked out before the transaction: on SQLite it holds the one write lock of the database.
    year_be = thai.be_year(now)
    h3_cell = ""
    subdistrict_id = subdistrict.pk if subdistrict is not None else None
    if lat is not None and lon is not None:
        h3_cell = h3.latlng_to_cell(lat, lon, settings.THONGTHIN["H3_RESOLUTION"])
        subdistrict_id = subdistrict_id or _nearest_subdistrict_id(locality, lat, lon)
    tracking_code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
    sla_due_at = thai.sla_due(now, sla_hours, sla_mode)
    with transaction.atomic():
        reporter = reporter_resolve(locality=locality, reporter=reporter)
        seq = case_number_next(locality=locality, prefix=case_kind.prefix, year_be=year_be)
        case = insert(
            Case(
                locality=locality,
                kind=kind,
                number=f"{case_kind.prefix}-{year_be}-{seq:06d}",
                tracking_code=tracking_code,
                title=title,
                description=description,
                status=case_kind.workflow.initial,
                priority=priority,
                category=category,
                lat=lat,
                lon=lon,
                h3_cell=h3_cell,
                address=address.strip()[:300],
                subdistrict_id=subdistrict_id,
                reporter=reporter,
                channel=channel,
                department=department,
                sla_mode=sla_mode,
                sla_due_at=sla_due_at,
            )
        )
        if created_at is not None:
            Case.objects.for_locality(locality).filter(pk=case.pk).update(created_at=created_at)
            case.created_at = created_at
        label = actor_label or actor_label_of(actor)
        case_events.event_created(case, actor=actor, actor_label=label)
        audit_record(
            action=AuditAction.CASE_CREATED,
            locality=locality,
            actor=actor,
            actor_label=label,
            obj=case,
            ip=ip,
            detail={"number": case.number, "kind": kind, "channel": channel},
        )
        link = tracking_url(case)
        notify_citizen(
            locality=locality,
            citizen=reporter,
            text=Message(
                _("%(locality)s received %(number)s. Track it at %(link)s"),
                locality=Localized(locality, "name"),
                number=case.number,
                link=link,
            ),
            dedupe_key=f"case:{case.pk}:created",
        )
        if then is not None:
            then(case)
    return case


def status_message(case: Case, state: Any, reason: str = "") -> Message:
    """ "Case ร-2569-000042: Resolved (the reason)", for the people following a case."""
    if reason:
        return Message(
            _("Case %(number)s: %(state)s (%(reason)s)"),
            number=case.number,
            state=state,
            reason=reason,
        )
    return Message(_("Case %(number)s: %(state)s"), number=case.number, state=state)


def case_file(*, locality: Locality, kind: str, actor: User | ApiKey | None, **fields: Any) -> Case:
    """A case filed through the generic cases API by staff or an integration: only kinds that
    have no record of their own (``generic_create``), by someone who works that kind here."""
    try:
        case_kind = get_case_kind(kind)
    except KeyError:
        raise ValidationFailed(
            _("Unknown case kind '%(kind)s'."), code="unknown_kind", params={"kind": kind}
        ) from None
    if not case_kind.generic_create:
        raise ValidationFailed(
            _("File this kind of case through its own module's API."),
            code="kind_has_its_own_api",
            params={"kind": kind},
        )
    if not has_capability(actor, locality, case_kind.work_capability):
        raise PermissionDenied()
    user = actor if isinstance(actor, User) else None
    return case_create(locality=locality, kind=kind, actor=user, **fields)


def tracking_url(case: Case) -> str:
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    return f"{base}/{case.locality.slug}/track/{case.tracking_code}/"


def may_work(actor: User | None, case: Case) -> bool:
    """Whether ``actor`` works cases of this kind in the case's locality."""
    kind = get_case_kind(case.kind)
    return has_capability(actor, case.locality, kind.work_capability)


def case_transition(
    *,
    case: Case,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    as_reporter: bool = False,
    system: bool = False,
    reason: str = "",
    ip: str | None = None,
) -> Case:
    """Take ``action`` on ``case``: by ``actor`` (who must hold the action's capability), by
    the reporter (``as_reporter``, for ``reporter`` actions) or by the platform itself
    (``system``, for ``system`` actions a module's job takes, such as a deadline passing)."""
    kind = get_case_kind(case.kind)
    workflow = kind.workflow
    step = workflow.action(action)
    if step is None:
        raise IllegalTransition(
            f"Unknown action {action!r}.",
            code="unknown_action",
            detail={"allowed": [a.code for a in workflow.actions_from(case.status)]},
        )
    if system or step.system:
        if not (system and step.system):
            raise PermissionDenied()
    elif as_reporter:
        if not step.reporter:
            raise PermissionDenied()
    elif not has_capability(actor, case.locality, kind.action_capability(step)):
        raise PermissionDenied()
    reason = (reason or "").strip()
    if step.requires_reason and not reason:
        raise ValidationFailed(_("This action needs a reason."), code="reason_required")
    with transaction.atomic():
        # Lock the row and re-read the status, so two people acting at once cannot both pass.
        locked = Case.objects.for_locality(case.locality_id).select_for_update().get(pk=case.pk)
        if locked.status not in step.sources:
            raise IllegalTransition(
                detail={
                    "status": locked.status,
                    "action": action,
                    "allowed": [a.code for a in workflow.actions_from(locked.status)],
                }
            )
        if kind.guard is not None:
            resolve(kind.guard)(locked, action, reason)
        from_status = locked.status
        locked.status = step.target
        target_state = workflow.state(step.target)
        locked.closed_at = timezone.now() if target_state.closed else None
        fields = ["status", "closed_at", "updated_at"]
        takes = step.takes_case and locked.assignee_id is None and isinstance(actor, User)
        if takes:
            locked.assignee = actor
            fields.append("assignee")
        locked.save(update_fields=fields)
        label = actor_label or actor_label_of(
            actor, "reporter" if as_reporter else "system" if system else ""
        )
        event = case_events.event_transition(
            locked,
            action=action,
            from_status=from_status,
            actor=actor,
            actor_label=label,
            reason=reason,
            public=step.public,
        )
        audit_record(
            action=AuditAction.CASE_TRANSITION,
            locality=locked.locality,
            actor=actor,
            actor_label=label,
            obj=locked,
            ip=ip,
            detail={"action": action, "from": from_status, "to": locked.status},
        )
        if takes:
            case_events.event_assigned(locked, actor=actor, actor_label="")
        if step.public and not as_reporter:
            notify_citizen(
                locality=locked.locality,
                citizen=locked.reporter,
                text=status_message(locked, target_state.label, reason),
                dedupe_key=f"case:{locked.pk}:event:{event.pk}",
            )
        if kind.on_transition is not None:
            resolve(kind.on_transition)(locked, from_status, action, reason)
    return locked
