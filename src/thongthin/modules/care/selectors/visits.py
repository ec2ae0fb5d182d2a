"""Care plans and home visits."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Locality

from ..models import (
    CarePlan,
    Visit,
)
from ..module import APPROVE, VIEW, VISIT
from ._common import _logged, _need, _number, _user, distance_m

# --- Plans and visits -----------------------------------------------------------------------


def access_plan(
    *, actor: Actor, locality: Locality, plan_id: object, ip: str | None = None
) -> CarePlan:
    plan = (
        CarePlan.objects.for_locality(locality)
        .select_related("person", "care_manager", "caregiver")
        .filter(pk=_number(plan_id))
        .first()
    )
    if plan is None or not (
        has_capability(actor, locality, VIEW) or has_capability(actor, locality, APPROVE)
    ):
        raise NotFound()
    _logged(actor, locality, "care.plan", obj=plan, ip=ip)
    return plan


def plans_for_committee(
    *, actor: Actor, locality: Locality, status: str = "submitted", ip: str | None = None
) -> list[CarePlan]:
    if not (has_capability(actor, locality, APPROVE) or has_capability(actor, locality, VIEW)):
        raise NotFound()
    rows = CarePlan.objects.for_locality(locality).select_related(
        "person", "care_manager", "caregiver"
    )
    if status in CarePlan.Status.values:
        rows = rows.filter(status=status)
    plans = list(rows[:300])
    _logged(actor, locality, "care.plans", ip=ip, rows=len(plans), status=status)
    return plans


def my_visits(*, actor: Actor, locality: Locality, day: date, ip: str | None = None) -> list[Visit]:
    """A caregiver's visits for a day (and those still due from before), in the order to drive
    them: nearest-next from the first, starting at the locality's office."""
    _need(actor, locality, VISIT)
    rows = list(
        Visit.objects.for_locality(locality)
        .filter(caregiver=_user(actor))
        .filter(Q(due_on=day) | Q(due_on__lt=day, status=Visit.Status.DUE))
        .select_related("person", "person__subdistrict")
    )
    _logged(actor, locality, "care.my_visits", ip=ip, rows=len(rows))
    return drive_order(rows, (locality.center_lat, locality.center_lon))


def drive_order(visits: list[Visit], start: tuple[float, float]) -> list[Visit]:
    """Nearest next: good enough for a caregiver's 5–10 homes on a motorbike."""
    placed = [
        (v, (v.person.lat, v.person.lon))
        for v in visits
        if v.person.lat is not None and v.person.lon is not None
    ]
    rest = [v for v in visits if v.person.lat is None or v.person.lon is None]
    ordered, here = [], start
    while placed:
        nearest = min(placed, key=lambda pair: distance_m(here, pair[1]))  # type: ignore[arg-type]
        placed.remove(nearest)
        ordered.append(nearest[0])
        here = nearest[1]  # type: ignore[assignment]
    return ordered + rest


def access_visit(*, actor: Actor, locality: Locality, visit_id: object) -> Visit:
    visit = (
        Visit.objects.for_locality(locality)
        .select_related("person")
        .filter(pk=_number(visit_id))
        .first()
    )
    if visit is None:
        raise NotFound()
    mine = visit.caregiver_id == getattr(_user(actor), "pk", None)
    if not (
        has_capability(actor, locality, VIEW) or (mine and has_capability(actor, locality, VISIT))
    ):
        raise NotFound()
    return visit
