"""Readings over HTTP: stored once, late and out-of-order arrivals, impossible ones kept aside."""

from __future__ import annotations

import pytest

from thongthin.core.services.apikeys import apikey_create
from thongthin.modules.warroom.levels import level_of
from thongthin.modules.warroom.models import Reading, RejectedReading, Station

from .conftest import at, when

pytestmark = pytest.mark.django_db


def test_a_batch_is_stored_once_even_when_resent(send, river):
    latest = at(10)
    batch = [
        {"station": "up", "observed_at": at(20), "value": 111.0},
        {"station": "up", "observed_at": latest, "value": 111.2},
    ]
    first = send(batch)
    assert first.status_code == 200 and first.json()["stored"] == 2
    again = send(batch)
    assert again.status_code == 200 and again.json() == {
        "stored": 0,
        "duplicates": 2,
        "rejected": [],
        "alerts": [],
    }
    assert river["up"].readings.count() == 2
    station = Station.objects.unscoped().get(pk=river["up"].pk)
    assert station.last_value == 111.2 and station.last_at == when(latest)


def test_a_late_reading_fills_history_without_moving_the_current_level(send, river):
    send([{"station": "mid", "observed_at": at(5), "value": 109.0}])
    late = send([{"station": "mid", "observed_at": at(60), "value": 111.9}])
    assert late.json()["stored"] == 1 and late.json()["alerts"] == []
    station = Station.objects.unscoped().get(pk=river["mid"].pk)
    assert station.last_value == 109.0
    assert station.readings.count() == 2


def test_impossible_readings_are_kept_aside_with_the_reason(send, river, locality):
    response = send(
        [
            {"station": "up", "observed_at": at(5), "value": 111.0},
            {"station": "up", "observed_at": at(-600), "value": 111.0},  # 10 hours ahead
            {"station": "up", "observed_at": at(4), "value": 999.0},  # outside the sensor's range
            {"station": "nope", "observed_at": at(4), "value": 111.0},
            {"station": "up", "observed_at": "yesterday", "value": 111.0},
            {"station": "up", "observed_at": at(3), "value": "NaN"},
            {"station": "up", "observed_at": at(3), "value": True},
            "not a reading",
        ]
    )
    assert response.status_code == 200
    reasons = [r["reason"] for r in response.json()["rejected"]]
    assert reasons == [
        "in_future",
        "out_of_range",
        "unknown_station",
        "malformed",
        "malformed",
        "malformed",
        "malformed",
    ]
    kept = RejectedReading.objects.for_locality(locality)
    assert kept.count() == 7 and kept.filter(reason="out_of_range", station=river["up"]).exists()
    assert river["up"].readings.count() == 1


def test_a_batch_with_nothing_usable_is_refused_but_kept(send, river, locality):
    response = send([{"station": "up", "observed_at": at(1), "value": 5000}])
    assert response.status_code == 422 and response.json()["code"] == "readings_rejected"
    assert RejectedReading.objects.for_locality(locality).count() == 1
    too_many = send([{"station": "up", "observed_at": at(1), "value": 1}] * 5001)
    assert too_many.status_code == 422 and too_many.json()["code"] == "batch_too_large"


def test_devices_need_their_locality_key(client, send, river, other_locality):
    import json

    anonymous = client.post(
        "/api/v1/warroom/readings", json.dumps({"readings": []}), content_type="application/json"
    )
    assert anonymous.status_code == 401
    _, other = apikey_create(locality=other_locality, name="theirs")
    response = send([{"station": "up", "observed_at": at(1), "value": 111.0}], key=other)
    assert (
        response.status_code == 422
        and response.json()["detail"]["rejected"][0]["reason"] == "unknown_station"
    )
    assert not Reading.objects.unscoped().exists()


@pytest.mark.parametrize(
    ("value", "band", "state"),
    [
        (106.3, "critical_low", "normal"),
        (107.0, "low", "normal"),
        (108.0, "normal", "normal"),
        (109.0, "high", "warning"),
        (109.6, "high", "critical"),
        (110.5, "overflow", "critical"),
    ],
)
def test_levels_as_share_of_bank_capacity(river, value, band, state):
    town = river["town"]  # ground 106, bank 110: 4 m of channel
    level = level_of(town, value)
    assert level.band == band and level.state == state
    assert level.percent == pytest.approx((value - 106) / 4 * 100)
