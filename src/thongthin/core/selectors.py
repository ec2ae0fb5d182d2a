"""Reads, and the one gate per object: ``access_<entity>`` returns it or raises NotFound, the
same whether it is missing, in another locality or not the actor's to see."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from .errors import NotFound
from .models import Attachment, AuditEvent, Case, Department, Locality, User
from .models.accounts import Role
from .services.audit import AuditAction, audit_record
from .workflow import closed_statuses


def access_locality(slug: str) -> Locality:
    locality = Locality.objects.filter(slug=slug, is_active=True).first()
    if locality is None:
        raise NotFound()
    return locality


def staff_locality(actor: User, requested: Locality | None = None) -> Locality:
    """The locality a staff member works in; platform admins may pick one."""
    if actor.is_platform_admin and requested is not None:
        return requested
    if actor.locality_id is None or not actor.is_active:
        raise NotFound()
    return actor.locality  # type: ignore[return-value]


def access_case(*, actor: User, number: str, locality: Locality | None = None) -> Case:
    scope = staff_locality(actor, locality)
    qs = Case.objects.for_locality(scope).select_related(
        "locality", "department", "assignee", "subdistrict", "reporter"
    )
    if actor.role == Role.RESPONDER:
        qs = qs.filter(assignee=actor)
    elif not actor.is_platform_admin and actor.role not in Role.CASE_WORKERS:
        raise NotFound()
    case = qs.filter(number=number).first()
    if case is None:
        raise NotFound()
    return case


def access_case_for_integration(*, locality: Locality, number: str) -> Case:
    case = (
        Case.objects.for_locality(locality)
        .select_related("locality", "department", "assignee", "subdistrict")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def access_attachment(*, actor: User | None, key: str) -> Attachment:
    """A file by its key (``<id>-<hash prefix>``). Public files (shown on tracking pages) are
    open to anyone holding the key; internal ones only to staff who may open the case."""
    pk, _, digest = (key or "").partition("-")
    if not pk.isdigit() or len(digest) != 16:
        raise NotFound()
    attachment = (
        Attachment.objects.unscoped()
        .select_related("case", "locality")
        .filter(pk=int(pk), sha256__startswith=digest)
        .first()
    )
    if attachment is None:
        raise NotFound()
    if attachment.public:
        return attachment
    if actor is None or not actor.is_authenticated:
        raise NotFound()
    if attachment.case is None:
        # A file of the locality itself (a relief hand-over photo): its staff only.
        if actor.is_platform_admin or actor.locality_id == attachment.locality_id:
            return attachment
        raise NotFound()
    access_case(actor=actor, number=attachment.case.number, locality=attachment.locality)
    return attachment


def case_public_get(*, locality: Locality, tracking_code: str) -> Case:
    case = (
        Case.objects.for_locality(locality)
        .select_related("locality", "department", "subdistrict")
        .filter(tracking_code=(tracking_code or "").strip().upper())
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def case_list(
    *,
    locality: Locality,
    status: str | None = None,
    kind: str | None = None,
    assignee: User | None = None,
    department_id: int | None = None,
    q: str | None = None,
) -> QuerySet[Case]:
    qs = Case.objects.for_locality(locality)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    return qs.select_related("department", "assignee").order_by("-created_at", "-id")


def my_work(*, actor: User, locality: Locality) -> QuerySet[Case]:
    """Open cases assigned to me or unassigned in my department (or all, for admins)."""
    qs = case_list(locality=locality).exclude(status__in=closed_statuses())
    if actor.role in (Role.LOCALITY_ADMIN, Role.EXECUTIVE) or actor.is_platform_admin:
        return qs
    if actor.role == Role.RESPONDER:
        return qs.filter(assignee=actor)
    mine = Q(assignee=actor)
    if actor.department_id:
        mine |= Q(department_id=actor.department_id, assignee__isnull=True)
    return qs.filter(mine)


def case_reporter_personal_data(*, actor: User, case: Case, ip: str | None) -> dict[str, Any]:
    """The reporter's personal data, for staff of the case's locality; each read is audited."""
    if case.reporter is None:
        return {}
    if not actor.is_platform_admin and (
        actor.locality_id != case.locality_id or actor.role not in Role.CASE_WORKERS
    ):
        raise NotFound()
    citizen = case.reporter
    audit_record(
        action=AuditAction.PII_READ,
        locality=case.locality,
        actor=actor,
        obj=citizen,
        ip=ip,
        detail={"case": case.number, "fields": ["display_name", "phone", "line_user_id"]},
    )
    return {
        "display_name": citizen.display_name,
        "phone": citizen.phone,
        "email": citizen.email,
        "line_user_id": citizen.line_user_id,
        "national_id_masked": citizen.national_id_masked,
    }


def audit_search(
    *,
    actor: User,
    locality: Locality | None = None,
    action: str = "",
    q: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    if actor.role not in Role.AUDIT_READERS:
        raise NotFound()
    if actor.is_platform_admin:
        qs = (
            AuditEvent.objects.for_locality(locality) if locality else AuditEvent.objects.unscoped()
        )
    else:
        qs = AuditEvent.objects.for_locality(staff_locality(actor))
    if action:
        qs = qs.filter(action=action)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if q:
        qs = qs.filter(Q(actor_label__icontains=q) | Q(object_type__icontains=q))
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.select_related("actor")


AUDIT_ACTIONS = [a.value for a in AuditAction]


def assignment_targets(
    *, locality: Locality, department_code: str | None, username: str | None
) -> tuple[Department | None, User | None]:
    """The division (by code) and active staff member (by username) of this locality that an
    assignment names; either may be absent, a named one that is not here is "not found"."""
    department = assignee = None
    if department_code:
        department = Department.objects.for_locality(locality).filter(code=department_code).first()
        if department is None:
            raise NotFound()
    if username:
        assignee = User.objects.filter(locality=locality, username=username, is_active=True).first()
        if assignee is None:
            raise NotFound()
    return department, assignee
