"""Loading the Thai geography shipped in ``data/thai-geography`` (MIT, see LICENSE there)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from .models import District, Province, SubDistrict

DATA_DIR = Path(__file__).parent / "data" / "thai-geography"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if not row.get("deleted_at")]


def _float(value: str) -> float | None:
    return float(value) if value and value.strip() else None


def geography_load(*, force: bool = False) -> tuple[int, int, int]:
    """Load provinces, districts and sub-districts; a no-op when they are already there."""
    provinces, districts, subdistricts = (
        _rows("provinces.csv"),
        _rows("districts.csv"),
        _rows("sub_districts.csv"),
    )
    if not force and SubDistrict.objects.count() == len(subdistricts):
        return Province.objects.count(), District.objects.count(), SubDistrict.objects.count()
    regions = {row["id"]: row["name"] for row in _rows("geographies.csv")}
    with transaction.atomic():
        Province.objects.bulk_create(
            [
                Province(
                    id=int(r["id"]),
                    name_th=r["name_th"],
                    name_en=r["name_en"],
                    region=regions.get(r["geography_id"], ""),
                )
                for r in provinces
            ],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["name_th", "name_en", "region"],
        )
        District.objects.bulk_create(
            [
                District(
                    id=int(r["id"]),
                    name_th=r["name_th"],
                    name_en=r["name_en"],
                    province_id=int(r["province_id"]),
                )
                for r in districts
            ],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["name_th", "name_en", "province"],
        )
        SubDistrict.objects.bulk_create(
            [
                SubDistrict(
                    id=int(r["id"]),
                    name_th=r["name_th"],
                    name_en=r["name_en"],
                    district_id=int(r["district_id"]),
                    postcode=r["zip_code"],
                    lat=_float(r["lat"]),
                    lon=_float(r["long"]),
                )
                for r in subdistricts
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["name_th", "name_en", "district", "postcode", "lat", "lon"],
        )
    return len(provinces), len(districts), len(subdistricts)
