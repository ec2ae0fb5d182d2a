"""The public map's counts per H3 cell, kept in step with every write."""

from __future__ import annotations

import h3
from django.db import connection, transaction

from thongthin.core.models import Case, Locality

from ..models import Complaint, MapCell

# -- map counts -------------------------------------------------------------------------------


_MAP_UPSERT = """
INSERT INTO complaints_mapcell
    (locality_id, resolution, cell, category_code, status, count, cell_lat, cell_lon,
     lat_sum, lon_sum)
VALUES {values}
ON CONFLICT (locality_id, resolution, cell, category_code, status) DO UPDATE SET
    count = complaints_mapcell.count + excluded.count,
    lat_sum = complaints_mapcell.lat_sum + excluded.lat_sum,
    lon_sum = complaints_mapcell.lon_sum + excluded.lon_sum
"""


ALL = "*"  # category_code and status of a cell's total row (what an unfiltered map reads)


def _map_count(
    complaint: Complaint, case: Case, status: str, delta: int, *, totals: bool = False
) -> None:
    """Add ``delta`` to the complaint's map cells at every resolution: one upsert statement
    (SQLite and PostgreSQL both speak ``ON CONFLICT … DO UPDATE``). ``totals`` also counts it
    in each cell's total row (only when a complaint appears; a status or category change
    leaves the total as it is)."""
    if case.lat is None or case.lon is None:
        return
    code = complaint.category.code if complaint.category is not None else ""
    keys = [(code, status)] + ([(ALL, ALL)] if totals else [])
    params: list = []
    for resolution, cell in ((5, complaint.cell_r5), (7, complaint.cell_r7), (9, case.h3_cell)):
        if not cell:
            continue
        cell_lat, cell_lon = h3.cell_to_latlng(cell)
        for key_code, key_status in keys:
            params += [case.locality_id, resolution, cell, key_code, key_status, delta,
                       cell_lat, cell_lon, delta * case.lat, delta * case.lon]  # fmt: skip
    if not params:
        return
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * (len(params) // 10))
    with connection.cursor() as cursor:
        cursor.execute(_MAP_UPSERT.format(values=rows), params)


def map_rebuild(locality: Locality) -> int:
    """Recount the map from the cases (after a bulk import or to repair drift)."""
    from collections import Counter

    totals: Counter = Counter()
    sums: dict = {}
    rows = (
        Complaint.objects.for_locality(locality)
        .filter(case__lat__isnull=False)
        .values_list(
            "cell_r5", "cell_r7", "case__h3_cell", "category__code", "case__status",
            "case__lat", "case__lon",
        )
        .iterator(chunk_size=5000)
    )  # fmt: skip
    for r5, r7, r9, code, status, lat, lon in rows:
        for resolution, cell in ((5, r5), (7, r7), (9, r9)):
            for key in ((resolution, cell, code or "", status), (resolution, cell, ALL, ALL)):
                totals[key] += 1
                s = sums.setdefault(key, [0.0, 0.0])
                s[0] += lat
                s[1] += lon
    with transaction.atomic():
        MapCell.objects.for_locality(locality).delete()
        MapCell.objects.bulk_create(
            [
                MapCell(
                    locality=locality,
                    resolution=key[0],
                    cell=key[1],
                    cell_lat=h3.cell_to_latlng(key[1])[0],
                    cell_lon=h3.cell_to_latlng(key[1])[1],
                    category_code=key[2],
                    status=key[3],
                    count=count,
                    lat_sum=sums[key][0],
                    lon_sum=sums[key][1],
                )
                for key, count in totals.items()
            ],
            batch_size=2000,
        )
    return len(totals)
