"""Small writers for a case's timeline; every change to a case goes through one of these."""

from __future__ import annotations

from typing import Any

from ..models import Case, CaseEvent, User
from .audit import actor_label_of


def _event(
    case: Case,
    *,
    kind: str,
    actor: User | None,
    actor_label: str,
    public: bool,
    message: str = "",
    **fields: Any,
) -> CaseEvent:
    return CaseEvent.objects.create(
        locality_id=case.locality_id,
        case=case,
        kind=kind,
        actor=actor,
        actor_label=actor_label or actor_label_of(actor),
        public=public,
        message=message,
        **fields,
    )


def event_created(case: Case, *, actor: User | None, actor_label: str) -> CaseEvent:
    return _event(
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
    return _event(
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
    return _event(
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
    return _event(
        case, kind="note", actor=actor, actor_label=actor_label, public=public, message=message
    )


def event_attachment(
    case: Case, *, actor: User | None, actor_label: str, attachment_id: int, public: bool
) -> CaseEvent:
    return _event(
        case,
        kind="attachment",
        actor=actor,
        actor_label=actor_label,
        public=public,
        data={"attachment_id": attachment_id},
    )
