"""Which unit to send: available units ranked by estimated travel time.

By default the estimate is the great-circle distance times a road factor, at an average speed
(both settings). With the ``ROUTER_URL`` setting set to an OSRM server, the nearest
candidates get road durations from its table service instead; if it does not answer in time the
straight-line estimate stands and the reason says so.
"""

from __future__ import annotations

import json
import logging
import math
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from thongthin.core.geo import distance_m
from thongthin.core.models import Locality

from . import cbd
from .models import Unit, UnitStatus
from .module import MODULE

log = logging.getLogger("thongthin.ems.routing")
# A fix older than this says little about where the unit is; use its base instead.
POSITION_FRESH = timedelta(minutes=30)
ROUTER_CANDIDATES = 25


@dataclass
class Candidate:
    unit_id: int
    code: str
    name: str
    level: str
    lat: float
    lon: float
    from_base: bool
    straight_km: float
    road_km: float
    eta_seconds: int
    level_ok: bool
    routed: bool = False
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "unit": self.code,
            "name": self.name,
            "level": self.level,
            "lat": self.lat,
            "lon": self.lon,
            "from_base": self.from_base,
            "straight_km": round(self.straight_km, 2),
            "road_km": round(self.road_km, 2),
            "eta_seconds": self.eta_seconds,
            "level_ok": self.level_ok,
            "routed": self.routed,
            "reasons": self.reasons,
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return distance_m(lat1, lon1, lat2, lon2) / 1000


def _settings() -> tuple[float, float, str]:
    return (
        float(MODULE.setting("ROAD_FACTOR")),
        float(MODULE.setting("SPEED_KMH")),
        str(MODULE.setting("ROUTER_URL")),
    )


def _minutes(seconds: int) -> str:
    return f"~{seconds / 60:.0f}" if seconds >= 60 else "<1"


def recommend(
    *, locality: Locality, lat: float | None, lon: float | None, colour: str, limit: int = 10
) -> list[Candidate]:
    """Available units, those of the level ``colour`` needs first, each by estimated time."""
    if lat is None or lon is None:
        return []
    road_factor, speed_kmh, router_url = _settings()
    needed = cbd.LEVEL_FOR_COLOUR.get(colour, "FR")
    needed_rank = cbd.level_rank(needed)
    fresh = Q(position_at__gte=timezone.now() - POSITION_FRESH, lat__isnull=False)
    ok_levels = [level for level in cbd.LEVELS if cbd.level_rank(level) >= needed_rank]
    cos_lat = math.cos(math.radians(lat))
    # The database ranks (level first, then a flat-earth distance, which orders points like
    # the true distance at city scale) and returns only the few shown: with thousands of units
    # that beats moving every row into Python. A fix older than POSITION_FRESH counts from the
    # unit's base.
    where_lat = Case(When(fresh, then=F("lat")), default=F("base_lat"))
    where_lon = Case(When(fresh, then=F("lon")), default=F("base_lon"))
    d_lat = ExpressionWrapper(where_lat - Value(lat), output_field=FloatField())
    d_lon = ExpressionWrapper((where_lon - Value(lon)) * Value(cos_lat), output_field=FloatField())
    wanted = ROUTER_CANDIDATES if router_url else limit
    rows = (
        Unit.objects.for_locality(locality)
        .filter(status=UnitStatus.AVAILABLE)
        .annotate(
            below=Case(When(level__in=ok_levels, then=Value(0)), default=Value(1)),
            flat=ExpressionWrapper(d_lat * d_lat + d_lon * d_lon, output_field=FloatField()),
            at_base=Case(When(fresh, then=Value(0)), default=Value(1)),
            where_lat=where_lat,
            where_lon=where_lon,
        )
        .order_by("below", "flat", "pk")
        .values_list("pk", "code", "name", "level", "where_lat", "where_lon", "at_base", "below")
    )[:wanted]
    candidates = []
    for pk, code, name, level, ulat, ulon, at_base, below in rows:
        km = haversine_km(ulat, ulon, lat, lon)
        road_km = km * road_factor
        candidates.append(
            Candidate(
                unit_id=pk, code=code, name=name, level=level, lat=ulat, lon=ulon,
                from_base=bool(at_base), straight_km=km, road_km=road_km,
                eta_seconds=round(road_km / speed_kmh * 3600), level_ok=not below,
            )
        )  # fmt: skip
    router_note = ""
    if router_url and candidates:
        router_note = _route(router_url, candidates, lat, lon)
    candidates.sort(key=lambda c: (not c.level_ok, c.eta_seconds))
    candidates = candidates[:limit]
    fastest = min(candidates, key=lambda c: c.eta_seconds, default=None)
    for c in candidates:
        c.reasons = _reasons(c, needed, road_factor, speed_kmh, router_note)
        if c is fastest and not c.level_ok and candidates[0] is not c:
            c.reasons.append(
                gettext("fastest: send as first responder alongside the required level")
            )
    return candidates


def _reasons(
    c: Candidate, needed: str, road_factor: float, speed_kmh: float, router_note: str
) -> list[str]:
    levels = {"level": c.level, "needed": needed}
    reasons = [
        gettext("level %(level)s meets %(needed)s") % levels
        if c.level_ok
        else gettext("level %(level)s is below %(needed)s") % levels
    ]
    figures = {
        "where": gettext("from its base") if c.from_base else gettext("from its last fix"),
        "minutes": _minutes(c.eta_seconds),
        "straight": f"{c.straight_km:.1f}",
        "factor": f"{road_factor:g}",
        "road": f"{c.road_km:.1f}",
        "speed": f"{speed_kmh:g}",
    }
    if c.routed:
        reasons.append(gettext("%(where)s: road %(road)s km, %(minutes)s min (router)") % figures)
    else:
        reasons.append(
            gettext(
                "%(where)s: straight %(straight)s km × %(factor)s = %(road)s km at %(speed)s km/h, "
                "%(minutes)s min"
            )
            % figures
        )
    if router_note:
        reasons.append(router_note)
    return reasons


def _route(url: str, candidates: list[Candidate], lat: float, lon: float) -> str:
    """Ask an OSRM table service for road durations from each candidate to the incident."""
    coords = ";".join([f"{lon:.6f},{lat:.6f}"] + [f"{c.lon:.6f},{c.lat:.6f}" for c in candidates])
    sources = ";".join(str(i + 1) for i in range(len(candidates)))
    query = f"{url.rstrip('/')}/table/v1/driving/{coords}?sources={sources}&destinations=0"
    query += "&annotations=duration,distance"
    try:
        with urllib.request.urlopen(query, timeout=MODULE.setting("ROUTER_TIMEOUT")) as r:  # noqa: S310
            body = json.load(r)
        if body.get("code") != "Ok":
            raise ValueError(body.get("code"))
        durations, distances = body["durations"], body.get("distances")
        for i, c in enumerate(candidates):
            seconds = durations[i][0]
            if seconds is None:  # no road between them
                c.eta_seconds = 10**7
                continue
            c.eta_seconds = round(seconds)
            if distances and distances[i][0] is not None:
                c.road_km = distances[i][0] / 1000
            c.routed = True
        return ""
    except Exception as exc:  # unreachable, slow or malformed: the straight line stands
        log.warning("router %s failed: %s", url, exc)
        return gettext("router unavailable: straight-line estimate")
