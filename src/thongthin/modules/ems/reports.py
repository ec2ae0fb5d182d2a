"""Response-time reports and the incident export (ITEMS timeline fields).

Intervals are computed from the stamps, never typed in: dispatch time (call -> dispatch order),
response time (call -> at scene), scene time (at scene -> left scene), transport time (left
scene -> at hospital). Distributions report the median and 90th percentile, not only means.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.csvout import csv_writer
from thongthin.core.errors import ValidationFailed
from thongthin.core.models import Locality, User
from thongthin.core.services.audit import AuditAction, audit_record

from . import cbd
from .models import Incident, Patient
from .module import REPORT_PERSONAL_DATA, REPORTS
from .services._common import allowed, require

RED_TARGET_SECONDS = 8 * 60
RANGE_MAX_DAYS = 3 * 366


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (as numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median": percentile(values, 0.5),
        "p90": percentile(values, 0.9),
        "mean": sum(values) / len(values) if values else None,
    }


def date_range(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    today = timezone.localdate()
    end = end or today
    start = start or (end - timedelta(days=179))
    if start > end or (end - start).days > RANGE_MAX_DAYS:
        raise ValidationFailed(
            _("The period must run forwards and span at most three years."), code="range_invalid"
        )
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _incidents(locality: Locality, start: datetime, end: datetime):
    return Incident.objects.for_locality(locality).filter(
        call_at__gte=start, call_at__lt=end, confirmed=True
    )


def _seconds(a, b) -> float | None:
    return (b - a).total_seconds() if a and b else None


def response_report(
    *, locality: Locality, actor: User, start: date | None = None, end: date | None = None
) -> dict:
    require(actor, locality, REPORTS)
    since, until = date_range(start, end)
    rows = _incidents(locality, since, until).values_list(
        "call_at", "dispatch_at", "at_scene_at", "left_scene_at", "at_hospital_at",
        "idc_colour", "rc_colour", "symptom_group", "case__subdistrict__name_th",
        "case__lat", "case__lon", "case__number",
    )  # fmt: skip
    response: dict[tuple[str, str], list[float]] = defaultdict(list)
    dispatch: list[float] = []
    scene: list[float] = []
    transport: list[float] = []
    groups: Counter = Counter()
    areas: Counter = Counter()
    colours: Counter = Counter()
    triage: Counter[str] = Counter()
    red_reached = red_total = 0
    points = []
    for call, sent, scene_at, left, hosp, idc, rc, group, area, lat, lon, number in rows:
        month = timezone.localtime(call).strftime("%Y-%m")
        colours[idc] += 1
        groups[group] += 1
        areas[area or "-"] += 1
        points.append({"lat": lat, "lon": lon, "colour": idc, "number": number})
        if (seconds := _seconds(call, sent)) is not None:
            dispatch.append(seconds)
        if (seconds := _seconds(scene_at, left)) is not None:
            scene.append(seconds)
        if (seconds := _seconds(left, hosp)) is not None:
            transport.append(seconds)
        rt = _seconds(call, scene_at)
        if rt is not None:
            response[(idc, month)].append(rt)
            if idc == "red":
                red_total += 1
                red_reached += rt <= RED_TARGET_SECONDS
        if idc in cbd.COLOURS and rc in cbd.COLOURS:
            # Lower order = more urgent: RC more urgent than IDC is under-triage.
            diff = cbd.COLOURS[rc].rank - cbd.COLOURS[idc].rank
            triage["match" if diff == 0 else "under" if diff < 0 else "over"] += 1
    months = sorted({m for _, m in response})
    by_colour = {
        colour: {month: _summary(response.get((colour, month), [])) for month in months}
        for colour in cbd.COLOURS
    }
    return {
        "start": since.date().isoformat(),
        "end": (until - timedelta(days=1)).date().isoformat(),
        "incidents": sum(colours.values()),
        "months": months,
        "response_by_colour_month": by_colour,
        "response_by_colour": {
            colour: _summary([v for (c, _), vs in response.items() if c == colour for v in vs])
            for colour in cbd.COLOURS
        },
        "red_within_8_min": {
            "reached": red_reached,
            "total": red_total,
            "share": red_reached / red_total if red_total else None,
        },
        "dispatch_time": _summary(dispatch),
        "scene_time": _summary(scene),
        "transport_time": _summary(transport),
        "by_colour": dict(colours),
        "by_symptom_group": [
            {"group": g, "label": cbd.group_label(g), "count": n} for g, n in groups.most_common()
        ],
        "by_subdistrict": [{"name": a, "count": n} for a, n in areas.most_common()],
        "triage": dict(triage),
        "points": points,
    }


EXPORT_FIELDS = [
    "case_number", "status", "source", "channel", "created_at", "lat", "lon", "address",
    "subdistrict_code", "subdistrict", "symptom_group", "criterion", "idc", "rc", "rc_detail",
    "dispatch_code", "patients", "mass_casualty", "unit", "unit_level", "units_sent",
    "call_at", "dispatch_at", "left_base_at", "at_scene_at", "left_scene_at", "at_hospital_at",
    "back_base_at", "dispatch_seconds", "response_seconds", "scene_seconds",
    "transport_seconds", "hospital", "outcomes",
]  # fmt: skip
PII_FIELDS = ["caller_name", "caller_phone", "patient_names", "patient_ids_masked"]


def export_csv(
    *,
    locality: Locality,
    actor: User,
    start: date | None = None,
    end: date | None = None,
    ip: str | None = None,
) -> str:
    """Incident records for the provincial centre; personal data only for roles that may."""
    require(actor, locality, REPORTS)
    since, until = date_range(start, end)
    with_pii = allowed(actor, locality, REPORT_PERSONAL_DATA)
    incidents = (
        _incidents(locality, since, until)
        .select_related("case", "case__subdistrict", "unit", "hospital")
        .prefetch_related("assignments__unit")
        .order_by("call_at")
    )
    patients: dict[int, list[Patient]] = defaultdict(list)
    for patient in Patient.objects.for_locality(locality).filter(
        incident__call_at__gte=since, incident__call_at__lt=until
    ):
        patients[patient.incident_id].append(patient)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(EXPORT_FIELDS + (PII_FIELDS if with_pii else []))
    count = 0
    for i in incidents:
        case = i.case
        stamps = [i.call_at, i.dispatch_at, i.left_base_at, i.at_scene_at, i.left_scene_at,
                  i.at_hospital_at, i.back_base_at]  # fmt: skip
        row = [
            case.number, case.status, i.source, case.channel, case.created_at.isoformat(),
            case.lat, case.lon, case.address,
            case.subdistrict_id or "", case.subdistrict.name_th if case.subdistrict else "",
            i.symptom_group, i.criterion or "", i.idc_colour, i.rc_colour, i.rc_detail,
            cbd.dispatch_code(i.symptom_group, i.idc_colour, i.criterion),
            i.patients_count, int(i.mass_casualty),
            i.unit.code if i.unit else "", i.unit.level if i.unit else "",
            " ".join(a.unit.code for a in i.assignments.all()),
            *[s.isoformat() if s else "" for s in stamps],
            *[_fmt(_seconds(a, b)) for a, b in (
                (i.call_at, i.dispatch_at), (i.call_at, i.at_scene_at),
                (i.at_scene_at, i.left_scene_at), (i.left_scene_at, i.at_hospital_at),
            )],
            i.hospital.name if i.hospital else "",
            " ".join(p.outcome for p in patients[i.pk] if p.outcome),
        ]  # fmt: skip
        if with_pii:
            row += [
                i.caller_name,
                i.caller_phone,
                "; ".join(p.name for p in patients[i.pk] if p.name),
                "; ".join(p.national_id_masked for p in patients[i.pk] if p.national_id_masked),
            ]
        writer.writerow(row)
        count += 1
    if with_pii:
        audit_record(
            action=AuditAction.PII_READ,
            locality=locality,
            actor=actor,
            ip=ip,
            detail={"what": "ems.export", "incidents": count},
        )
    return out.getvalue()


def _fmt(seconds: float | None) -> str:
    return "" if seconds is None else str(round(seconds))
