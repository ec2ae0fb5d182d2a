"""Public complaint reads: the list, the clustered map, statistics and open-data rows.

They return plain values without any personal data: no reporter, no contact, no internal
notes. Photos are served through the core's access-checked file view (EXIF removed).
"""

from __future__ import annotations

import dataclasses
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import h3
from django.core.cache import cache
from django.db.models import Avg, Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.i18n import for_records, localized
from thongthin.core.models import Case, Locality
from thongthin.core.workflow import get_case_kind

from ..models import Category, Complaint, MapCell
from ..module import MODULE
from ..services import ALL
from ..workflow import OPEN_STATES

LIST_MAX = 100
POINTS_MAX = 500  # more than this in view: clusters of the finest cells instead
# Traffy's central status names, for the open-data CSV.
TRAFFY_STATE = {
    "received": "รอรับเรื่อง",
    "accepted": "กำลังดำเนินการ",
    "in_progress": "กำลังดำเนินการ",
    "reopened": "กำลังดำเนินการ",
    "resolved": "เสร็จสิ้น",
    "forwarded": "ส่งต่อ(ใหม่)",
}


BBOX_INVALID = _("bbox is west,south,east,north in degrees.")


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """ "west,south,east,north" in degrees."""
    if not bbox:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError:
        raise ValidationFailed(BBOX_INVALID, code="bbox_invalid") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValidationFailed(BBOX_INVALID, code="bbox_invalid")
    return west, south, east, north


def _csv(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _check_statuses(statuses: list[str]) -> None:
    known = {s.code for s in get_case_kind("complaint").workflow.states}
    unknown = set(statuses) - known - {"open", "closed"}
    if unknown:
        raise ValidationFailed(
            _("Unknown status %(statuses)s."),
            code="unknown_status",
            params={"statuses": sorted(unknown)},
        )


def _expand_statuses(statuses: list[str]) -> list[str]:
    closed = [s.code for s in get_case_kind("complaint").workflow.states if s.closed]
    result: list[str] = []
    for s in statuses:
        result += list(OPEN_STATES) if s == "open" else closed if s == "closed" else [s]
    return result


def public_list(
    *,
    locality: Locality,
    status: str | None = None,
    category: str | None = None,
    before: int | None = None,
    limit: int = 20,
) -> tuple[list[dict], int | None]:
    """Newest first, keyset-paginated on the case id (``before``), public fields only."""
    statuses = _csv(status)
    _check_statuses(statuses)
    limit = max(1, min(limit, LIST_MAX))
    cases = Case.objects.for_locality(locality).filter(kind="complaint")
    if statuses:
        cases = cases.filter(status__in=_expand_statuses(statuses))
    if category:
        cases = cases.filter(category__in=_csv(category))
    if before:
        cases = cases.filter(id__lt=before)
    rows = list(
        cases.order_by("-id").values(
            "id", "number", "title", "status", "category", "lat", "lon", "created_at",
            "closed_at",
        )[: limit + 1]
    )  # fmt: skip
    more = len(rows) > limit
    rows = rows[:limit]
    workflow = get_case_kind("complaint").workflow
    for row in rows:
        row["status_label"] = str(workflow.state(row["status"]).label)
    return rows, (rows[-1]["id"] if more else None)


def _zoom_resolution(zoom: int) -> int | None:
    if zoom <= 10:
        return 5
    if zoom <= 13:
        return 7
    if zoom <= 15:
        return 9
    return None  # single points


def map_features(
    *,
    locality: Locality,
    zoom: int,
    bbox: tuple[float, float, float, float] | None,
    status: str | None = None,
    category: str | None = None,
) -> dict:
    """GeoJSON for the public map: clusters (count, centroid) read from the maintained
    :class:`MapCell` counts, or single points when zoomed in far enough."""
    statuses = _csv(status)
    _check_statuses(statuses)
    categories = _csv(category)
    resolution = _zoom_resolution(zoom)
    if resolution is None:
        points = _points(locality, bbox, _expand_statuses(statuses), categories)
        if points is not None:
            return points
        resolution = 9
    expanded = tuple(sorted(_expand_statuses(statuses)))
    rows = _cluster_rows(locality.pk, resolution, expanded, tuple(sorted(categories)), bbox)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"cluster": True, "count": count, "cell": cell},
        }
        for cell, lat, lon, count, _, _ in rows
    ]
    return {"type": "FeatureCollection", "resolution": resolution, "features": features}


PAD = {5: 0.1, 7: 0.015, 9: 0.002}  # a cell's size, so clusters just outside still show


def _cluster_rows(locality_id, resolution, statuses, categories, bbox) -> list:
    """(cell, lat, lon, count, cell_lat, cell_lon) of the clusters in view."""
    if resolution == 9:
        # Fine cells: aggregate only the view's cells, through the (resolution, centre) index.
        return _aggregate(locality_id, resolution, statuses, categories, bbox)
    rows = _clusters(locality_id, resolution, statuses, categories)
    if bbox is None:
        return rows
    west, south, east, north = bbox
    pad = PAD[resolution]
    return [
        r for r in rows if south - pad <= r[4] <= north + pad and west - pad <= r[5] <= east + pad
    ]


