"""The staff queue of complaints, by the same rule as the gate (see ``access_complaint``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from thongthin.core.access import Actor, has_capability
from thongthin.core.models import Locality, User

from ..models import Complaint
from ..module import VIEW
from ..workflow import OPEN_STATES
from .public import _check_statuses, _csv, _expand_statuses


def queue(
    *,
    locality: Locality,
    actor: Actor,
    department=None,
    status: str | None = None,
    category: str | None = None,
    overdue: bool = False,
    subdistrict: int | None = None,
    triage: bool = False,
    q: str | None = None,
):
    """A department's complaints for the staff queue, oldest due first: every complaint for
    those who may see the locality's complaints, only those assigned to them for anyone else
    (the gate's rule)."""
    complaints = (
        Complaint.objects.for_locality(locality)
        .select_related("case", "category", "case__department", "case__assignee")
        .order_by("case__sla_due_at", "case_id")
    )
    if not has_capability(actor, locality, VIEW):
        if not isinstance(actor, User):
            return complaints.none()
        complaints = complaints.filter(case__assignee=actor)
    statuses = _csv(status)
    if statuses:
        _check_statuses(statuses)
        complaints = complaints.filter(case__status__in=_expand_statuses(statuses))
    else:
        complaints = complaints.filter(case__status__in=OPEN_STATES)
    if department is not None:
        complaints = complaints.filter(case__department=department)
    if category:
        complaints = complaints.filter(category__code__in=_csv(category))
    if overdue:
        complaints = complaints.filter(
            case__sla_due_at__lt=timezone.now(), case__status__in=OPEN_STATES
        )
    if subdistrict:
        complaints = complaints.filter(case__subdistrict_id=subdistrict)
    if triage:
        complaints = complaints.filter(
            Q(needs_triage=True) | Q(outside_area=True) | Q(needs_location=True)
        )
    if q:
        complaints = complaints.filter(
            Q(case__number__icontains=q) | Q(case__description__icontains=q)
        )
    return complaints
