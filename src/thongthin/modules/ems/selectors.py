"""Reads: one incident or unit, the dispatch board's snapshot, the change log's head."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import NotFound
from thongthin.core.models import Locality, User

from . import cbd
from .models import BoardChange, Incident, Unit
from .module import BOARD
from .services._common import require
from .workflow import OPEN_STATES, WORKFLOW


def incident_get(*, locality: Locality, number: str) -> Incident:
    incident = (
        Incident.objects.for_locality(locality)
        .select_related(
            "case", "case__locality", "case__subdistrict", "unit", "hospital", "locality"
        )
        .filter(case__number=number)
        .first()
    )
    if incident is None:
        raise NotFound()
    return incident


def unit_get(*, locality: Locality, code: str) -> Unit:
    unit = Unit.objects.for_locality(locality).select_related("locality").filter(code=code).first()
    if unit is None:
        raise NotFound(_("Unknown unit."), code="unknown_unit")
    return unit


def board_version(locality: Locality) -> int:
    return BoardChange.objects.for_locality(locality).aggregate(v=Max("id"))["v"] or 0


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def board_snapshot(*, locality: Locality, actor: User) -> dict:
    """Open incidents (most urgent and oldest first) and every unit, without personal data."""
    require(actor, locality, BOARD)
    version = board_version(locality)
    now = timezone.now()
    units = list(
        Unit.objects.for_locality(locality).select_related("incident__case").order_by("code")
    )
    incidents = list(
        Incident.objects.for_locality(locality)
        .select_related("case", "case__subdistrict")
        .filter(case__status__in=OPEN_STATES)
        .order_by("call_at")
    )
    sent: dict[int, list[str]] = {}
    for unit in units:
        if unit.incident_id:
            sent.setdefault(unit.incident_id, []).append(unit.code)
    states = {s.code: s for s in WORKFLOW.states}
    incidents.sort(
        key=lambda i: (
            i.confirmed,
            cbd.COLOURS[i.idc_colour].rank if i.idc_colour in cbd.COLOURS else 9,
            i.call_at,
        )
    )
    return {
        "version": version,
        "now": now.isoformat(),
        "incidents": [
            {
                "number": i.case.number,
                "status": i.case.status,
                "status_label": str(states[i.case.status].label),
                "confirmed": i.confirmed,
                "source": i.source,
                "colour": i.idc_colour,
                "rc_colour": i.rc_colour,
                "code": cbd.dispatch_code(i.symptom_group, i.idc_colour, i.criterion),
                "group": cbd.group_label(i.symptom_group),
                "patients": i.patients_count,
                "lat": i.case.lat,
                "lon": i.case.lon,
                "place": i.case.address
                or (i.case.subdistrict.name_th if i.case.subdistrict else ""),
                "call_at": i.call_at.isoformat(),
                "age_seconds": int((now - i.call_at).total_seconds()),
                "units": sent.get(i.pk, []),
            }
            for i in incidents
        ],
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "status": u.status,
                "status_label": str(u.get_status_display()),
                "status_at": _iso(u.status_at),
                "lat": u.lat if u.lat is not None else u.base_lat,
                "lon": u.lon if u.lon is not None else u.base_lon,
                "position_at": _iso(u.position_at),
                "incident": u.incident.case.number if u.incident_id else None,
            }
            for u in units
        ],
    }
