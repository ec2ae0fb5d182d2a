"""What the war room shows: stations with their levels, warned areas, open incidents, shelters
with occupancy and arrival estimates, now or as it was at a past moment (the replay)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Avg, CharField, F, Func, Max, Min, Q, Value
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.models import Case, Locality

from . import forecast
from .levels import level_of
from .models import Alert, Reading, Shelter, Station, WarChange
from .services.shelters import occupancy
from .workflow import CATEGORIES


def version(locality: Locality) -> int:
    return WarChange.objects.for_locality(locality).aggregate(v=Max("id"))["v"] or 0


def _value_at(station: Station, at: datetime | None) -> tuple[float | None, datetime | None]:
    if at is None:
        return station.last_value, station.last_at
    reading = (
        Reading.objects.for_locality(station.locality_id)
        .filter(station=station, observed_at__lte=at)
        .order_by("-observed_at")
        .values_list("value", "observed_at")
        .first()
    )
    return reading if reading else (None, None)


def snapshot(locality: Locality, *, at: datetime | None = None) -> dict:
    """The situation now, or at ``at`` (readings up to then, alerts in force then, ...)."""
    if at is not None and at > timezone.now():
        raise ValidationFailed(_("Replay a past moment."), code="time_in_future")
    current = version(locality)
    stations = []
    for station in Station.objects.for_locality(locality).filter(active=True):
        value, when = _value_at(station, at)
        stations.append(
            {
                "code": station.code,
                "name": station.name,
                "kind": station.kind,
                "unit": station.unit,
                "lat": station.lat,
                "lon": station.lon,
                "river": station.river,
                "value": value,
                "at": when.isoformat() if when else None,
                "bank": station.bank_level,
                "warning": station.warning_level,
                "critical": station.critical_level,
                **level_of(station, value).as_dict(),
            }
        )
    alerts = Alert.objects.for_locality(locality).filter(status__in=("issued", "replaced"))
    if at is None:
        alerts = alerts.filter(status="issued", ended_at__isnull=True)
    else:
        alerts = alerts.filter(sent_at__lte=at).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=at)
        )
    cases = Case.objects.for_locality(locality).filter(kind="disaster")
    if at is None:
        cases = cases.filter(closed_at__isnull=True)
    else:
        cases = cases.filter(created_at__lte=at).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gt=at)
        )
    shelters = []
    for shelter in Shelter.objects.for_locality(locality):
        shelters.append(
            {
                "id": shelter.pk,
                "name": shelter.name,
                "lat": shelter.lat,
                "lon": shelter.lon,
                "status": shelter.status,
                "status_label": str(shelter.get_status_display()),
                "services": shelter.services,
                **occupancy(shelter, at=at),
            }
        )
    return {
        "version": current,
        "at": (at or timezone.now()).isoformat(),
        "replay": at is not None,
        "stations": stations,
        "alerts": [
            {
                "identifier": a.identifier,
                "headline": a.headline,
                "severity": a.severity,
                "severity_label": str(a.get_severity_display()),
                "msg_type": a.msg_type,
                "area": a.area_desc,
                "circle": a.circle,
                "polygon": a.polygon,
                "sent_at": a.sent_at.isoformat() if a.sent_at else None,
            }
            for a in alerts.order_by("-sent_at")
        ],
        "drafts": Alert.objects.for_locality(locality).filter(status="draft").count()
        if at is None
        else 0,
        "incidents": [
            {
                "number": c.number,
                "title": c.title,
                "category": c.category,
                "category_label": str(CATEGORIES.get(c.category, "")),
                "status": c.status,
                "lat": c.lat,
                "lon": c.lon,
                "created_at": c.created_at.isoformat(),
            }
            for c in cases.order_by("-created_at")[:200]
        ],
        "shelters": shelters,
        "estimates": forecast.arrival_estimates(locality, at=at),
    }


def _bucket(hourly: bool, until: datetime):
    """The hour or local day of a reading. SQLite: its own strftime (C) shifted by the local
    offset, as Django's Trunc there calls back into Python for every row (too slow for a year
    of 10-minute readings); elsewhere Django's Trunc in the current time zone."""
    if connection.vendor != "sqlite":
        return TruncHour("observed_at") if hourly else TruncDay("observed_at")
    offset = timezone.localtime(until).utcoffset() or timedelta(0)
    shift = f"{int(offset.total_seconds())} seconds"
    fmt = "%Y-%m-%d %H" if hourly else "%Y-%m-%d"
    return Func(
        Value(fmt), F("observed_at"), Value(shift), function="strftime", output_field=CharField()
    )


def chart(station: Station, *, days: int = 7, until: datetime | None = None) -> dict:
    """A station's levels over ``days`` (hourly up to two weeks, daily beyond), with its bank,
    warning and critical levels to draw against."""
    if not 1 <= days <= 400:
        raise ValidationFailed(_("days must be 1-400."), code="days_invalid")
    until = until or timezone.now()
    since = until - timedelta(days=days)
    hourly = days <= 14
    rows: Iterable[tuple] = (
        Reading.objects.for_locality(station.locality_id)
        .filter(station=station, observed_at__gt=since, observed_at__lte=until)
        .annotate(t=_bucket(hourly, until))
        .values("t")
        .annotate(mean=Avg("value"), high=Max("value"), low=Min("value"))
        .order_by("t")
        .values_list("t", "mean", "high", "low")
    )
    if connection.vendor == "sqlite":
        tz = timezone.get_current_timezone()
        pattern = "%Y-%m-%d %H" if hourly else "%Y-%m-%d"
        rows = [
            (datetime.strptime(t, pattern).replace(tzinfo=tz), m, h, lo) for t, m, h, lo in rows
        ]
    return {
        "station": station.code,
        "name": station.name,
        "unit": station.unit,
        "step": "hour" if hourly else "day",
        "bank": station.bank_level,
        "warning": station.warning_level,
        "critical": station.critical_level,
        "ground": station.ground_level,
        "points": [
            {"t": t.isoformat(), "mean": round(m, 3), "max": round(h, 3), "min": round(lo, 3)}
            for t, m, h, lo in rows
        ],
    }
