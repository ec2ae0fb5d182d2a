"""Readings in, from HTTP batches and MQTT: stored once, late and out-of-order arrivals
tolerated, impossible ones kept aside with the reason."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.models import Locality

from ..models import AlertRule, Reading, RejectedReading, Station
from . import alerts
from ._common import changed

# A device clock a little ahead is tolerated; more is a wrong clock (some gauges run 6 h fast).
FUTURE_TOLERANCE = timedelta(minutes=15)
BATCH_MAX = 5000


@dataclass
class IngestResult:
    stored: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "alerts": self.alerts,
        }


def _parse(item, stations: dict[str, Station], now: datetime) -> tuple[Station, datetime, float]:
    """Raise ValueError(reason) for a reading that cannot be trusted."""
    if not isinstance(item, dict):
        raise ValueError("malformed")
    station = stations.get(str(item.get("station", "")))
    if station is None:
        raise ValueError("unknown_station")
    raw_time, raw_value = item.get("observed_at"), item.get("value")
    if not isinstance(raw_time, str) or isinstance(raw_value, bool):
        raise ValueError("malformed")
    try:
        observed = parse_datetime(raw_time)
        value = float(raw_value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError("malformed") from None
    if observed is None or not math.isfinite(value):
        raise ValueError("malformed")
    if timezone.is_naive(observed):  # Thai devices send local time
        observed = timezone.make_aware(observed)
    if observed > now + FUTURE_TOLERANCE:
        raise ValueError("in_future")
    if not station.min_value <= value <= station.max_value:
        raise ValueError("out_of_range")
    return station, observed.replace(microsecond=0), value


def readings_reject(
    *, locality: Locality, station_code: str, source: str, payload: bytes
) -> IngestResult:
    """A message that is not JSON at all: kept aside as malformed, with what it said."""
    RejectedReading.objects.create(
        locality=locality,
        station_code=station_code[:100],
        source=source,
        reason="malformed",
        payload=payload[:2000].decode("utf-8", "replace"),
    )
    result = IngestResult()
    result.rejected.append({"index": 0, "station": station_code[:100], "reason": "malformed"})
    return result


def readings_ingest(*, locality: Locality, items: list, source: str) -> IngestResult:
    """Store a batch (each item ``{station, observed_at, value}``); returns what happened."""
    if not isinstance(items, list):
        raise ValidationFailed(_("Send the readings as a list."), code="malformed")
    if len(items) > BATCH_MAX:
        raise ValidationFailed(
            _("At most %(max)s readings per batch."),
            code="batch_too_large",
            params={"max": BATCH_MAX},
        )
    now = timezone.now()
    stations = {
        s.code: s
        for s in Station.objects.for_locality(locality).filter(
            code__in={str(i.get("station", "")) for i in items if isinstance(i, dict)}
        )
    }
    result = IngestResult()
    rejected: list[RejectedReading] = []
    good: dict[tuple[int, datetime], tuple[Station, float]] = {}
    for index, item in enumerate(items):
        try:
            station, observed, value = _parse(item, stations, now)
        except ValueError as exc:
            reason = str(exc)
            code = str(item.get("station", ""))[:100] if isinstance(item, dict) else ""
            result.rejected.append({"index": index, "station": code, "reason": reason})
            rejected.append(
                RejectedReading(
                    locality=locality,
                    station=stations.get(code),
                    station_code=code,
                    source=source,
                    reason=reason,
                    payload=json.dumps(item, ensure_ascii=False, default=str)[:2000],
                )
            )
            continue
        if (station.pk, observed) in good:
            result.duplicates += 1
        good[(station.pk, observed)] = (station, value)
    with transaction.atomic():
        if rejected:
            RejectedReading.objects.bulk_create(rejected)
        if good:
            fresh = _insert_new(locality, good, source)
            result.duplicates += len(good) - len(fresh)
            result.stored = len(fresh)
            _latest(locality, fresh, result)
            if fresh:
                changed(locality, "readings", stations=sorted({s.code for s, _ in fresh.values()}))
    return result


CHUNK = 1000


def _insert_new(locality: Locality, good: dict, source: str) -> dict:
    """Insert the readings; those already stored (a resend) are skipped by the unique index.
    ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` says in the same statement which rows are
    new (PostgreSQL, and SQLite 3.35+), instead of a lookup by time that PostgreSQL answers
    slowly on millions of rows."""
    table = Reading._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    keyed = {(pk, adapt(at)): (pk, at) for pk, at in good}
    now = adapt(timezone.now())
    items = list(keyed.items())
    inserted: set[tuple[int, object]] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            params: list[Any] = []
            for (pk, when), key in chunk:
                params += [locality.pk, pk, when, good[key][1], now, source]
            rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608
                "(locality_id, station_id, observed_at, value, received_at, source) "
                f"VALUES {rows} ON CONFLICT (locality_id, station_id, observed_at) DO NOTHING "
                "RETURNING station_id, observed_at",
                params,
            )
            inserted.update((pk, adapt(when)) for pk, when in cursor.fetchall())
    return {keyed[k]: good[keyed[k]] for k in inserted if k in keyed}


def _latest(locality: Locality, fresh: dict, result: IngestResult) -> None:
    """Move each station's latest value forward (never back) and check its alert rules.

    One conditional UPDATE per station decides (a concurrent batch with a newer reading wins);
    the rules of every station in the batch come in one query."""
    newest: dict[int, tuple[datetime, float, Station]] = {}
    for (pk, at), (station, value) in fresh.items():
        if pk not in newest or at > newest[pk][0]:
            newest[pk] = (at, value, station)
    stations = Station.objects.for_locality(locality)
    moved = []
    for at, value, station in newest.values():
        if station.last_at is not None and at <= station.last_at:
            continue  # a late reading fills history; the current level stays
        updated = (
            stations.filter(pk=station.pk)
            .filter(Q(last_at__isnull=True) | Q(last_at__lt=at))
            .update(last_value=value, last_at=at)
        )
        if updated:
            moved.append((station, station.last_value, value, at))
    if not moved:
        return
    rules: dict[int, list[AlertRule]] = {}
    for rule in AlertRule.objects.for_locality(locality).filter(
        station__in=[m[0] for m in moved], active=True, forecast=False
    ):
        rules.setdefault(rule.station_id, []).append(rule)
    for station, previous, value, at in moved:
        result.alerts += alerts.evaluate(
            station=station, previous=previous, value=value, at=at, rules=rules.get(station.pk, [])
        )
