"""The warned areas CAP describes: circles ("lat,lon radius_km") and polygons ("lat,lon ..."
with at least four pairs, the first repeated last). Latitude first, WGS 84, as CAP 1.2 writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.geo import distance_m
from thongthin.core.thai import validate_point


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return distance_m(lat1, lon1, lat2, lon2) / 1000


def _pair(text: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValidationFailed(
            _("'%(text)s' is not a 'lat,lon' pair."),
            code="area_invalid",
            params={"text": text},
        ) from None
    validate_point(lat, lon)
    return lat, lon


def parse_circle(text: str) -> tuple[float, float, float] | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        centre, radius_text = text.split()
        radius = float(radius_text)
    except ValueError:
        raise ValidationFailed(
            _("A circle is 'lat,lon radius_km'."),
            code="area_invalid",
        ) from None
    if not 0 < radius <= 500:
        raise ValidationFailed(_("The radius must be 0-500 km."), code="area_invalid")
    lat, lon = _pair(centre)
    return lat, lon, radius


def parse_polygon(text: str) -> list[tuple[float, float]] | None:
    text = (text or "").strip()
    if not text:
        return None
    points = [_pair(item) for item in text.split()]
    if len(points) < 4 or points[0] != points[-1]:
        raise ValidationFailed(
            _("A polygon needs at least four points, the first repeated last."),
            code="area_invalid",
        )
    return points


def in_polygon(lat: float, lon: float, points: list[tuple[float, float]]) -> bool:
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:], strict=False):
        if (lon1 > lon) != (lon2 > lon):
            crossing = lat1 + (lon - lon1) * (lat2 - lat1) / (lon2 - lon1)
            if lat < crossing:
                inside = not inside
    return inside


def in_area(lat: float, lon: float, *, circle: str = "", polygon: str = "") -> bool:
    shape = parse_circle(circle)
    if shape is not None and distance_km(lat, lon, shape[0], shape[1]) <= shape[2]:
        return True
    points = parse_polygon(polygon)
    return points is not None and in_polygon(lat, lon, points)
