"""The one straight-line distance every module uses (complaints' duplicates, EMS candidates,
the war room's nearest shelter, care's route planner)."""

from __future__ import annotations

import math

import pytest

from thongthin.core.geo import EARTH_RADIUS_M, degrees_around, distance_m


def test_a_degree_along_a_meridian_and_the_equator():
    degree = math.pi * EARTH_RADIUS_M / 180  # 111,195 m
    assert distance_m(0, 0, 1, 0) == pytest.approx(degree, abs=0.01)
    assert distance_m(0, 100, 0, 101) == pytest.approx(degree, abs=0.01)
    # A degree of longitude shrinks with the cosine of the latitude (small arcs).
    assert distance_m(60, 0, 60, 0.01) == pytest.approx(degree / 100 * 0.5, rel=1e-4)


def test_same_point_symmetry_and_antipodes():
    assert distance_m(8.43, 99.96, 8.43, 99.96) == 0
    a, b = (8.4304, 99.9631), (13.7563, 100.5018)  # Nakhon Si Thammarat, Bangkok
    assert distance_m(*a, *b) == pytest.approx(distance_m(*b, *a))
    assert 590_000 < distance_m(*a, *b) < 600_000
    assert distance_m(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M)


def _walk(lat: float, lon: float, bearing: float, metres: float) -> tuple[float, float]:
    """The point ``metres`` from (lat, lon) on ``bearing`` (degrees from north), on the sphere."""
    d, b = metres / EARTH_RADIUS_M, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)


@pytest.mark.parametrize("lat", [0.0, 6.5, 8.43, 20.4, 60.0, -45.0])
@pytest.mark.parametrize("radius", [50, 250, 1000])
def test_the_box_around_a_circle_holds_every_point_of_it(lat, radius):
    half_lat, half_lon = degrees_around(lat, radius)
    for bearing in range(0, 360, 5):
        p_lat, p_lon = _walk(lat, 100.0, bearing, radius * 0.999)
        assert distance_m(lat, 100.0, p_lat, p_lon) < radius
        assert abs(p_lat - lat) <= half_lat and abs(p_lon - 100.0) <= half_lon
    # ... and not much more: a point 5% beyond the radius due north or east lies outside.
    assert _walk(lat, 100.0, 0, radius * 1.05)[0] - lat > half_lat
    assert _walk(lat, 100.0, 90, radius * 1.05)[1] - 100.0 > half_lon
