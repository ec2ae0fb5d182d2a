"""War-room test helpers: a river with three water-level stations and a device key."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from thongthin.core.services.apikeys import apikey_create
from thongthin.modules.warroom.models import Station

# Along the Mun, upstream first (river_order), levels in m MSL.
RIVER = [
    ("up", "สถานีต้นน้ำ", 15.30, 105.10, 10, 110.0, 114.0, 112.5, 113.5),
    ("mid", "สถานีกลางน้ำ", 15.27, 105.18, 20, 108.0, 112.0, 110.5, 111.5),
    ("town", "สถานีในเมือง", 15.245, 105.229, 30, 106.0, 110.0, 108.5, 109.5),
]


def make_river(locality) -> dict[str, Station]:
    stations = {}
    for code, name, lat, lon, order, ground, bank, warning, critical in RIVER:
        stations[code] = Station.objects.create(
            locality=locality,
            code=code,
            name=name,
            kind="water_level",
            lat=lat,
            lon=lon,
            river="มูล",
            river_order=order,
            ground_level=ground,
            bank_level=bank,
            warning_level=warning,
            critical_level=critical,
            min_value=90,
            max_value=130,
        )
    return stations


def at(minutes_ago: float) -> str:
    return (timezone.now() - timedelta(minutes=minutes_ago)).replace(microsecond=0).isoformat()


@pytest.fixture
def river(locality):
    return make_river(locality)


@pytest.fixture
def device_key(locality):
    _, secret = apikey_create(locality=locality, name="gauges")
    return secret


@pytest.fixture
def send(client, device_key):
    def post(readings, key=None):
        return client.post(
            "/api/v1/warroom/readings",
            json.dumps({"readings": readings}),
            content_type="application/json",
            headers={"X-API-Key": key or device_key},
        )

    return post


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)
