"""Demo EMS data: hospitals, units of each level with crews and positions, a few open
incidents on the board and four months of closed ones for the reports.

Closed incidents are written in bulk (case, EMS record, timeline, patients) rather than replayed
through every service, so the demo starts in seconds; their case timelines hold only the
creation entry. Open incidents go through the services, as a dispatcher's would.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from thongthin.core.models import Case, User
from thongthin.core.services.accounts import ReporterIn

from . import services
from .models import Hospital, Incident, Outcome, Patient, Unit, UnitStatus

# Approximate positions of the provincial/community hospitals near each demo locality.
HOSPITALS = {
    "nakhonsi": [
        ("โรงพยาบาลมหาราชนครศรีธรรมราช", 8.4350, 99.9640),
        ("โรงพยาบาลท่าศาลา", 8.6680, 99.9300),
    ],
    "phibun": [
        ("โรงพยาบาลพิบูลมังสาหาร", 15.2440, 105.2270),
        ("โรงพยาบาลสรรพสิทธิประสงค์", 15.2330, 104.8590),
    ],
}
# code, level, vehicle, offset from the centre in km (north, east)
UNITS = [
    ("als-1", "ALS", "กข 1669", (0.3, 0.2)),
    ("als-2", "ALS", "กข 1670", (-4.5, 3.0)),
    ("ils-1", "ILS", "กค 2101", (5.0, -2.0)),
    ("bls-1", "BLS", "กง 3301", (1.5, -3.5)),
    ("bls-2", "BLS", "กง 3302", (-2.0, -5.0)),
    ("bls-3", "BLS", "กง 3303", (6.5, 4.0)),
    ("fr-1", "FR", "จย 0101", (-1.0, 1.2)),
    ("fr-2", "FR", "จย 0102", (3.0, 2.5)),
    ("fr-3", "FR", "จย 0103", (-6.0, -1.5)),
    ("fr-4", "FR", "จย 0104", (0.8, 6.0)),
]
# Call mix (ITEMS 2016-2020: traffic 25.6 %, unknown 20.4 %, abdominal 10.6 %, falls 8 %, ...)
GROUP_WEIGHTS = {25: 26, 17: 20, 1: 11, 24: 8, 5: 8, 7: 5, 19: 5, 18: 4, 16: 3, 6: 2, 21: 3,
                 14: 2, 15: 2, 9: 1}  # fmt: skip
COLOUR_WEIGHTS = {"red": 20, "yellow": 35, "green": 33, "white": 10, "black": 2}


def _offset(locality, north_km: float, east_km: float) -> tuple[float, float]:
    lat = locality.center_lat + north_km / 111.0
    lon = locality.center_lon + east_km / (111.0 * math.cos(math.radians(locality.center_lat)))
    return round(lat, 6), round(lon, 6)


def load(localities) -> None:
    for locality, closed in zip(localities, (180, 90), strict=False):
        if Unit.objects.for_locality(locality).exists():
            continue
        with transaction.atomic():
            units = _units(locality)
            _history(locality, units, closed)
            _board(locality, units)


def _units(locality) -> list[Unit]:
    for name, lat, lon in HOSPITALS.get(locality.slug, []):
        Hospital.objects.create(locality=locality, name=name, lat=lat, lon=lon)
    now = timezone.now()
    crew = {u.role: u for u in User.objects.filter(locality=locality, is_active=True)}
    units = []
    for index, (code, level, vehicle, (north, east)) in enumerate(UNITS):
        lat, lon = _offset(locality, north, east)
        unit = Unit.objects.create(
            locality=locality, code=code, level=level, vehicle=vehicle,
            name=f"{level} {index + 1} {locality.name_th.replace('เทศบาล', '')}".strip(),
            base_name=f"ฐาน {code.upper()}", base_lat=lat, base_lon=lon,
            lat=lat + 0.001, lon=lon + 0.001, position_at=now - timedelta(minutes=2),
            status=UnitStatus.OUT_OF_SERVICE if code == "fr-4" else UnitStatus.AVAILABLE,
        )  # fmt: skip
        if code in ("als-1", "bls-1") and "responder" in crew:
            unit.crew.add(crew["responder"])
        units.append(unit)
    return units


def _history(locality, units: list[Unit], count: int) -> None:
    rng = random.Random(f"ems-{locality.slug}")
    dispatcher = User.objects.filter(locality=locality, role="dispatcher").first()
    if dispatcher is None:
        return
    hospitals = list(Hospital.objects.for_locality(locality))
    now = timezone.now()
    groups, group_w = zip(*GROUP_WEIGHTS.items(), strict=True)
    colours, colour_w = zip(*COLOUR_WEIGHTS.items(), strict=True)
    order = list(colours)
    for _ in range(count):
        call_at = now - timedelta(days=rng.uniform(1, 122), minutes=rng.uniform(0, 60))
        group = rng.choices(groups, group_w)[0]
        colour = rng.choices(colours, colour_w)[0]
        lat, lon = _offset(locality, rng.gauss(0, 3.5), rng.gauss(0, 3.5))
        unit = min(
            (u for u in units if u.level != "FR" or colour != "red"),
            key=lambda u: (u.base_lat - lat) ** 2 + (u.base_lon - lon) ** 2,
        )
        km = math.hypot((unit.base_lat - lat) * 111, (unit.base_lon - lon) * 111) * 1.4
        dispatch_s = rng.uniform(30, 150) + (60 if colour in ("green", "white") else 0)
        turnout_s = rng.uniform(30, 120)
        travel_s = km / rng.uniform(35, 60) * 3600 + rng.uniform(60, 240)
        t = {"call_at": call_at}
        t["dispatch_at"] = call_at + timedelta(seconds=dispatch_s)
        t["left_base_at"] = t["dispatch_at"] + timedelta(seconds=turnout_s)
        t["at_scene_at"] = t["left_base_at"] + timedelta(seconds=travel_s)
        t["left_scene_at"] = t["at_scene_at"] + timedelta(minutes=rng.uniform(6, 22))
        transported = colour in ("red", "yellow") or rng.random() < 0.6
        if transported:
            t["at_hospital_at"] = t["left_scene_at"] + timedelta(minutes=rng.uniform(8, 25))
        t["back_base_at"] = (t.get("at_hospital_at") or t["left_scene_at"]) + timedelta(
            minutes=rng.uniform(10, 30)
        )
        drift = rng.random()
        rc = colour
        if drift < 0.05 and order.index(colour) > 0:
            rc = order[order.index(colour) - 1]  # under-triaged at the call
        elif drift < 0.10 and order.index(colour) < 3:
            rc = order[order.index(colour) + 1]
        incident = services.incident_create(
            locality=locality, actor=dispatcher, symptom_group=group, colour=colour,
            criterion=rng.randint(1, 9), lat=lat, lon=lon, caller_phone=f"08{rng.randint(10**7, 10**8 - 1)}",
            caller_name="ผู้แจ้ง (ข้อมูลสาธิต)", patients_count=1 if rng.random() < 0.9 else 2,
            call_at=call_at,
        )  # fmt: skip
        hospital = rng.choice(hospitals) if transported and hospitals else None
        Incident.objects.for_locality(locality).filter(pk=incident.pk).update(
            unit=unit, rc_colour=rc, hospital=hospital, **{k: v for k, v in t.items() if k != "call_at"}
        )  # fmt: skip
        Case.objects.for_locality(locality).filter(pk=incident.case_id).update(
            status="completed", closed_at=t["back_base_at"]
        )
        incident.assignments.create(
            locality=locality, unit=unit, assigned_at=t["dispatch_at"],
            assigned_by=dispatcher, released_at=t["back_base_at"],
        )  # fmt: skip
        Patient.objects.create(
            locality=locality, incident=incident, age=rng.randint(1, 90), sex=rng.choice("mf"),
            vitals=[{"at": t["at_scene_at"].isoformat(), "hr": rng.randint(55, 130),
                     "rr": rng.randint(12, 30), "sbp": rng.randint(85, 170),
                     "dbp": rng.randint(50, 100), "spo2": rng.randint(88, 100)}],
            hospital=hospital, handover_at=t.get("at_hospital_at"),
            outcome=Outcome.TRANSPORTED if transported else rng.choice(
                [Outcome.REFUSED, Outcome.NO_TREATMENT]),
        )  # fmt: skip


def _board(locality, units: list[Unit]) -> None:
    """What a newcomer sees on the board: a red call on its way, a yellow one on scene, a green
    one waiting for a unit, and a citizen's SOS to confirm."""
    dispatcher = User.objects.filter(locality=locality, role="dispatcher").first()
    if dispatcher is None:
        return
    now = timezone.now()
    by_code = {u.code: u for u in units}
    red = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", criterion=1,
        lat=_offset(locality, 1.2, 0.9)[0], lon=_offset(locality, 1.2, 0.9)[1],
        address="หน้าตลาดสด", caller_phone="0812345678", caller_name="ผู้แจ้ง (สาธิต)",
        call_at=now - timedelta(minutes=6),
    )  # fmt: skip
    services.unit_assign(incident=red, unit=by_code["als-1"], actor=dispatcher)
    services.stamp_set(incident=red, point="left_base_at", actor=dispatcher)
    yellow = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=25, colour="yellow", criterion=3,
        lat=_offset(locality, -2.5, 2.0)[0], lon=_offset(locality, -2.5, 2.0)[1],
        address="ถนนสายหลัก กม. 4", caller_phone="0898765432", patients_count=2,
        call_at=now - timedelta(minutes=25),
    )  # fmt: skip
    services.unit_assign(incident=yellow, unit=by_code["bls-2"], actor=dispatcher)
    services.stamp_set(incident=yellow, point="left_base_at", actor=dispatcher)
    services.stamp_set(incident=yellow, point="at_scene_at", actor=dispatcher)
    services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=24, colour="green", criterion=6,
        lat=_offset(locality, 3.1, -1.4)[0], lon=_offset(locality, 3.1, -1.4)[1],
        address="บ้านเลขที่ 12 หมู่ 3", caller_phone="0861112222",
        call_at=now - timedelta(minutes=2),
    )  # fmt: skip
    services.sos_create(
        locality=locality, citizen=ReporterIn(phone="0823334444"), lat=_offset(locality, -0.8, -2.2)[0],
        lon=_offset(locality, -0.8, -2.2)[1], reason="คนล้มหมดสติหน้าบ้าน",
    )  # fmt: skip
