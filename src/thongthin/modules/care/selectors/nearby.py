"""For other modules: who needs help to leave or to be carried; figures without names."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from thongthin.core.access import Actor, has_capability
from thongthin.core.errors import NotFound
from thongthin.core.models import Locality

from ..models import (
    Person,
)
from ..module import NEARBY, SUMMARY, VIEW
from ._common import _logged, distance_m

# --- For other modules: who needs help to leave or to be carried -----------------------------


def vulnerable_near(
    *,
    actor: Actor,
    locality: Locality,
    lat: float | None = None,
    lon: float | None = None,
    radius_m: float = 300,
    household_codes: list[str] | None = None,
    ip: str | None = None,
    purpose: str = "",
) -> list[dict[str, Any]]:
    """People in care who cannot leave on their own (ADL band ติดบ้าน/ติดเตียง, a wheelchair
    or a movement disability) near a point or in the given households, for the war room's
    evacuation list and the EMS dispatcher. Only what a rescuer needs: name, age, band,
    address, household and point. Empty for an actor without ``care.nearby``. Logged."""
    if not has_capability(actor, locality, NEARBY):
        return []
    rows = Person.objects.for_locality(locality).filter(status=Person.Status.ACTIVE)
    if household_codes is not None:
        rows = rows.filter(household_code__in=[c for c in household_codes if c])
    found = []
    today = timezone.localdate()
    for person in rows.select_related("subdistrict")[:5000]:
        if person.band not in ("homebound", "bedbound") and "3" not in person.disability_types:
            continue
        if lat is not None and lon is not None:
            if person.lat is None or person.lon is None:
                continue
            if distance_m((lat, lon), (person.lat, person.lon)) > radius_m:
                continue
        found.append(
            {
                "id": person.pk,
                "name": person.name,
                "age": today.year - person.birth_date.year,
                "band": person.band,
                "band_label": person.band_label,
                "group": person.group,
                "address": person.address_line(),
                "household_code": person.household_code,
                "lat": person.lat,
                "lon": person.lon,
            }
        )
    _logged(actor, locality, "care.vulnerable", ip=ip, rows=len(found), purpose=purpose)
    return found


# --- Figures without names ---------------------------------------------------------------------


def can_summarise(actor: Actor, locality: Locality) -> None:
    if not (has_capability(actor, locality, SUMMARY) or has_capability(actor, locality, VIEW)):
        raise NotFound()
