"""People in care: the list, the gate, a person's history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Citizen, Locality

from ..models import (
    CarePlan,
    Contact,
    Person,
    Visit,
)
from ..module import VIEW, VISIT
from ._common import MISSED_DAYS, _logged, _need, _number, _user

# --- People ---------------------------------------------------------------------------------


def people_list(
    *,
    actor: Actor,
    locality: Locality,
    ip: str | None = None,
    status: str = "active",
    group: str = "",
    moo: str = "",
    q: str = "",
    missed: bool = False,
) -> list[Person]:
    """The registry as a care role sees it (the read is logged with the filters); ``missed``:
    only those with a visit missed in the last :data:`MISSED_DAYS` days."""
    _need(actor, locality, VIEW)
    rows = Person.objects.for_locality(locality).select_related("subdistrict")
    if missed:
        rows = rows.filter(pk__in=_missed_visits(locality).values("person_id"))
    if status in Person.Status.values:
        rows = rows.filter(status=status)
    if group.isdigit():
        rows = rows.filter(group=int(group))
    if moo.isdigit():
        rows = rows.filter(moo=int(moo))
    if q.strip():
        words = q.strip()[:100]
        rows = rows.filter(
            Q(first_name__icontains=words)
            | Q(last_name__icontains=words)
            | Q(house_no__icontains=words)
        )
    people = list(rows[:500])
    _logged(
        actor, locality, "care.people", ip=ip, rows=len(people), group=group, moo=moo,
        status=status, q=q.strip()[:100], missed=missed,
    )  # fmt: skip
    return people


def _missed_visits(locality: Locality) -> QuerySet[Visit]:
    since = timezone.localdate() - timedelta(days=MISSED_DAYS)
    return Visit.objects.for_locality(locality).filter(
        status=Visit.Status.MISSED, due_on__gte=since, person__status=Person.Status.ACTIVE
    )


# -- what waits for whom ("My work"): counts only, each under the capability its page needs --


def _caregiver_of(actor: Actor, person: Person) -> bool:
    user = _user(actor)
    if user is None:
        return False
    return (
        Visit.objects.for_locality(person.locality_id)
        .filter(person=person, caregiver=user)
        .exists()
        or CarePlan.objects.for_locality(person.locality_id)
        .filter(person=person, caregiver=user, status=CarePlan.Status.APPROVED)
        .exists()
    )


def access_person(
    *, actor: Actor, locality: Locality, person_id: object, ip: str | None = None
) -> Person:
    """A person in care: for care roles, and for a caregiver who visits them. Logged."""
    person = (
        Person.objects.for_locality(locality)
        .select_related("subdistrict")
        .filter(pk=_number(person_id))
        .first()
    )
    if person is None:
        raise NotFound()
    visiting = has_capability(actor, locality, VISIT) and _caregiver_of(actor, person)
    if not (has_capability(actor, locality, VIEW) or visiting):
        raise NotFound()
    _logged(actor, locality, "care.person", obj=person, ip=ip)
    return person


def people_of_citizen(*, locality: Locality, citizen: Citizen) -> list[Person]:
    """The active people a citizen (a LINE user) may send for: themself first, then those they
    linked to with the code on the person's card, the latest first."""
    own = list(
        Person.objects.for_locality(locality).filter(citizen=citizen, status=Person.Status.ACTIVE)
    )
    linked = [
        c.person
        for c in Contact.objects.for_locality(locality)
        .filter(citizen=citizen, person__status=Person.Status.ACTIVE)
        .select_related("person")
        .order_by("-id")
    ]
    return list({p.pk: p for p in own + linked}.values())


def access_person_by_token(*, locality: Locality, token: str) -> Person:
    """The person whose personal link this is (home readings, asking for a ride)."""
    token = (token or "").strip()
    if len(token) < 20:
        raise NotFound()
    person = (
        Person.objects.for_locality(locality)
        .filter(reading_token=token, status=Person.Status.ACTIVE)
        .first()
    )
    if person is None:
        raise NotFound()
    return person


def person_history(person: Person) -> dict[str, Any]:
    """What the person page shows besides the person (read already logged by the gate)."""
    assessments = list(person.assessments.all())
    return {
        "contacts": list(person.contacts.all()),
        "assessments": assessments,
        "plans": list(person.plans.select_related("care_manager", "caregiver")),
        # Done or missed, and the next few due: not the whole year ahead.
        "visits": list(
            person.visits.select_related("caregiver")
            .filter(Q(due_on__lte=timezone.localdate() + timedelta(days=31)) | ~Q(status="due"))
            .order_by("-due_on")[:40]
        ),
        "rides": list(person.rides.select_related("hospital").order_by("-appointment_at")[:20]),
        "appointments": list(person.appointments.order_by("-starts_at")[:20]),
        "readings": list(person.readings.all()[:30]),
    }
