"""Shelters: open or closed, check-in and check-out, head counts and free places."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import Conflict, NotFound, ValidationFailed
from thongthin.core.models import User

from ..models import (
    Member,
    Shelter,
    Stay,
)
from ..module import ACT, WATCH
from ._common import changed, require

# Who goes first when an area is warned: the sum of these per household.


def shelter_set_status(*, shelter: Shelter, actor: User, status: str) -> Shelter:
    require(actor, shelter.locality, ACT)
    if status not in Shelter.Status.values:
        raise ValidationFailed(
            _("Unknown status '%(status)s'."), code="status_invalid", params={"status": status}
        )
    Shelter.objects.for_locality(shelter.locality_id).filter(pk=shelter.pk).update(status=status)
    shelter.status = status
    changed(shelter.locality, "shelter", shelter=shelter.pk)
    return shelter


def _age_group(birth_year: int | None, given: str) -> str:
    if given in Stay.AgeGroup.values:
        return given
    if birth_year is None:
        return Stay.AgeGroup.ADULT
    age = timezone.localdate().year - birth_year
    return (
        Stay.AgeGroup.CHILD
        if age < 15
        else Stay.AgeGroup.ELDERLY
        if age >= 60
        else Stay.AgeGroup.ADULT
    )


def check_in(
    *,
    shelter: Shelter,
    actor: User,
    member: Member | None = None,
    name: str = "",
    sex: str = "",
    birth_year: int | None = None,
    age_group: str = "",
    special_needs: bool = False,
) -> Stay:
    """One person in: the shelter must be open and have a free place; a person already staying
    somewhere is refused (``already_checked_in``). Concurrent check-ins never overfill it."""
    locality = shelter.locality
    require(actor, locality, WATCH)
    if member is not None:
        if member.locality_id != locality.pk:
            raise NotFound()
        name, sex, birth_year = member.name, member.sex, member.birth_year
        special_needs = special_needs or member.bedridden or member.disabled or member.pregnant
        key = f"member:{member.pk}"
    else:
        name = (name or "").strip()
        if not name:
            raise ValidationFailed(_("Give the person's name."), code="name_required")
        key = f"name:{' '.join(name.split()).lower()}|{birth_year or ''}"
    if sex not in ("", "m", "f"):
        raise ValidationFailed(_("Sex is m, f or blank."), code="sex_invalid")
    try:
        with transaction.atomic():
            locked = Shelter.objects.for_locality(locality).select_for_update().get(pk=shelter.pk)
            if locked.status != Shelter.Status.OPEN:
                raise Conflict(_("The shelter is closed."), code="shelter_closed")
            present = (
                Stay.objects.for_locality(locality)
                .filter(shelter=locked, checked_out_at__isnull=True)
                .count()
            )
            if present >= locked.capacity:
                raise Conflict(
                    _("The shelter is full."),
                    code="shelter_full",
                    detail={"capacity": locked.capacity},
                )
            stay = Stay.objects.create(
                locality=locality,
                shelter=locked,
                member=member,
                household=member.household if member else None,
                person_key=key,
                name=name[:200],
                sex=sex,
                age_group=_age_group(birth_year, age_group),
                special_needs=special_needs,
                checked_in_at=timezone.now(),
            )
            changed(locality, "shelter", shelter=locked.pk)
    except IntegrityError:
        raise Conflict(
            _("This person is already checked in at a shelter."),
            code="already_checked_in",
        ) from None
    return stay


def check_out(*, stay: Stay, actor: User) -> Stay:
    require(actor, stay.locality, WATCH)
    with transaction.atomic():
        updated = (
            Stay.objects.for_locality(stay.locality_id)
            .filter(pk=stay.pk, checked_out_at__isnull=True)
            .update(checked_out_at=timezone.now())
        )
        if not updated:
            raise Conflict(_("Already checked out."), code="already_checked_out")
        changed(stay.locality, "shelter", shelter=stay.shelter_id)
    stay.refresh_from_db()
    return stay


def occupancy(shelter: Shelter, *, at=None) -> dict:
    """Head counts now (or at a past moment, for the replay) and free places."""
    stays = Stay.objects.for_locality(shelter.locality_id).filter(shelter=shelter)
    if at is None:
        stays = stays.filter(checked_out_at__isnull=True)
    else:
        stays = stays.filter(checked_in_at__lte=at).exclude(checked_out_at__lte=at)
    rows = list(stays.values_list("sex", "age_group", "special_needs"))
    present = len(rows)
    return {
        "present": present,
        "free": max(0, shelter.capacity - present),
        "capacity": shelter.capacity,
        "male": sum(1 for s, _, _ in rows if s == "m"),
        "female": sum(1 for s, _, _ in rows if s == "f"),
        "children": sum(1 for _, a, _ in rows if a == "child"),
        "elderly": sum(1 for _, a, _ in rows if a == "elderly"),
        "special_needs": sum(1 for _, _, n in rows if n),
    }
