"""Seed the war-room bench database (100 stations, a year of 10-minute readings) and time, in one
process: the chart query for one station over a year; the time from a crossing reading to its
alert being ready; MQTT ingestion through a real broker. Run by bench/warroom.py; prints JSON."""

from __future__ import annotations

import json
import os
import statistics
import sys

import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 2)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from thongthin.core.services.apikeys import apikey_create
    from thongthin.core.testing import make_locality, make_staff
    from thongthin.modules.warroom import situation
    from thongthin.modules.warroom.models import Alert, Reading, Station
    from thongthin.modules.warroom.services import alerts
    from thongthin.modules.warroom.services.readings import readings_ingest

    days = int(os.environ.get("BENCH_DAYS", "365"))
    call_command("migrate", verbosity=0)
    locality = make_locality("benchwar", center_lat=15.2446, center_lon=105.229)
    officer = make_staff(locality, "officer")
    _, key = apikey_create(locality=locality, name="bench")
    stations = Station.objects.bulk_create([
        Station(locality=locality, code=f"s{i:03d}", name=f"Station {i}", kind="water_level",
                lat=15.0 + i * 0.005, lon=105.0, river="bench", river_order=i, ground_level=100,
                bank_level=110, warning_level=108, critical_level=109, min_value=90, max_value=130)
        for i in range(100)
    ])  # fmt: skip
    end = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1)
    start = end - timedelta(days=days)
    steps = int((end - start) / timedelta(minutes=10))
    seeded = time.monotonic()
    for station in stations:
        rows = [
            Reading(locality=locality, station=station, observed_at=start + timedelta(minutes=10 * k),
                    value=104 + (k % 144) / 100, source="import")
            for k in range(steps)
        ]  # fmt: skip
        Reading.objects.bulk_create(rows, batch_size=5000)
    seed_seconds = round(time.monotonic() - seeded)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE warroom_reading")

    # Chart: one station, a year (daily buckets) and a week (hourly), 30 times each.
    chart = {}
    for label, span in (("year", days), ("week", 7)):
        samples = []
        for i in range(30):
            station = stations[i * 3 % 100]
            started = time.perf_counter()
            data = situation.chart(station, days=span, until=end)
            samples.append((time.perf_counter() - started) * 1000)
            assert data["points"]
        chart[label] = {"p50_ms": round(statistics.median(samples), 1), "p95_ms": pct(samples, 0.95),
                        "points": len(data["points"])}  # fmt: skip

    # Crossing -> alert ready (in the ingestion call that brings the reading), 30 times.
    target = stations[0]
    alerts.rule_save(locality=locality, actor=officer, station=target, threshold="warning",
                     severity="Moderate", area_desc="bench", circle="15.0,105.0 2")  # fmt: skip
    crossing = []
    now = timezone.now()
    for i in range(30):
        low = (now - timedelta(minutes=60 - 2 * i)).isoformat()
        high = (now - timedelta(minutes=59 - 2 * i)).isoformat()
        readings_ingest(locality=locality, items=[{"station": target.code, "observed_at": low, "value": 105.0}], source="bench")
        started = time.perf_counter()
        result = readings_ingest(locality=locality, items=[{"station": target.code, "observed_at": high, "value": 108.4}], source="bench")
        crossing.append((time.perf_counter() - started) * 1000)
        assert len(result.alerts) == 1
        Alert.objects.for_locality(locality).filter(identifier=result.alerts[0]).update(status="discarded", ended_at=now)
    crossing_ms = {"p50_ms": round(statistics.median(crossing), 1), "p95_ms": pct(crossing, 0.95), "max_ms": round(max(crossing), 1)}  # fmt: skip

    mqtt = _mqtt(locality, stations, now)
    print(json.dumps({"seed_seconds": seed_seconds, "readings": Reading.objects.unscoped().count(), "chart": chart,
                      "crossing_to_alert": crossing_ms, "mqtt": mqtt, "api_key": key}))  # fmt: skip


def _mqtt(locality, stations, now) -> dict:
    """Publish 2,000 messages of 10 readings (QoS 1) and time until all are stored."""
    import paho.mqtt.client as mqtt

    from thongthin.modules.warroom.models import Reading
    from thongthin.modules.warroom.mqtt import Subscriber

    port = int(os.environ.get("BENCH_MQTT_PORT", "1883"))
    subscriber = Subscriber(f"mqtt://127.0.0.1:{port}", client_id=f"bench-{os.getpid()}").start()
    while not subscriber.client.is_connected():
        time.sleep(0.05)
    time.sleep(0.5)
    before = Reading.objects.unscoped().count()
    messages, per = 2000, 10
    publisher = mqtt.Client(callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{os.getpid()}")
    publisher.max_inflight_messages_set(200)
    publisher.connect("127.0.0.1", port)
    publisher.loop_start()
    started = time.perf_counter()
    for m in range(messages):
        station = stations[m % 100]
        base = now - timedelta(days=1, minutes=m)
        body = [{"observed_at": (base - timedelta(seconds=s)).isoformat(), "value": 105.0} for s in range(per)]
        publisher.publish(f"thongthin/{locality.slug}/stations/{station.code}/readings", json.dumps(body), qos=1)
        # Mosquitto keeps at most 1,000 queued messages per subscriber by default
        # (max_queued_messages) and drops the rest: keep the backlog under that.
        while m - subscriber.handled > 500:
            time.sleep(0.01)
    deadline = time.monotonic() + 600
    while subscriber.handled < messages and time.monotonic() < deadline:
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    stored = Reading.objects.unscoped().count() - before
    publisher.disconnect()
    publisher.loop_stop()
    subscriber.stop()
    return {"messages": messages, "readings": stored, "seconds": round(seconds, 1),
            "readings_per_second": round(stored / seconds), "messages_per_second": round(messages / seconds)}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
