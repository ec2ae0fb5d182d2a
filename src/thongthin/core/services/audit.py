"""Recording audit events; the typed list of actions lives here."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ..db.rows import insert
from ..models import AuditEvent, Locality, User


class AuditAction(StrEnum):
    CASE_CREATED = "case.created"
    CASE_TRANSITION = "case.transition"
    CASE_ASSIGNED = "case.assigned"
    CASE_NOTE = "case.note"
    CASE_ATTACHMENT = "case.attachment"
    CASE_LOCATED = "case.located"
    CASE_RATED = "case.rated"
    PII_READ = "pii.read"
    LOCALITY_CREATED = "locality.created"
    LOCALITY_UPDATED = "locality.updated"
    STAFF_CREATED = "staff.created"
    STAFF_INVITED = "staff.invited"
    STAFF_UPDATED = "staff.updated"
    STAFF_DEACTIVATED = "staff.deactivated"
    STAFF_ACTIVATED = "staff.activated"
    STAFF_PASSWORD_RESET = "staff.password_reset"  # noqa: S105 (an action name)
    INVITATION_ACCEPTED = "staff.invitation_accepted"
    REFERENCE_CREATED = "reference.created"
    REFERENCE_UPDATED = "reference.updated"
    APIKEY_CREATED = "apikey.created"
    APIKEY_REVOKED = "apikey.revoked"
    LINE_FOLLOW = "line.follow"
    LINE_UNFOLLOW = "line.unfollow"
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGIN_LOCKED = "auth.locked"
    LOGIN_UNLOCKED = "auth.unlocked"
    TWO_FACTOR_ENROLLED = "auth.2fa_enrolled"
    TWO_FACTOR_FAILED = "auth.2fa_failed"
    TWO_FACTOR_RECOVERY_USED = "auth.2fa_recovery_used"
    TWO_FACTOR_RESET = "auth.2fa_reset"
    PASSWORD_RESET_ASKED = "auth.password_reset_asked"  # noqa: S105 (an action name)
    PASSWORD_RESET = "auth.password_reset"  # noqa: S105 (an action name)
    CREDENTIALS_ROTATED = "credentials.rotated"


def actor_label_of(actor: User | None, fallback: str = "") -> str:
    if actor is None:
        return fallback or "system"
    return actor.username


def audit_record(
    *,
    action: AuditAction | str,
    locality: Locality | None = None,
    actor: User | None = None,
    actor_label: str = "",
    obj: Any = None,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    object_type = obj._meta.label if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    return insert(
        AuditEvent(
            locality=locality,
            actor=actor,
            actor_label=actor_label or actor_label_of(actor),
            action=str(action),
            object_type=object_type,
            object_id=object_id,
            ip=ip,
            detail=detail or {},
        )
    )
