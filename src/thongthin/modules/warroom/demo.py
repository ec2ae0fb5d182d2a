"""Demo war room: three gauges along a river with a month of readings and a flood wave in the
last week that rose past the warning and critical levels (so the rules raised alerts, some
issued, in the CAP feed), learned travel times, households at risk, open shelters with people,
relief given, the affected-household register and a few disaster incidents.

The readings are synthetic (a smooth wave on a daily ripple), not real gauge data; station names
say "(สาธิต)". The last week goes through the ingestion service in time order, so the alerts are
raised by the rules as they would be live; their times are then set to the crossing time.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from thongthin.core.demo import _demo_photo
from thongthin.core.models import User

from . import forecast
from .models import Alert, Reading, Shelter, Station, Store
from .services import alerts, people, relief, shelters
from .services.readings import readings_ingest

RIVERS = {
    "nakhonsi": ("คลองท่าดี", [
        ("td-up", "คลองท่าดี ต้นน้ำ (สาธิต)", 8.440, 99.800, 30.0),
        ("td-mid", "คลองท่าดี กลางน้ำ (สาธิต)", 8.435, 99.880, 14.0),
        ("td-town", "คลองท่าดี ในเมือง (สาธิต)", 8.431, 99.955, 4.0),
    ]),
    "phibun": ("แม่น้ำมูล", [
        ("mun-up", "แม่น้ำมูล ต้นน้ำ (สาธิต)", 15.240, 104.950, 106.0),
        ("mun-mid", "แม่น้ำมูล กลางน้ำ (สาธิต)", 15.250, 105.100, 104.0),
        ("mun-town", "แม่น้ำมูล ในเมือง (สาธิต)", 15.244, 105.226, 102.0),
    ]),
}  # fmt: skip
LAG_HOURS = (0, 14, 30)  # the wave reaches each station this long after the first
STEP = timedelta(minutes=30)


def _level(
    ground: float, hours_since_start: float, lag: int, peaks: list[tuple[float, float]]
) -> float:
    h = hours_since_start - lag
    level = ground + 2.2 + 0.08 * math.sin(h / 24 * 2 * math.pi)
    for peak, height in peaks:
        level += height * math.exp(-(((h - peak) / 20) ** 2))
    return round(level, 3)


def load(localities) -> None:
    for locality in localities:
        if locality.slug not in RIVERS or Station.objects.for_locality(locality).exists():
            continue
        with transaction.atomic():
            _load(locality)


def _load(locality) -> None:
    river, specs = RIVERS[locality.slug]
    staff = {u.role: u for u in User.objects.filter(locality=locality, is_active=True)}
    officer = staff.get("officer") or staff.get("locality_admin")
    if officer is None:
        return
    stations = []
    for order, (code, name, lat, lon, ground) in enumerate(specs, start=1):
        stations.append(Station.objects.create(
            locality=locality, code=code, name=name, kind="water_level", lat=lat, lon=lon,
            river=river, river_order=order * 10, ground_level=ground, bank_level=ground + 6.0,
            warning_level=ground + 4.8, critical_level=ground + 5.5, min_value=ground - 2,
            max_value=ground + 15,
        ))  # fmt: skip
    Station.objects.create(
        locality=locality, code="rain-1", name="สถานีวัดฝน (สาธิต)", kind="rain", unit="mm",
        lat=specs[0][2] + 0.01, lon=specs[0][3], min_value=0, max_value=500,
    )  # fmt: skip
    town = stations[-1]
    circle = f"{town.lat:.4f},{town.lon:.4f} 1.5"
    area = f"ชุมชนริม{river} เขต{locality.name_th}"
    for threshold, severity, auto, instruction in (
        ("warning", "Moderate", False, "ยกของขึ้นที่สูง เตรียมพร้อมอพยพ ติดตามประกาศ"),
        ("critical", "Severe", True, "อพยพไปศูนย์พักพิงที่ใกล้ที่สุดทันที ผู้ป่วยติดเตียงแจ้ง 1669"),
    ):
        alerts.rule_save(locality=locality, actor=officer, station=town, threshold=threshold,
                         severity=severity, area_desc=area, circle=circle, auto_issue=auto,
                         instruction_th=instruction)  # fmt: skip
    alerts.rule_save(locality=locality, actor=officer, station=town, threshold="warning",
                     severity="Moderate", area_desc=area, circle=circle, forecast=True,
                     instruction_th="น้ำจากต้นน้ำกำลังมา เตรียมขนย้ายของ")  # fmt: skip

    now = timezone.now().replace(second=0, microsecond=0)
    start = now - timedelta(days=30)
    # An earlier, smaller rise (teaches the travel times), the flood of the last days (now past
    # its peak in town but still above the warning level) and a new rise starting upstream.
    peaks = [(9 * 24.0, 2.0), (680.0, 3.6), (730.0, 2.0)]
    history, recent = [], []
    t = start
    while t <= now:
        hours = (t - start).total_seconds() / 3600
        for station, lag in zip(stations, LAG_HOURS, strict=True):
            value = _level(station.ground_level, hours, lag, peaks)
            if t < now - timedelta(days=7):
                history.append(
                    Reading(
                        locality=locality,
                        station=station,
                        observed_at=t,
                        value=value,
                        source="import",
                    )
                )
            else:
                recent.append(
                    {"station": station.code, "observed_at": t.isoformat(), "value": value}
                )
        t += STEP
    Reading.objects.bulk_create(history, batch_size=2000)
    first_recent = now - timedelta(days=7)
    for station in stations:
        last = (
            Reading.objects.for_locality(locality)
            .filter(station=station, observed_at__lt=first_recent)
            .order_by("-observed_at")
            .first()
        )
        Station.objects.for_locality(locality).filter(pk=station.pk).update(
            last_value=last.value if last else None, last_at=last.observed_at if last else None
        )
    for up, down in zip(stations, stations[1:], strict=False):
        forecast.learn(up, down, days=30)
    # Live-like: the last week arrives in batches of two hours (a gateway catching up), the
    # rules raise alerts on the way.
    for i in range(0, len(recent), 12):
        readings_ingest(locality=locality, items=recent[i : i + 12], source="http")
    _alert_times(locality, officer)
    _people(locality, officer, town)


def _alert_times(locality, officer) -> None:
    """Put each alert at its crossing; drafts of the warning rule were reviewed and issued."""
    for alert in Alert.objects.for_locality(locality).order_by("id"):
        crossed = datetime.fromisoformat(alert.trigger["at"])
        if alert.status == Alert.Status.DRAFT:
            alerts.alert_issue(alert=alert, actor=officer)
            sent = crossed + timedelta(minutes=12)
        else:
            sent = crossed + timedelta(minutes=1)
        Alert.objects.for_locality(locality).filter(pk=alert.pk).update(
            created_at=crossed, sent_at=sent
        )


def _people(locality, officer, town) -> None:
    rng = random.Random(f"warroom-{locality.slug}")
    first = ["สมชาย", "สมศรี", "บุญมี", "ประยูร", "มาลี", "สุดา", "ทองดี", "คำปุ่น", "บัวผัน", "อำนวย"]
    last = ["ใจดี", "ศรีสุข", "บุญมา", "แก้วกล้า", "ทองคำ", "มั่นคง"]
    homes = []
    for n in range(30):
        members = [{"name": f"{rng.choice(first)} {rng.choice(last)}", "birth_year": rng.randint(1940, 2024),
                    "sex": rng.choice("mf")} for _ in range(rng.randint(1, 5))]  # fmt: skip
        flag = rng.random()
        if flag < 0.12:
            members[0]["bedridden"] = True
        elif flag < 0.22:
            members[0]["elderly_alone"] = True
        elif flag < 0.30:
            members[-1]["infant"] = True
        elif flag < 0.36:
            members[0]["disabled"] = True
        homes.append(people.household_save(
            locality=locality, actor=officer, code=f"{rng.randint(1, 199)}/{n + 1}",
            head_name=str(members[0]["name"]), lat=town.lat + rng.uniform(-0.01, 0.01),
            lon=town.lon + rng.uniform(-0.01, 0.01), zone=f"ชุมชนริมน้ำ {n % 3 + 1}",
            phone=f"08{rng.randint(10**7, 10**8 - 1)}", members=members,
        ))  # fmt: skip
    places = [
        Shelter.objects.create(locality=locality, name="ศูนย์พักพิง โรงเรียนเทศบาล 1", lat=town.lat + 0.02,
                               lon=town.lon + 0.01, capacity=120, status="open",
                               services=["อาหาร", "ห้องน้ำ", "หน่วยแพทย์", "ไฟฟ้า"]),
        Shelter.objects.create(locality=locality, name="ศูนย์พักพิง วัดกลาง", lat=town.lat + 0.015,
                               lon=town.lon - 0.02, capacity=60, status="open", services=["อาหาร", "ห้องน้ำ"]),
        Shelter.objects.create(locality=locality, name="หอประชุมอำเภอ", lat=town.lat + 0.03,
                               lon=town.lon, capacity=200, status="closed", services=["ห้องน้ำ"]),
    ]  # fmt: skip
    for home in homes[:12]:
        for member in home.members.all():
            shelters.check_in(shelter=places[len(home.code) % 2], actor=officer, member=member)
    store = Store.objects.create(locality=locality, name="คลังพัสดุเทศบาล")
    for item, quantity, unit in (
        ("ถุงยังชีพ", 300, "ถุง"),
        ("น้ำดื่ม", 500, "แพ็ก"),
        ("ยากันยุง", 200, "กล่อง"),
    ):
        relief.stock_receive(store=store, actor=officer, item=item, quantity=quantity, unit=unit)
    for n, home in enumerate(homes[:8]):
        relief.distribute(store=store, actor=officer, household=home, item="ถุงยังชีพ", quantity=1,
                          recipient_name=home.head_name, confirmed=True, photo=_demo_photo(900 + n))  # fmt: skip
    today = timezone.localdate()
    for home in homes[:10]:
        relief.affected_register(
            household=home, actor=officer, event=f"อุทกภัย {today:%m/%Y}",
            flooded_from=today - timedelta(days=5), eligibility=rng.choice([1, 2, 3]),
            applicant_name=home.head_name, damage="น้ำท่วมบ้านชั้นล่าง เครื่องใช้ไฟฟ้าเสียหาย",
            residence_proof="ทะเบียนบ้าน", bank="ธนาคารออมสิน",
            bank_account=f"020{rng.randint(10**8, 10**9 - 1)}",
        )  # fmt: skip
    for category, text, dlat in (("flooded_road", "ถนนเลียบแม่น้ำน้ำสูง 40 ซม. รถเล็กผ่านไม่ได้", 0.004),
                                 ("evacuation", "บ้านผู้ป่วยติดเตียง ต้องการเรือ", -0.003),
                                 ("rescue", "ติดอยู่ในบ้าน 3 คน มีเด็กเล็ก", 0.006)):  # fmt: skip
        people.incident_report(locality=locality, actor=officer, category=category,
                               lat=town.lat + dlat, lon=town.lon + dlat, description=text)  # fmt: skip
