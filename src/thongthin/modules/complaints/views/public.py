"""Public map, statistics and open data (CSV in Traffy's layout, GeoJSON)."""

from __future__ import annotations

import csv
import json

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import render

from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.workflow import get_case_kind

from .. import selectors
from ._common import _categories

# -- public map, statistics, open data ---------------------------------------------------------


@not_found_as_404
def public_map(request, slug: str):
    locality = access_locality(slug)
    workflow = get_case_kind("complaint").workflow
    return render(
        request,
        "complaints/portal/map.html",
        {"locality": locality, "categories": _categories(locality), "states": workflow.states},
    )


@not_found_as_404
def stats(request, slug: str):
    locality = access_locality(slug)
    figures = selectors.complaint_stats(locality)
    top = max((n for _, _, n in figures.by_category), default=0) or 1
    months_top = max((n for _, n in figures.by_month), default=0) or 1
    return render(
        request,
        "complaints/portal/stats.html",
        {"locality": locality, "s": figures, "top": top, "months_top": months_top},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@not_found_as_404
def export_csv(request, slug: str):
    locality = access_locality(slug)
    writer = csv.DictWriter(_Echo(), fieldnames=selectors.EXPORT_COLUMNS)
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]

    def rows():
        yield "\ufeff" + writer.writeheader()  # a BOM, as Traffy's files have, for Excel
        for row in selectors.export_rows(locality, base):
            yield writer.writerow(row)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-complaints.csv"'
    return response


@not_found_as_404
def export_geojson(request, slug: str):
    locality = access_locality(slug)
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]

    def chunks():
        yield '{"type":"FeatureCollection","features":['
        first = True
        for row in selectors.export_rows(locality, base):
            if not row["coords"]:
                continue
            lon, lat = (float(v) for v in row["coords"].split(","))
            properties = {k: v for k, v in row.items() if k != "coords"}
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False, default=str)
            first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-complaints.geojson"'
    return response
