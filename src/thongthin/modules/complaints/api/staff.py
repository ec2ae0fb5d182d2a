"""Staff and integration endpoints: the division queue and the actions only complaints have."""

from __future__ import annotations

from thongthin.core.api.auth import STAFF_OR_KEY, Principal, client_ip, principal_of
from thongthin.core.api.schemas import OFFSET_MAX
from thongthin.core.models import User
from thongthin.core.selectors import assignment_targets
from thongthin.core.services.case_work import case_assign_many

from .. import selectors, services
from ..models import Complaint
from ._router import ERRORS, router
from .schemas import (
    AssignedOut,
    BulkAssignIn,
    CategorySetIn,
    CategorySetOut,
    ForwardIn,
    ForwardOut,
    MergeIn,
    MergeOut,
    QueuePage,
)


@router.get("/queue", auth=STAFF_OR_KEY, response={200: QueuePage, **ERRORS})
def queue(
    request,
    department: str | None = None,
    status: str | None = None,
    category: str | None = None,
    overdue: bool = False,
    area: int | None = None,
    triage: bool = False,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    locality: str | None = None,
):
    """A division's complaints, most urgent (earliest due) first; open ones unless ``status``
    is given (``open``, ``closed`` or status codes, comma-separated)."""
    principal = principal_of(request, locality)
    chosen, _nobody = assignment_targets(
        locality=principal.locality, department_code=department, username=None
    )
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, OFFSET_MAX))  # the last page says there is no next one
    rows = list(
        selectors.queue(
            locality=principal.locality,
            actor=principal.actor,
            department=chosen,
            status=status,
            category=category,
            overdue=overdue,
            subdistrict=area,
            triage=triage,
            q=q,
        )[offset : offset + limit + 1]
    )
    items = [
        {
            "number": c.case.number,
            "title": c.case.title,
            "status": c.case.status,
            "category": c.category.code if c.category else None,
            "department": c.case.department.code if c.case.department else None,
            "assignee": c.case.assignee.username if c.case.assignee else None,
            "sla_due_at": c.case.sla_due_at,
            "created_at": c.case.created_at,
            "needs_triage": c.needs_triage,
            "outside_area": c.outside_area,
            "confidence": c.confidence,
            "channel": c.case.channel,
        }
        for c in rows[:limit]
    ]
    more = len(rows) > limit and offset + limit <= OFFSET_MAX
    return {"items": items, "next_offset": offset + limit if more else None}


def _complaint(principal: Principal, number: str) -> Complaint:
    return selectors.access_complaint(
        actor=principal.actor, number=number, locality=principal.locality
    )


def _staff(principal: Principal) -> User:
    if principal.user is None:
        from thongthin.core.errors import PermissionDenied

        raise PermissionDenied()
    return principal.user


@router.post("/{number}/category", auth=STAFF_OR_KEY, response={200: CategorySetOut, **ERRORS})
def set_category(request, number: str, payload: CategorySetIn, locality: str | None = None):
    principal = principal_of(request, locality)
    complaint = services.complaint_set_category(
        complaint=_complaint(principal, number),
        actor=_staff(principal),
        category_code=payload.category,
    )
    return {"number": number, "category": complaint.category.code if complaint.category else ""}


@router.post("/{number}/forward", auth=STAFF_OR_KEY, response={200: ForwardOut, **ERRORS})
def forward(request, number: str, payload: ForwardIn, locality: str | None = None):
    principal = principal_of(request, locality)
    complaint = services.complaint_forward(
        complaint=_complaint(principal, number),
        actor=_staff(principal),
        organisation=payload.organisation,
        reason=payload.reason,
        ip=client_ip(request),
    )
    return {
        "number": number,
        "status": complaint.case.status,
        "forwarded_to": complaint.forwarded_to,
    }


@router.post("/{number}/merge", auth=STAFF_OR_KEY, response={200: MergeOut, **ERRORS})
def merge(request, number: str, payload: MergeIn, locality: str | None = None):
    principal = principal_of(request, locality)
    into = services.complaint_merge(
        duplicate=_complaint(principal, number),
        into=_complaint(principal, payload.into),
        actor=_staff(principal),
        ip=client_ip(request),
    )
    return {"number": number, "merged_into": into.case.number}


@router.post("/bulk-assign", auth=STAFF_OR_KEY, response={200: AssignedOut, **ERRORS})
def bulk_assign(request, payload: BulkAssignIn, locality: str | None = None):
    """Assign many complaints at once; all or nothing."""
    principal = principal_of(request, locality)
    actor = _staff(principal)
    department, assignee = assignment_targets(
        locality=principal.locality, department_code=payload.department, username=payload.assignee
    )
    assigned = case_assign_many(
        locality=principal.locality,
        actor=actor,
        numbers=payload.numbers,
        department=department,
        assignee=assignee,
        ip=client_ip(request),
    )
    return {"assigned": len(assigned)}
