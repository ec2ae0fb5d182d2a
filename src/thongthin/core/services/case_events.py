"""Small writers for a case's timeline; every change to a case goes through one of these.

Modules write their own kinds of entry (a rating, an escalation) with :func:`event_record`; the
kind must be one a module declared (``Module.event_kinds``), so every entry has a label.
"""

from __future__ import annotations

from typing import Any

from .. import modules
from ..db.rows import insert
from ..models import Case, CaseEvent, User
from .audit import actor_label_of


def event_record(
    case: Case,
    *,
    kind: str,
    actor: User | None = None,
    actor_label: str = "",
    public: bool | None = None,
    message: str = "",
    **fields: Any,
) -> CaseEvent:
    """Append an entry of a declared ``kind`` to the case's timeline (inside the caller's
    transaction); ``public`` defaults to the kind's declaration."""
    declared = modules.event_kind(kind)
    if declared is None:
        raise LookupError(f"no installed module declares the timeline event kind {kind!r}")
    return insert(
        CaseEvent(
            locality_id=case.locality_id,
            case=case,
            kind=kind,
            actor=actor,
            actor_label=actor_label or actor_label_of(actor),
            public=declared.public if public is None else public,
            message=message,
            **fields,
        )
    )


_event = event_record  # the name modules used before it was public


def event_created(case: Case, *, actor: User | None, actor_label: str) -> CaseEvent:
    return event_record(
        case,
        kind="created",
        actor=actor,
        actor_label=actor_label,
        public=True,
        to_status=case.status,
        data={"channel": case.channel},
    )


def event_transition(
    case: Case,
    *,
    action: str,
    from_status: str,
    actor: User | None,
    actor_label: str,
    reason: str,
    public: bool,
) -> CaseEvent:
    return event_record(
        case,
        kind="transition",
        action=action,
        from_status=from_status,
        to_status=case.status,
        actor=actor,
        actor_label=actor_label,
        public=public,
        message=reason,
    )


def event_assigned(case: Case, *, actor: User | None, actor_label: str) -> CaseEvent:
    return event_record(
        case,
        kind="assigned",
        actor=actor,
        actor_label=actor_label,
        public=False,
        data={
            "department_id": case.department_id,
            "assignee_id": case.assignee_id,
            "department": str(case.department or ""),
            "assignee": str(case.assignee or ""),
        },
    )


def event_note(
    case: Case, *, actor: User | None, actor_label: str, message: str, public: bool
) -> CaseEvent:
    return event_record(
        case, kind="note", actor=actor, actor_label=actor_label, public=public, message=message
    )


def event_attachment(
    case: Case, *, actor: User | None, actor_label: str, attachment_id: int, public: bool
) -> CaseEvent:
    return event_record(
        case,
        kind="attachment",
        actor=actor,
        actor_label=actor_label,
        public=public,
        data={"attachment_id": attachment_id},
    )