def _aggregate(locality_id, resolution, statuses, categories, bbox) -> list:
    cells = MapCell.objects.for_locality(locality_id).filter(resolution=resolution, count__gt=0)
    if bbox is not None:
        west, south, east, north = bbox
        pad = PAD[resolution]
        cells = cells.filter(
            cell_lat__gte=south - pad,
            cell_lat__lte=north + pad,
            cell_lon__gte=west - pad,
            cell_lon__lte=east + pad,
        )
    if statuses:
        cells = cells.filter(status__in=statuses)
    if categories:
        cells = cells.filter(category_code__in=categories)
    if not statuses and not categories:
        cells = cells.filter(category_code=ALL, status=ALL)  # one total row per cell
    else:
        cells = cells.exclude(category_code=ALL)
    rows = []
    for cell, n, lat_sum, lon_sum, cell_lat, cell_lon in (
        cells.values("cell")
        .annotate(n=Sum("count"), la=Sum("lat_sum"), lo=Sum("lon_sum"))
        .values_list("cell", "n", "la", "lo", "cell_lat", "cell_lon")
    ):
        if n:
            rows.append((cell, round(lat_sum / n, 6), round(lon_sum / n, 6), n, cell_lat, cell_lon))
    return rows


# Per process: (locality, resolution, statuses, categories) -> (expires, clusters). A whole
# locality's coarse clusters are a few hundred rows; each bbox is cut from them in Python. When
# they expire, one thread recounts while the others keep serving the previous ones.
_CLUSTERS: dict[tuple, tuple[float, list]] = {}
_REFRESHING: dict[tuple, threading.Lock] = {}


def _clusters(locality_id: int, resolution: int, statuses: tuple, categories: tuple) -> list:

    key = (locality_id, resolution, statuses, categories)
    cached = _CLUSTERS.get(key)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]
    lock = _REFRESHING.setdefault(key, threading.Lock())
    if cached is not None and not lock.acquire(blocking=False):
        return cached[1]  # someone is already recounting: serve the previous counts
    if cached is None:
        lock.acquire()
        cached = _CLUSTERS.get(key)
        if cached is not None and cached[0] > time.monotonic():
            lock.release()
            return cached[1]
    try:
        rows = _aggregate(locality_id, resolution, statuses, categories, None)
        if len(_CLUSTERS) > 500:
            _CLUSTERS.clear()
        ttl = float(MODULE.setting("MAP_CACHE_SECONDS"))
        _CLUSTERS[key] = (time.monotonic() + ttl, rows)
        return rows
    finally:
        lock.release()


# Degrees (~11 km): a phone's screen zoomed in past 15 shows about a tenth of that.
POINTS_SIDE_MAX = 0.1


def _points(locality, bbox, statuses, categories) -> dict | None:
    """Single points in a small bbox, or None when there are too many to draw one by one."""
    if bbox is None:
        raise ValidationFailed(_("Zoomed in this far the map needs a bbox."), code="bbox_required")
    west, south, east, north = bbox
    # Each side, not only the area: a sliver a few metres wide and a continent tall has a tiny
    # area and would have the server list millions of cells.
    if east - west > POINTS_SIDE_MAX or north - south > POINTS_SIDE_MAX:
        raise ValidationFailed(_("The bbox is too large for single points."), code="bbox_too_large")
    polygon = h3.LatLngPoly([(south, west), (south, east), (north, east), (north, west)])
    from django.conf import settings

    cells = list(h3.h3shape_to_cells(polygon, settings.THONGTHIN["H3_RESOLUTION"]))
    cells.append(h3.latlng_to_cell((south + north) / 2, (west + east) / 2, 9))
    cases = Case.objects.for_locality(locality).filter(kind="complaint", h3_cell__in=cells)
    if statuses:
        cases = cases.filter(status__in=statuses)
    if categories:
        cases = cases.filter(category__in=categories)
    workflow = get_case_kind("complaint").workflow
    features = []
    if len(cases.values_list("id", flat=True)[: POINTS_MAX + 1]) > POINTS_MAX:
        return None
    rows = cases.values("number", "title", "status", "category", "lat", "lon")
    for row in rows:
        if not (south <= row["lat"] <= north and west <= row["lon"] <= east):
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    "cluster": False,
                    "number": row["number"],
                    "title": row["title"],
                    "status": row["status"],
                    "status_label": str(workflow.state(row["status"]).label),
                    "category": row["category"],
                    "url": f"/{locality.slug}/complaints/{row['number']}/",
                },
            }
        )
    return {"type": "FeatureCollection", "resolution": 9, "features": features}


@dataclass
class Stats:
    total: int
    by_status: list[tuple[str, Any, int]]  # (code, label, count)
    by_category: list[tuple[str, Any, int]]  # (code, name in the reader's language, count)
    by_month: list[tuple[str, int]]
    median_hours_to_resolve: float | None
    resolved_within_window: float | None
    average_rating: float | None
    ratings: int
    reopened: int


