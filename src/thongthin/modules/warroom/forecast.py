"""When will the water get here? Travel times between stations on a river, learned from past
rises, and the arrival estimate the war room shows ("water expected in about N hours at X").

Learning: both stations' hourly levels over the past weeks, differenced (so a rise is a
positive step); the lag, up to ten days, at which upstream steps best match downstream steps
(Pearson correlation) is the travel time, if the match is good enough. Otherwise the
configured default (the ``TRAVEL_HOURS`` setting) stands.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db.models import Avg
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.i18n import Message
from thongthin.core.models import Locality

from .models import Reading, Station, StationKind, TravelTime
from .module import MODULE

MAX_LAG_HOURS = 240
MIN_CORRELATION = 0.5
# A station counts as rising when it went up this much (m) in the last six hours.
RISE_METRES = 0.3


def _hourly(station: Station, since: datetime) -> dict[datetime, float]:
    rows = (
        Reading.objects.for_locality(station.locality_id)
        .filter(station=station, observed_at__gte=since)
        .annotate(hour=TruncHour("observed_at"))
        .values("hour")
        .annotate(level=Avg("value"))
        .values_list("hour", "level")
    )
    return dict(rows)


def _correlation(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 24:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else 0.0


def learn(upstream: Station, downstream: Station, *, days: int = 60) -> TravelTime | None:
    """Find the lag that best lines up the two stations' rises; store it if convincing."""
    since = timezone.now() - timedelta(days=days)
    up, down = _hourly(upstream, since), _hourly(downstream, since)
    hours = sorted(up)
    steps_up = {
        h: up[h] - up[h - timedelta(hours=1)] for h in hours if h - timedelta(hours=1) in up
    }
    steps_down = {
        h: down[h] - down[h - timedelta(hours=1)] for h in down if h - timedelta(hours=1) in down
    }
    best_lag, best_r = None, MIN_CORRELATION
    for lag in range(0, MAX_LAG_HOURS + 1):
        shift = timedelta(hours=lag)
        pairs = [(v, steps_down[h + shift]) for h, v in steps_up.items() if h + shift in steps_down]
        if len(pairs) < 24:
            continue
        r = _correlation([p[0] for p in pairs], [p[1] for p in pairs])
        if r > best_r:
            best_lag, best_r = lag, r
    if best_lag is None:
        return None
    travel, _created = TravelTime.objects.for_locality(upstream.locality_id).update_or_create(
        locality_id=upstream.locality_id,
        upstream=upstream,
        downstream=downstream,
        defaults={"hours": float(best_lag), "correlation": round(best_r, 3)},
    )
    return travel


def learn_all() -> int:
    """Every adjacent pair of water-level stations on each river (the worker runs this daily)."""
    learned = 0
    for locality in Locality.objects.filter(is_active=True):
        by_river: dict[str, list[Station]] = {}
        for station in (
            Station.objects.for_locality(locality)
            .filter(kind=StationKind.WATER_LEVEL, active=True)
            .exclude(river="")
        ):
            by_river.setdefault(station.river, []).append(station)
        for stations in by_river.values():
            stations.sort(key=lambda s: s.river_order)
            for up, down in zip(stations, stations[1:], strict=False):
                learned += learn(up, down) is not None
    return learned


def travel_hours(upstream: Station, downstream: Station) -> tuple[float, bool]:
    """(hours, learned?) from upstream to downstream, summing learned legs in between."""
    stations = list(
        Station.objects.for_locality(upstream.locality_id)
        .filter(
            river=upstream.river,
            kind=StationKind.WATER_LEVEL,
            river_order__gte=upstream.river_order,
            river_order__lte=downstream.river_order,
        )
        .order_by("river_order")
    )
    legs = {
        (t.upstream_id, t.downstream_id): t.hours
        for t in TravelTime.objects.for_locality(upstream.locality_id).filter(upstream__in=stations)
    }
    total, learned = 0.0, True
    for up, down in zip(stations, stations[1:], strict=False):
        if (up.pk, down.pk) in legs:
            total += legs[(up.pk, down.pk)]
        else:
            return float(MODULE.setting("TRAVEL_HOURS")), False
    return (total, learned) if len(stations) > 1 else (0.0, False)


def _phrase(hours: float) -> Message:
    if hours >= 36:
        days = round(hours / 24)
        return Message(_("about %(n)s day") if days == 1 else _("about %(n)s days"), n=days)
    whole = max(1, round(hours))
    return Message(_("about %(n)s hour") if whole == 1 else _("about %(n)s hours"), n=whole)


def arrival_estimates(locality: Locality, *, at: datetime | None = None) -> list[dict]:
    """For each rising upstream station, when its water reaches each station below it."""
    now = at or timezone.now()
    stations = list(
        Station.objects.for_locality(locality)
        .filter(kind=StationKind.WATER_LEVEL, active=True)
        .exclude(river="")
        .order_by("river", "river_order")
    )
    estimates = []
    for up in stations:
        latest = (
            Reading.objects.for_locality(locality)
            .filter(station=up, observed_at__lte=now)
            .order_by("-observed_at")
            .first()
        )
        if latest is None or now - latest.observed_at > timedelta(hours=6):
            continue
        before = (
            Reading.objects.for_locality(locality)
            .filter(station=up, observed_at__lte=latest.observed_at - timedelta(hours=6))
            .order_by("-observed_at")
            .first()
        )
        rising = before is not None and latest.value - before.value >= RISE_METRES
        warned = up.warning_level is not None and latest.value >= up.warning_level
        if not (rising or warned):
            continue
        for down in stations:
            if down.river != up.river or down.river_order <= up.river_order:
                continue
            hours, learned = travel_hours(up, down)
            remaining = hours - (now - latest.observed_at).total_seconds() / 3600
            if remaining <= 0:
                continue
            estimates.append(
                {
                    "upstream": up.code,
                    "downstream": down.code,
                    "downstream_name": down.name,
                    "travel_hours": hours,
                    "learned": learned,
                    "hours": round(remaining, 1),
                    "arrives_at": (now + timedelta(hours=remaining)).isoformat(),
                    "level_upstream": latest.value,
                    "rising": rising,
                    "text": str(
                        Message(
                            _("Water expected in %(when)s at %(place)s"),
                            when=_phrase(remaining),
                            place=down.name,
                        )
                    ),
                }
            )
    return estimates
