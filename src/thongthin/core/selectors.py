"""Reads, and the one gate per object: ``access_<entity>`` returns it or raises NotFound, the
same whether it is missing, in another locality or not the actor's to see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from . import modules
from .access import Actor, has_capability
from .errors import NotFound
from .models import ApiKey, Attachment, AuditEvent, Case, Department, Locality, User
from .module import AUDIT, OVERSEE_CASES, PERSONAL_DATA
from .services.audit import AuditAction, audit_record
from .workflow import case_kinds, closed_statuses, get_case_kind


def access_locality(slug: str) -> Locality:
    """An active locality by its slug; "not found" also when the request is inside a module
    the locality has switched off."""
    locality = Locality.objects.filter(slug=slug, is_active=True).first()
    if locality is None:
        raise NotFound()
    modules.require_enabled(locality)
    return locality


def staff_locality(actor: User, requested: Locality | None = None) -> Locality:
    """The locality a staff member works in; platform admins may pick one."""
    if actor.is_platform_admin and requested is not None:
        locality = requested
    elif actor.locality_id is None or not actor.is_active:
        raise NotFound()
    else:
        locality = actor.locality  # type: ignore[assignment]
    modules.require_enabled(locality)
    return locality


def case_visible(actor: Actor, case: Case) -> bool:
    """The one rule for seeing a case: the capability to see its kind in its locality, or being
    the person it is assigned to (a responder sees the incidents they were sent to)."""
    kind = get_case_kind(case.kind)
    if has_capability(actor, case.locality, kind.view_capability):
        return True
    return (
        isinstance(actor, User)
        and actor.is_active
        and case.assignee_id == actor.pk
        and actor.locality_id == case.locality_id
        and modules.enabled_in(case.locality, kind.module)
    )


def cases_visible(qs: QuerySet[Case], *, actor: Actor, locality: Locality) -> QuerySet[Case]:
    """``qs`` (one locality's cases) narrowed by the same rule as :func:`case_visible`."""
    kinds = case_kinds()
    seen = [k.code for k in kinds if has_capability(actor, locality, k.view_capability)]
    if len(seen) == len(kinds):
        return qs  # every kind: no predicate to add
    rule = Q(kind__in=seen)
    if isinstance(actor, User) and actor.is_active and actor.locality_id == locality.pk:
        enabled = [k.code for k in kinds if modules.enabled_in(locality, k.module)]
        rule |= Q(assignee=actor, kind__in=enabled)
    return qs.filter(rule)


def access_case(*, actor: Actor, number: str, locality: Locality | None = None) -> Case:
    """A case by its number, for staff (in their locality) or an API key (in its own)."""
    if isinstance(actor, ApiKey):
        scope = actor.locality
        modules.require_enabled(scope)
    elif isinstance(actor, User):
        scope = staff_locality(actor, locality)
    else:
        raise NotFound()
    case = (
        Case.objects.for_locality(scope)
        .select_related("locality", "department", "assignee", "subdistrict", "reporter")
        .filter(number=number)
        .first()
    )
    if case is None or not case_visible(actor, case):
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
    if attachment.guarded:
        raise NotFound()
    if attachment.public:
        return attachment
    if actor is None or not actor.is_authenticated:
        raise NotFound()
    if attachment.case is None:
        # A file of the locality itself (a relief hand-over photo): its staff only.
        if actor.is_platform_admin or actor.locality_id == attachment.locality_id:  # type: ignore[union-attr]
            return attachment
        raise NotFound()
    # The file's own case, not the case of that number in the actor's locality: numbers repeat
    # across localities.
    scope = staff_locality(actor, attachment.locality)  # type: ignore[arg-type]
    if (
        scope.pk != attachment.locality_id
        or attachment.case.locality_id != scope.pk
        or not case_visible(actor, attachment.case)  # type: ignore[arg-type]
    ):
        raise NotFound()
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


def case_public_find(*, locality: Locality, code: str, phone_last4: str = "") -> Case:
    """What a citizen types to find their case: the tracking code, or the case number they were
    shown (ร-2569-000161) with the last four digits of the phone they gave. Anything else,
    including a number with the wrong digits, is "not found"."""
    code = (code or "").strip()
    if "-" not in code:
        return case_public_get(locality=locality, tracking_code=code)
    digits = "".join(c for c in phone_last4 if c.isdigit())
    case = (
        Case.objects.for_locality(locality)
        .select_related("locality", "department", "subdistrict", "reporter")
        .filter(number=code)
        .first()
    )
    phone = case.reporter.phone if case is not None and case.reporter is not None else ""
    if case is None or len(digits) != 4 or len(phone) < 4 or phone[-4:] != digits:
        raise NotFound()
    return case


def case_list(
    *,
    locality: Locality,
    actor: Actor,
    status: str | None = None,
    kind: str | None = None,
    assignee: User | None = None,
    department_id: int | None = None,
    q: str | None = None,
) -> QuerySet[Case]:
    qs = cases_visible(Case.objects.for_locality(locality), actor=actor, locality=locality)
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
    """Open cases assigned to me or unassigned in my department, of the kinds I may see (or
    every open one I may see, for those who oversee the locality's work)."""
    qs = case_list(locality=locality, actor=actor).exclude(status__in=closed_statuses())
    if has_capability(actor, locality, OVERSEE_CASES):
        return qs
    mine = Q(assignee=actor)
    if actor.department_id:
        mine |= Q(department_id=actor.department_id, assignee__isnull=True)
    return qs.filter(mine)


@dataclass(frozen=True)
class WaitingTask:
    """A module's task with how many wait for this person and where to do them."""

    label: Any
    count: int
    url: str
    urgent: bool

    @property
    def text(self) -> str:
        """The label with the count in it, in the plural form the count takes."""
        return str(self.label % {"n": self.count})


def my_tasks(*, actor: User, locality: Locality) -> list[WaitingTask]:
    """The modules' non-case work waiting for ``actor`` (tasks of modules switched on in the
    locality, for the capabilities they hold), with counts from each module's own selector."""
    from django.urls import reverse

    waiting = []
    for _module, task in modules.tasks(locality):
        if not has_capability(actor, locality, task.capability):
            continue
        count = int(modules.resolve(task.count)(actor=actor, locality=locality))
        if count:
            url = reverse(task.url_name) + task.query
            waiting.append(WaitingTask(task.label, count, url, task.urgent))
    return waiting


def case_reporter_personal_data(*, actor: User, case: Case, ip: str | None) -> dict[str, Any]:
    """The reporter's personal data, for staff of the case's locality; each read is audited."""
    if case.reporter is None:
        return {}
    if not (has_capability(actor, case.locality, PERSONAL_DATA) and case_visible(actor, case)):
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
    if actor.is_platform_admin:
        qs = (
            AuditEvent.objects.for_locality(locality) if locality else AuditEvent.objects.unscoped()
        )
    else:
        scope = staff_locality(actor)
        if not has_capability(actor, scope, AUDIT):
            raise NotFound()
        qs = AuditEvent.objects.for_locality(scope)
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


def _named(qs: QuerySet, **lookup: object) -> object | None:
    """The one row a request names (None when it names none); "not found" when it is not here."""
    if not any(lookup.values()):
        return None
    if "pk" in lookup and not str(lookup["pk"]).isdigit():
        raise NotFound()  # a form's id that is not a number names nothing here
    row = qs.filter(**lookup).first()
    if row is None:
        raise NotFound()
    return row


def assignment_targets(
    *, locality: Locality, department_code: str | None, username: str | None
) -> tuple[Department | None, User | None]:
    """The division (by code) and active staff member (by username) of this locality that an
    assignment names; either may be absent, a named one that is not here is "not found"."""
    return (
        _named(locality_departments(locality=locality), code=department_code),  # type: ignore[return-value]
        _named(locality_staff(locality=locality), username=username),
    )


def assignment_targets_by_id(
    *, locality: Locality, department_id: str | int | None, user_id: str | int | None
) -> tuple[Department | None, User | None]:
    """As :func:`assignment_targets`, from a form's ids (a select of divisions and staff)."""
    return (
        _named(locality_departments(locality=locality), pk=department_id),  # type: ignore[return-value]
        _named(locality_staff(locality=locality), pk=user_id),
    )


def locality_departments(*, locality: Locality) -> QuerySet[Department]:
    """The locality's divisions (for pickers and filters; nothing personal)."""
    return Department.objects.for_locality(locality)


def locality_staff(*, locality: Locality) -> QuerySet[User]:
    """The locality's active staff, for an assignment picker."""
    return User.objects.filter(locality=locality, is_active=True).order_by("username")


# -- what a locality needs before it goes live (the core's part of the checklist) ------------


def ready_contacts(locality: Locality) -> bool:
    return bool(locality.phone and locality.email)


def ready_boundary(locality: Locality) -> bool:
    return bool(locality.boundary)


def ready_division_heads(locality: Locality) -> bool:
    return Department.objects.for_locality(locality).filter(head__isnull=False).exists()


def ready_officers(locality: Locality) -> bool:
    return (
        User.objects.filter(locality=locality, is_active=True)
        .exclude(role="locality_admin")
        .exists()
    )


def ready_line(locality: Locality) -> bool:
    return locality.has_line


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    who: str
    what: str
    case_number: str


def audit_rows(events: list[AuditEvent], locality: Locality | None) -> list[AuditRow]:
    """What each audit entry is about, named for people: a case's number, a person's name, a
    locality's or division's name (a few queries per page, not per row)."""
    ids: dict[str, set[str]] = {}
    for event in events:
        ids.setdefault(event.object_type, set()).add(event.object_id)
    numbers: dict[str, str] = {}
    if ids.get("core.Case"):
        cases = Case.objects.for_locality(locality) if locality else Case.objects.unscoped()
        numbers = {
            str(pk): number
            for pk, number in cases.filter(pk__in=_digits(ids["core.Case"])).values_list(
                "pk", "number"
            )
        }
    people = {
        str(u.pk): str(u) for u in User.objects.filter(pk__in=_digits(ids.get("core.User", set())))
    }
    places = {
        str(loc.pk): loc.name
        for loc in Locality.objects.filter(pk__in=_digits(ids.get("core.Locality", set())))
    }
    divisions = {}
    if ids.get("core.Department"):
        departments = (
            Department.objects.for_locality(locality) if locality else Department.objects.unscoped()
        )
        divisions = {
            str(d.pk): d.name for d in departments.filter(pk__in=_digits(ids["core.Department"]))
        }
    rows = []
    for event in events:
        key, kind = event.object_id, event.object_type
        number = numbers.get(key, "") if kind == "core.Case" else ""
        what = (
            number
            or (people.get(key) if kind == "core.User" else None)
            or (places.get(key) if kind == "core.Locality" else None)
            or (divisions.get(key) if kind == "core.Department" else None)
            or (f"{kind.split('.')[-1]} #{key}" if kind else "")
        )
        who = str(event.actor) if event.actor is not None else event.actor_label
        rows.append(AuditRow(event=event, who=who, what=what, case_number=number))
    return rows


def _digits(values: set[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]
