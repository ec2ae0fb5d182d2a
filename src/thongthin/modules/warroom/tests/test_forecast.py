"""Travel times learned from past rises, and the arrival estimate shown in the war room."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.modules.warroom import forecast
from thongthin.modules.warroom.models import Reading, TravelTime

pytestmark = pytest.mark.django_db


def _flood(station, start, lag_hours: int, base: float, days: int = 30) -> None:
    """Hourly levels with three flood waves (and a daily ripple), shifted by ``lag_hours``."""
    rows = []
    for hour in range(days * 24):
        t = start + timedelta(hours=hour)
        h = hour - lag_hours
        level = base + 0.05 * math.sin(h / 24 * 2 * math.pi)
        for peak in (100, 300, 520):
            level += 2.5 * math.exp(-(((h - peak) / 18) ** 2))
        rows.append(
            Reading(
                locality_id=station.locality_id,
                station=station,
                observed_at=t,
                value=round(level, 3),
                source="import",
            )
        )
    Reading.objects.bulk_create(rows)


def test_travel_time_is_learned_from_past_rises(river):
    start = (timezone.now() - timedelta(days=31)).replace(minute=0, second=0, microsecond=0)
    _flood(river["up"], start, 0, 111.0)
    _flood(river["town"], start, 30, 107.0)
    travel = forecast.learn(river["up"], river["town"])
    assert travel is not None and travel.hours == 30 and travel.correlation > 0.9


def test_no_travel_time_from_unrelated_series(river):
    start = (timezone.now() - timedelta(days=31)).replace(minute=0, second=0, microsecond=0)
    _flood(river["up"], start, 0, 111.0)
    Reading.objects.bulk_create(
        [
            Reading(
                locality_id=river["mid"].locality_id,
                station=river["mid"],
                observed_at=start + timedelta(hours=h),
                value=109.0,
                source="import",
            )
            for h in range(30 * 24)
        ]
    )  # a flat line matches nothing
    assert forecast.learn(river["up"], river["mid"]) is None
    assert not TravelTime.objects.unscoped().exists()


def test_arrival_estimate_for_a_rising_upstream_station(river, locality, settings):
    settings.THONGTHIN_MODULES = {"warroom": {"TRAVEL_HOURS": 24.0}}
    TravelTime.objects.create(
        locality=locality, upstream=river["up"], downstream=river["mid"], hours=20
    )
    TravelTime.objects.create(
        locality=locality, upstream=river["mid"], downstream=river["town"], hours=40
    )
    now = timezone.now()
    river["up"].readings.create(
        locality=locality, observed_at=now - timedelta(hours=7), value=111.0, source="http"
    )
    river["up"].readings.create(
        locality=locality, observed_at=now - timedelta(hours=1), value=111.6, source="http"
    )
    estimates = {e["downstream"]: e for e in forecast.arrival_estimates(locality)}
    assert estimates["mid"]["hours"] == pytest.approx(19, abs=0.1)
    assert estimates["town"]["hours"] == pytest.approx(59, abs=0.1)
    assert estimates["town"]["text"] == "น้ำจะมาถึงสถานีในเมือง ในประมาณ 2 วัน"
    assert estimates["mid"]["text"] == "น้ำจะมาถึงสถานีกลางน้ำ ในประมาณ 19 ชั่วโมง"
    assert estimates["town"]["learned"]
