"""EMS test helpers: dispatchers, responders, units placed at known distances."""

from __future__ import annotations

import math

import pytest

from thongthin.core.testing import make_staff
from thongthin.modules.ems import services
from thongthin.modules.ems.models import Unit

# The incident site used across the tests (inside the test locality).
LAT, LON = 8.4300, 99.9600


def point_at(km_north: float, km_east: float) -> tuple[float, float]:
    """A point this many km from the incident site (flat-earth offset, fine at a few km)."""
    lat = LAT + km_north / 111.32
    lon = LON + km_east / (111.32 * math.cos(math.radians(LAT)))
    return lat, lon


def make_unit(locality, code: str, level: str, km_north: float = 0.0, km_east: float = 0.0,
              status: str = "available", crew=()) -> Unit:  # fmt: skip
    from django.utils import timezone

    lat, lon = point_at(km_north, km_east)
    unit = Unit.objects.create(
        locality=locality, code=code, name=code.upper(), level=level, base_lat=lat, base_lon=lon,
        lat=lat, lon=lon, position_at=timezone.now(), status=status,
    )  # fmt: skip
    unit.crew.add(*crew)
    return unit


@pytest.fixture
def dispatcher(locality):
    return make_staff(locality, "dispatcher")


@pytest.fixture
def responder(locality):
    return make_staff(locality, "responder")


@pytest.fixture
def call(locality, dispatcher):
    """Take a red cardiac-arrest call at the incident site."""

    def take(**extra):
        values = {"symptom_group": 6, "colour": "red", "criterion": 1, "lat": LAT, "lon": LON,
                  "caller_phone": "0812345678"}  # fmt: skip
        values.update(extra)
        return services.incident_create(locality=locality, actor=dispatcher, **values)

    return take
