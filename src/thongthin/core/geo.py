"""Geometry every module shares: the straight-line distance between two points on the earth,
and plane tests on GeoJSON shapes (a locality's boundary, a warning area)."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle metres between two points given in degrees (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def degrees_around(lat: float, radius_m: float) -> tuple[float, float]:
    """Half the height and width, in degrees, of a box that holds every point within
    ``radius_m`` of a point at ``lat`` (with a 1% margin; a pole's width is the whole circle)."""
    half_lat = radius_m * 1.01 / (EARTH_RADIUS_M * math.pi / 180)
    cos = math.cos(math.radians(min(89.9, abs(lat) + half_lat)))
    return half_lat, min(180.0, half_lat / cos)


def _in_ring(lat: float, lon: float, ring: list) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = float(ring[i][0]), float(ring[i][1])
        xj, yj = float(ring[j][0]), float(ring[j][1])
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_geojson(geojson: dict, lat: float, lon: float) -> bool:
    """Even-odd test against a GeoJSON Polygon/MultiPolygon (or a Feature holding one)."""
    geometry = geojson.get("geometry") or geojson
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for rings in polygons:
        if (
            rings
            and _in_ring(lat, lon, rings[0])
            and not any(_in_ring(lat, lon, hole) for hole in rings[1:])
        ):
            return True
    return False
