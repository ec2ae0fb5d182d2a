"""Working a case once it is filed: assigning it to a division or a person, notes on its
timeline, and placing it on the map."""

from __future__ import annotations

import h3
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import NotFound, PermissionDenied, ValidationFailed
from ..i18n import Message, for_records
from ..models import (
    Case,
    CaseEvent,
    Department,
    Locality,
    User,
)
from ..thai import validate_point
from . import case_events
from .audit import AuditAction, audit_record
from .cases import DESCRIPTION_MAX, may_work, text_clean
from .notifications import notify_citizen, notify_enqueue
from .places import _nearest_subdistrict_id


def case_assign(
    *,
    case: Case,
    actor: User,
    department: Department | None = None,
    assignee: User | None = None,
    ip: str | None = None,
) -> Case:
    if not may_work(actor, case):
        raise PermissionDenied()
    if department is not None and department.locality_id != case.locality_id:
        raise NotFound()
    if assignee is not None and (
        assignee.locality_id != case.locality_id or not assignee.is_active
    ):
        raise NotFound()
    with transaction.atomic():
        locked = Case.objects.for_locality(case.locality_id).select_for_update().get(pk=case.pk)
        if department is not None:
            locked.department = department
        if assignee is not None:
            locked.assignee = assignee
            locked.department = department or assignee.department or locked.department
        locked.save(update_fields=["department", "assignee", "updated_at"])
        case_events.event_assigned(locked, actor=actor, actor_label="")
        audit_record(
            action=AuditAction.CASE_ASSIGNED,
            locality=locked.locality,
            actor=actor,
            obj=locked,
            ip=ip,
            detail={"department_id": locked.department_id, "assignee_id": locked.assignee_id},
        )
        if assignee is not None and assignee.email:
            notify_enqueue(
                locality=locked.locality,
                channel="email",
                recipient=assignee.email,
                payload={
                    "subject": f"[Thongthin] {locked.number}",
                    "text": for_records(
                        Message(
                            _("You were assigned %(number)s: %(title)s"),
                            number=locked.number,
                            title=locked.title,
                        )
                    ),
                },
                dedupe_key=f"case:{locked.pk}:assign:{assignee.pk}:{timezone.now().timestamp()}",
            )
    return locked


def case_assign_many(
    *,
    locality: Locality,
    actor: User,
    numbers: list[str],
    department: Department | None = None,
    assignee: User | None = None,
    ip: str | None = None,
) -> list[Case]:
    """Assign many cases at once, all or nothing: each is reached through the case gate, so a
    number the actor may not see answers "not found" and nothing is assigned."""
    from ..selectors import access_case

    if department is None and assignee is None:
        raise ValidationFailed(
            _("Give a division or an officer to assign to."), code="assign_target_required"
        )
    if not numbers:
        raise ValidationFailed(_("Pick at least one case."), code="numbers_required")
    with transaction.atomic():
        return [
            case_assign(
                case=access_case(actor=actor, number=number, locality=locality),
                actor=actor,
                department=department,
                assignee=assignee,
                ip=ip,
            )
            for number in numbers
        ]


def case_add_note(
    *, case: Case, actor: User, message: str, public: bool = False, ip: str | None = None
) -> CaseEvent:
    if not (may_work(actor, case) or (actor.is_active and actor.pk == case.assignee_id)):
        raise PermissionDenied()
    message = text_clean(message, field="message", max_length=DESCRIPTION_MAX, required=True)
    with transaction.atomic():
        event = case_events.event_note(
            case, actor=actor, actor_label="", message=message, public=public
        )
        audit_record(
            action=AuditAction.CASE_NOTE,
            locality=case.locality,
            actor=actor,
            obj=case,
            ip=ip,
            detail={"public": public, "event_id": event.pk},
        )
        if public:
            notify_citizen(
                locality=case.locality,
                citizen=case.reporter,
                text=Message(_("Case %(number)s: %(text)s"), number=case.number, text=message),
                dedupe_key=f"case:{case.pk}:event:{event.pk}",
            )
        Case.objects.for_locality(case.locality_id).filter(pk=case.pk).update(
            updated_at=timezone.now()
        )
    return event


def case_locate(*, case: Case, actor: User, lat: float, lon: float, ip: str | None = None) -> Case:
    """Put a case on the map (one filed with an address only) or move its point: the H3 cell and
    sub-district follow; an internal note and the audit log say who placed it."""
    if not may_work(actor, case):
        raise PermissionDenied()
    validate_point(lat, lon)
    with transaction.atomic():
        locked = Case.objects.for_locality(case.locality_id).select_for_update().get(pk=case.pk)
        before = (locked.lat, locked.lon)
        locked.lat, locked.lon = lat, lon
        locked.h3_cell = h3.latlng_to_cell(lat, lon, settings.THONGTHIN["H3_RESOLUTION"])
        locked.subdistrict_id = _nearest_subdistrict_id(case.locality, lat, lon)
        locked.save(update_fields=["lat", "lon", "h3_cell", "subdistrict", "updated_at"])
        case_events.event_note(
            locked,
            actor=actor,
            actor_label="",
            message=for_records(
                Message(
                    _("Placed on the map at %(lat)s, %(lon)s"), lat=f"{lat:.5f}", lon=f"{lon:.5f}"
                )
            ),
            public=False,
        )
        audit_record(
            action=AuditAction.CASE_LOCATED,
            locality=case.locality,
            actor=actor,
            obj=locked,
            ip=ip,
            detail={"changes": {"point": [list(before), [lat, lon]]}},
        )
    return locked