def complaint_stats(locality: Locality) -> Stats:
    """Figures for the public statistics page; cached for five minutes per locality (the
    category names are put in afterwards, in the reader's language)."""
    key = f"complaints:stats:{locality.pk}"
    result = cache.get(key)
    if result is None:
        result = _stats(locality)
        cache.set(key, result, 300)
    names = {c.code: localized(c, "name") for c in Category.objects.for_locality(locality)}
    return dataclasses.replace(
        result,
        by_category=[
            (code, names.get(code) or _("Unclassified"), n) for code, _name, n in result.by_category
        ],
    )


def _stats(locality: Locality) -> Stats:
    cases = Case.objects.for_locality(locality).filter(kind="complaint")
    workflow = get_case_kind("complaint").workflow
    by_status_raw = dict(cases.values_list("status").annotate(n=Count("id")).order_by())
    by_status = [(s.code, s.label, by_status_raw.get(s.code, 0)) for s in workflow.states]
    by_category = sorted(
        (
            (code or "", "", n)
            for code, n in cases.values_list("category").annotate(n=Count("id")).order_by()
        ),
        key=lambda r: -r[2],
    )
    by_month = [
        (month.strftime("%Y-%m"), n)
        for month, n in cases.annotate(m=TruncMonth("created_at"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by("m")
        if month is not None
    ]
    resolved = cases.filter(status="resolved", closed_at__isnull=False)
    durations: list[float] = []
    on_time = 0
    # One pass over the resolved cases for both the median and the share within the window.
    for created, closed, due in resolved.values_list(
        "created_at", "closed_at", "sla_due_at"
    ).iterator(chunk_size=5000):
        durations.append((closed - created).total_seconds() / 3600)
        on_time += due is None or closed <= due
    ratings = Complaint.objects.for_locality(locality).filter(rating__isnull=False)
    rating = ratings.aggregate(avg=Avg("rating"), n=Count("id"))
    result = Stats(
        total=sum(by_status_raw.values()),
        by_status=by_status,
        by_category=by_category,
        by_month=by_month,
        median_hours_to_resolve=round(statistics.median(durations), 1) if durations else None,
        resolved_within_window=round(on_time / len(durations), 3) if durations else None,
        average_rating=round(rating["avg"], 2) if rating["avg"] is not None else None,
        ratings=rating["n"],
        reopened=Complaint.objects.for_locality(locality).filter(reopen_count__gt=0).count(),
    )
    return result


EXPORT_COLUMNS = (
    "ticket_id", "type", "organization", "comment", "coords", "photo", "photo_after", "address",
    "subdistrict", "district", "province", "timestamp", "state", "star", "count_reopen",
    "last_activity",
)  # fmt: skip


def export_rows(locality: Locality, base_url: str):
    """Open-data rows in Traffy's CSV column layout, without any personal data."""
    from thongthin.core.models import Attachment

    workflow = get_case_kind("complaint").workflow
    complaints = (
        Complaint.objects.for_locality(locality)
        .select_related("case", "case__subdistrict__district__province", "case__department")
        .order_by("case_id")
    )
    last = 0
    while True:
        # Keyset paging (after the last case read), not OFFSET: each page costs the same.
        chunk = list(complaints.filter(case_id__gt=last)[:2000])
        if not chunk:
            return
        last = chunk[-1].case_id
        photos: dict[int, list[tuple[bool, str]]] = defaultdict(list)
        for case_id, pk, sha, by_staff in (
            Attachment.objects.for_locality(locality)
            .filter(case_id__in=[c.case_id for c in chunk], public=True)
            .order_by("id")
            .values_list("case_id", "pk", "sha256", "uploaded_by")
        ):
            photos[case_id].append(
                (by_staff is not None, f"{base_url}/files/{pk}-{sha[:16]}/file/")
            )
        for complaint in chunk:
            case = complaint.case
            sub = case.subdistrict
            before = [url for staff, url in photos[case.pk] if not staff]
            after = [url for staff, url in photos[case.pk] if staff]
            yield {
                "ticket_id": complaint.external_id or case.number,
                "type": "{" + (complaint.labels or "") + "}",
                "organization": complaint.forwarded_to
                or (case.department.name_th if case.department_id else locality.name_th),
                "comment": case.description,
                "coords": f"{case.lon},{case.lat}" if case.lat is not None else "",
                "photo": before[0] if before else complaint.media_url,
                "photo_after": after[0] if after else "",
                "address": case.address,
                "subdistrict": sub.name_th if sub else "",
                "district": sub.district.name_th if sub else "",
                "province": sub.district.province.name_th if sub else "",
                "timestamp": case.created_at.isoformat(),
                "state": TRAFFY_STATE.get(case.status)
                or for_records(workflow.state(case.status).label),
                "star": complaint.rating or "",
                "count_reopen": complaint.reopen_count,
                "last_activity": case.updated_at.isoformat(),
            }


def categories(*, locality: Locality) -> QuerySet[Category]:
    """The locality's complaint categories citizens may choose (public)."""
    return Category.objects.for_locality(locality).filter(active=True).select_related("department")
