"""The one straight-line distance every module uses (complaints' duplicates, EMS candidates,
the war room's nearest shelter, care's route planner)."""

from __future__ import annotations

import math

import pytest

from thongthin.core.geo import EARTH_RADIUS_M, distance_m


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
