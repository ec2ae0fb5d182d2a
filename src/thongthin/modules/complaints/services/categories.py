"""A locality's complaint categories: the Traffy-based starting set, and lookup."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.db import rows
from thongthin.core.models import Department, Locality

from ..categories import EXTRA_ATTRIBUTES, SEEDS
from ..models import Category
from ._common import _refuse

# -- categories -------------------------------------------------------------------------------


def categories_seed(locality: Locality) -> int:
    """Give a locality the Traffy-based categories it does not have yet; returns how many."""
    departments = {d.code: d for d in Department.objects.for_locality(locality)}
    existing = set(Category.objects.for_locality(locality).values_list("code", flat=True))
    created = 0
    for order, seed in enumerate(SEEDS):
        if seed.code in existing:
            continue
        Category.objects.create(
            locality=locality,
            code=seed.code,
            name_th=seed.traffy_type,
            name_en=seed.name_en,
            traffy_type=seed.traffy_type,
            department=departments.get(seed.department),
            sla_hours=seed.sla_hours,
            sla_mode=seed.sla_mode,
            keywords=seed.keywords,
            attributes=list(EXTRA_ATTRIBUTES.get(seed.code, ())),
            order=order,
        )
        created += 1
    return created


def category_get(locality: Locality, code: str) -> Category:
    """The locality's active category ``code`` with its division. It is on every filing, so it
    is read with two prepared statements (``core.db.rows``) instead of a compiled query."""
    category = (
        rows.first(
            Category, "locality_id = %s AND code = %s AND active = %s", [locality.pk, code, True]
        )
        if code
        else None
    )
    if category is not None and category.department_id is not None:
        department = rows.first(
            Department, "id = %s AND locality_id = %s", [category.department_id, locality.pk]
        )
        if department is not None:
            category.department = department
    if category is None:
        raise _refuse(
            "unknown_category",
            _("Unknown category '%(code)s'."),
            params={"code": code},
            detail={
                "codes": list(
                    Category.objects.for_locality(locality)
                    .filter(active=True)
                    .values_list("code", flat=True)
                )
            },
        )
    return category
