"""Public map, statistics and open data (CSV in Traffy's layout, GeoJSON)."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from thongthin.core.downloads import file_download
from thongthin.core.errors import RateLimited
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.workflow import get_case_kind

from .. import exports, selectors
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


OPEN_DATA_RATE = "30/600"  # downloads per address in ten minutes


def _download(
    request, slug: str, fmt: str, content_type: str
) -> HttpResponse | StreamingHttpResponse:
    locality = access_locality(slug)
    try:
        rate_limit_check(scope="open-data", ident=client_ip(request) or "-", rate=OPEN_DATA_RATE)
    except RateLimited as exc:
        # A download link: the refusal in plain words, in the reader's language.
        refused = HttpResponse(str(exc.message), status=429, content_type="text/plain")
        refused["Retry-After"] = str(exc.detail.get("window_seconds", 600))
        return refused
    path = exports.export_file(locality, fmt)
    return file_download(
        request,
        open(path, "rb"),  # noqa: SIM115 - closed once sent
        content_type=content_type,
        filename=f"{slug}-complaints.{fmt}",
        as_attachment=True,
    )


@not_found_as_404
def export_csv(request, slug: str):
    return _download(request, slug, "csv", "text/csv; charset=utf-8")


@not_found_as_404
def export_geojson(request, slug: str):
    return _download(request, slug, "geojson", "application/geo+json; charset=utf-8")
