"""Care plans: written by a care manager for a dependent person (ADL 11 or less), submitted to
the local health fund's LTC sub-committee, approved (at the rate in force, per person per
year, for the plan's share of the year) or returned with a reason. Approval schedules the
plan's home visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.access import has_capability, require_capability
from thongthin.core.errors import IllegalTransition, ValidationFailed
from thongthin.core.models import Locality, User
from thongthin.core.services.audit import audit_record

from .. import rules
from ..models import CarePlan, Person
from ..module import APPROVE, ASSESS, VISIT, Audit


@dataclass
class PlanIn:
    starts_on: date | None = None
    ends_on: date | None = None
    goals: str = ""
    activities: str = ""
    visits_per_month: int | None = None
    caregiver: int | None = None


def _invalid(message, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, detail={"field": field})


def _staff(locality: Locality, user_id: int | None, capability: str) -> User | None:
    if not user_id:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not has_capability(user, locality, capability):
        return None
    return user


def plan_save(
    *,
    person: Person,
    actor: User,
    data: PlanIn,
    plan: CarePlan | None = None,
    ip: str | None = None,
) -> CarePlan:
    """Write a new plan, or change a draft or returned one."""
    locality = person.locality
    require_capability(actor, locality, ASSESS)
    if plan is not None and plan.status not in (CarePlan.Status.DRAFT, CarePlan.Status.RETURNED):
        raise IllegalTransition(
            _("Only a draft or returned plan can be changed."), code="plan_locked"
        )
    if person.status != Person.Status.ACTIVE:
        raise _invalid(_("The person is no longer in care."), "person_inactive", "person")
    if person.adl_total is None:
        raise _invalid(
            _("Screen the person (ADL) before writing a plan."), "not_screened", "person"
        )
    if person.adl_total > 11:
        raise _invalid(
            _("ADL %(total)s: a care plan is for dependent people (ADL 11 or less).")
            % {"total": person.adl_total},
            "not_dependent",
            "person",
        )
    if data.starts_on is None or data.ends_on is None:
        raise _invalid(_("The plan's first and last day are needed."), "required", "starts_on")
    if data.ends_on <= data.starts_on:
        raise _invalid(_("The last day must come after the first."), "period_invalid", "ends_on")
    if (data.ends_on - data.starts_on).days > 366:
        raise _invalid(
            _("A plan runs from one day to at most a year later."), "period_invalid", "ends_on"
        )
    if not data.goals.strip():
        raise _invalid(_("Write the plan's goals."), "required", "goals")
    if not data.activities.strip():
        raise _invalid(_("Write the care activities."), "required", "activities")
    per_month = data.visits_per_month
    if per_month is None:
        per_month = rules.visits_per_month(person.group or 0)
    if not 1 <= per_month <= 31:
        raise _invalid(_("Visits a month: 1 to 31."), "visits_invalid", "visits_per_month")
    caregiver = _staff(locality, data.caregiver, VISIT)
    if caregiver is None:
        raise _invalid(_("Choose a caregiver of this locality."), "caregiver_invalid", "caregiver")
    overlapping = (
        CarePlan.objects.for_locality(locality)
        .filter(person=person, starts_on__lte=data.ends_on, ends_on__gte=data.starts_on)
        .exclude(status=CarePlan.Status.RETURNED)
    )
    if plan is not None:
        overlapping = overlapping.exclude(pk=plan.pk)
    if overlapping.exists():
        raise _invalid(
            _("Another plan of this person covers these dates."), "plan_overlaps", "starts_on"
        )
    with transaction.atomic():
        plan = plan or CarePlan(locality=locality, person=person, care_manager=actor)
        plan.starts_on, plan.ends_on = data.starts_on, data.ends_on
        plan.group = person.group or 0
        plan.goals = data.goals.strip()[:4000]
        plan.activities = data.activities.strip()[:4000]
        plan.visits_per_month = per_month
        plan.caregiver = caregiver
        plan.status = CarePlan.Status.DRAFT
        plan.save()
        audit_record(action=Audit.PLAN_SAVED, locality=locality, actor=actor, obj=plan, ip=ip)
    return plan


def plan_submit(*, plan: CarePlan, actor: User, ip: str | None = None) -> CarePlan:
    require_capability(actor, plan.locality, ASSESS)
    with transaction.atomic():
        locked = CarePlan.objects.for_locality(plan.locality_id).select_for_update().get(pk=plan.pk)
        if locked.status not in (CarePlan.Status.DRAFT, CarePlan.Status.RETURNED):
            raise IllegalTransition(
                _("This plan has already been submitted."), code="plan_submitted"
            )
        locked.status = CarePlan.Status.SUBMITTED
        locked.return_reason = ""
        locked.save(update_fields=["status", "return_reason"])
        audit_record(
            action=Audit.PLAN_SAVED,
            locality=plan.locality,
            actor=actor,
            obj=locked,
            ip=ip,
            detail={"status": "submitted"},
        )
    return locked


def plan_amount(plan: CarePlan) -> Decimal | None:
    """The fund's payment for the plan: the yearly rate in force on its first day, for its
    share of a year (a 12-month plan is the whole rate)."""
    rate = rules.ltc_rate(plan.starts_on)
    if rate is None:
        return None
    days = (plan.ends_on - plan.starts_on).days + 1
    share = min(Decimal(days) / Decimal(365), Decimal(1))
    return (rate * share).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def plan_decide(
    *, plan: CarePlan, actor: User, approve: bool, reason: str = "", ip: str | None = None
) -> CarePlan:
    """The sub-committee's decision on a submitted plan."""
    from .visits import visits_generate

    require_capability(actor, plan.locality, APPROVE)
    if not approve and not reason.strip():
        raise _invalid(_("Say why the plan is returned."), "reason_required", "reason")
    with transaction.atomic():
        locked = CarePlan.objects.for_locality(plan.locality_id).select_for_update().get(pk=plan.pk)
        if locked.status != CarePlan.Status.SUBMITTED:
            raise IllegalTransition(
                _("Only a submitted plan can be decided."), code="plan_not_submitted"
            )
        locked.status = CarePlan.Status.APPROVED if approve else CarePlan.Status.RETURNED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.return_reason = "" if approve else reason.strip()[:2000]
        locked.amount = plan_amount(locked) if approve else None
        locked.save()
        audit_record(
            action=Audit.PLAN_DECIDED,
            locality=plan.locality,
            actor=actor,
            obj=locked,
            ip=ip,
            detail={"approved": approve, "amount": str(locked.amount or "")},
        )
        if approve:
            visits_generate(locked)
    return locked
