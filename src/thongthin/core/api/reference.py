"""Reference data: localities and Thai geography (public, read-only)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from ninja import Router

from ..models import District, Locality, Province, SubDistrict
from .schemas import ERRORS, DistrictOut, LocalityOut, ProvinceOut, SubDistrictOut

router = Router(tags=["reference"])


@router.get("/localities", response={200: list[LocalityOut], **ERRORS})
def list_localities(request):
    return Locality.objects.filter(is_active=True).select_related("province").order_by("slug")


@router.get("/provinces", response={200: list[ProvinceOut], **ERRORS})
def list_provinces(request):
    return Province.objects.order_by("id")


@router.get("/provinces/{province_id}/districts", response={200: list[DistrictOut], **ERRORS})
def list_districts(request, province_id: int):
    return District.objects.filter(province_id=province_id).order_by("id")


@router.get("/subdistricts", response={200: list[SubDistrictOut], **ERRORS})
def search_subdistricts(
    request, q: str = "", district_id: int | None = None, limit: int = 20, locality: str = ""
):
    """Sub-districts by name or postcode. With ``locality`` (its web name), that locality's own
    sub-districts come first, then the rest of its province, then the country."""
    qs = SubDistrict.objects.all()
    if district_id:
        qs = qs.filter(district_id=district_id)
    if q:
        qs = qs.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(postcode=q))
    near = Locality.objects.filter(slug=locality, is_active=True).first() if locality else None
    if near is not None:
        own = list(near.subdistricts.values_list("pk", flat=True))
        qs = qs.annotate(
            nearness=Case(
                When(pk__in=own, then=Value(0)),
                When(district__province_id=near.province_id, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("nearness", "id")
    else:
        qs = qs.order_by("id")
    return qs[: max(1, min(limit, 100))]
