"""Demo data: two localities (award winners), staff of every role, general requests in every
status with Thai texts, citizens and a photo. Loading twice changes nothing."""

from __future__ import annotations

import functools
import io
import logging
import random
import time
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from . import modules
from .models import Case, CaseEvent, Department, Locality, Province, User
from .services.accounts import citizen_upsert, locality_create, staff_create
from .services.attachments import attachment_create
from .services.case_work import case_assign
from .services.cases import case_create, case_transition

log = logging.getLogger("thongthin.demo")
DEMO_PASSWORD = "thongthin-demo"


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once for every demo account: a strong hash takes a good fraction of a second, and
    # the demo has a dozen accounts to start.
    return make_password(DEMO_PASSWORD)


LOCALITIES: list[dict[str, Any]] = [
    {
        "slug": "nakhonsi",
        "type": "city",
        "name_th": "เทศบาลนครนครศรีธรรมราช",
        "name_en": "Nakhon Si Thammarat City Municipality",
        "province": 63,
        "center": (8.4304, 99.9631),
        "subdistricts": [800101, 800102, 800103, 800114, 800118],
        "phone": "075-342-880",
        "email": "saraban@nakhoncity.go.th",
        "address": "ถนนราชดำเนิน ตำบลคลัง อำเภอเมือง จังหวัดนครศรีธรรมราช 80000",
    },
    {
        "slug": "phibun",
        "type": "town",
        "name_th": "เทศบาลเมืองพิบูลมังสาหาร",
        "name_en": "Phibun Mangsahan Town Municipality",
        "province": 23,
        "center": (15.2446, 105.2290),
        "subdistricts": [341901, 341902],
        "phone": "045-441-201",
        "email": "saraban@phibun.go.th",
        "address": "ตำบลพิบูล อำเภอพิบูลมังสาหาร จังหวัดอุบลราชธานี 34110",
    },
]

STAFF = [
    # (suffix, role, department, first name, last name)
    ("admin", "locality_admin", "palad", "สมศักดิ์", "ผู้ดูแล"),
    ("mayor", "executive", "palad", "วิไลวรรณ", "นายกเทศมนตรี"),
    ("officer", "officer", "palad", "กิตติพงษ์", "ใจดี"),
    ("engineer", "officer", "engineering", "ประเสริฐ", "ช่างดี"),
    ("health", "officer", "health", "มาลี", "รักษ์สะอาด"),
    ("dispatcher", "dispatcher", "palad", "อนุชา", "สั่งการ"),
    ("responder", "responder", "health", "ธนากร", "กู้ภัย"),
    # The care module's roles, when it is installed.
    ("care", "care_manager", "health", "สุภาพร", "ดูแลดี"),
    ("caregiver", "caregiver", "health", "บุญเรือน", "ใจเย็น"),
    ("nurse", "nurse", "health", "จันทร์เพ็ญ", "พยาบาล"),
    ("driver", "driver", "palad", "สมชาย", "ขับดี"),
    ("fund", "ltc_committee", "palad", "ประยูร", "กองทุน"),
]

REQUESTS = [
    ("ขอสำเนาทะเบียนบ้าน", "ต้องการขอคัดสำเนาทะเบียนบ้านเพื่อใช้ยื่นเรื่องกับธนาคาร", "palad"),
    ("ขอใบอนุญาตก่อสร้างอาคาร", "จะต่อเติมบ้านชั้นเดียว ขอทราบเอกสารที่ต้องใช้", "engineering"),
    ("ขอรับเบี้ยยังชีพผู้สูงอายุ", "มารดาอายุครบ 60 ปีเดือนนี้ ขอลงทะเบียนรับเบี้ยยังชีพ", "welfare"),
    ("ขอให้ตัดหญ้าริมทาง", "หญ้าริมถนนสูงบังทางโค้ง อันตรายต่อผู้ขับขี่", "engineering"),
    ("ขอรถดูดสิ่งปฏิกูล", "บ่อเกรอะเต็ม ขอใช้บริการรถดูดสิ่งปฏิกูลของเทศบาล", "health"),
    ("ขอข้อมูลการชำระภาษีที่ดิน", "ต้องการทราบยอดภาษีที่ดินและสิ่งปลูกสร้างปีนี้", "finance"),
    ("ขอสมัครเรียนศูนย์พัฒนาเด็กเล็ก", "บุตรอายุ 2 ปี 6 เดือน ต้องการสมัครเข้าศูนย์พัฒนาเด็กเล็ก", "education"),
    ("ขอฉีดวัคซีนพิษสุนัขบ้า", "สุนัขในชุมชนยังไม่ได้รับวัคซีน ขอให้เจ้าหน้าที่มาฉีด", "health"),
    ("ขอใช้สถานที่จัดงานบุญ", "ขอใช้ศาลาประชาคมจัดงานทำบุญวันที่ 5 ธันวาคม", "palad"),
    ("ขอติดตั้งไฟส่องสว่างในซอย", "ซอยมืดมากตอนกลางคืน มีผู้หญิงและเด็กเดินผ่าน", "engineering"),
    ("ขอรับถังขยะเพิ่ม", "บ้านเช่ามีผู้อยู่หลายครอบครัว ถังขยะไม่พอ", "health"),
    ("ขอลงทะเบียนคนพิการ", "ขอลงทะเบียนรับเบี้ยความพิการให้บิดา", "welfare"),
]

# Which path each demo case takes through the general workflow.
PATHS: list[list[str | tuple[str, str]]] = [
    [],
    ["accept"],
    ["accept", "start"],
    ["accept", "start", ("resolve", "ดำเนินการเรียบร้อยแล้ว แจ้งผู้ยื่นคำร้องทางโทรศัพท์")],
    [("reject", "ไม่อยู่ในอำนาจหน้าที่ของเทศบาล ได้แนะนำให้ติดต่อที่ว่าการอำเภอ")],
    ["accept", ("resolve", "ส่งมอบเอกสารให้ผู้ร้องแล้ว")],
]


def _demo_photo(seed: int) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randint(60, 200), rng.randint(90, 200), 120))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        draw.rectangle((x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)), fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def _staff() -> list[tuple[str, str, str, str, str]]:
    """The demo's staff whose roles exist (the EMS module brings dispatcher and responder)."""
    return [row for row in STAFF if row[1] in modules.roles()]


def _load_locality(spec: dict) -> tuple[Locality, bool]:
    existing = Locality.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing, False
    lat, lon = spec["center"]
    locality = locality_create(
        slug=spec["slug"],
        type=spec["type"],
        name_th=spec["name_th"],
        name_en=spec["name_en"],
        province=Province.objects.get(pk=spec["province"]),
        center_lat=lat,
        center_lon=lon,
        subdistrict_ids=spec["subdistricts"],
        modules_enabled=None,
        phone=spec["phone"],
        email=spec["email"],
        address=spec["address"],
    )
    hashed = _demo_password_hash()
    for suffix, role, department, first, last in _staff():
        staff_create(
            username=f"{spec['slug']}-{suffix}",
            password="",
            password_hash=hashed,
            role=role,
            locality=locality,
            department_code=department,
            first_name=first,
            last_name=last,
        )
    _load_cases(locality)
    return locality, True


def _load_cases(locality: Locality) -> None:
    rng = random.Random(locality.slug)
    departments = {d.code: d for d in Department.objects.for_locality(locality)}
    users = {u.username.split("-", 1)[1]: u for u in User.objects.filter(locality=locality)}
    officer = users["officer"]
    now = timezone.now()
    for index, (title, description, dept) in enumerate(REQUESTS):
        reporter = None
        if index % 3 != 2:  # every third request is anonymous
            reporter = citizen_upsert(
                locality=locality,
                phone=f"08{rng.randint(10000000, 99999999)}",
                display_name=rng.choice(["นางสาวสมใจ ดีงาม", "นายวิชัย มั่นคง", "นางบุญมี ศรีสุข"]),
            )
        lat = locality.center_lat + rng.uniform(-0.01, 0.01)
        lon = locality.center_lon + rng.uniform(-0.01, 0.01)
        case = case_create(
            locality=locality,
            kind="general",
            title=title,
            description=description,
            channel=["web", "line", "phone", "walk_in"][index % 4],
            reporter=reporter,
            lat=lat,
            lon=lon,
            actor_label="demo",
        )
        if index % 4 == 0:
            attachment_create(case=case, data=_demo_photo(index), original_name="photo.jpg")
        assignee = users.get("engineer") if dept == "engineering" else officer
        case_assign(
            case=case, actor=users["admin"], department=departments[dept], assignee=assignee
        )
        for step in PATHS[index % len(PATHS)]:
            action, reason = step if isinstance(step, tuple) else (step, "")
            case = case_transition(case=case, action=action, actor=users["admin"], reason=reason)
        # Spread the history over the past weeks so queues and ages look real.
        age = timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23))
        Case.objects.for_locality(locality).filter(pk=case.pk).update(
            created_at=now - age, sla_due_at=now - age + timedelta(days=2)
        )
        CaseEvent.objects.for_locality(locality).filter(case=case, kind="created").update(
            at=now - age
        )


def demo_load() -> tuple[bool, list[tuple[str, str, str]]]:
    """Load the demo once; return whether anything was created and the logins to print."""
    created = False
    with transaction.atomic():
        if not User.objects.filter(username="platform").exists():
            staff_create(
                username="platform",
                password="",
                password_hash=_demo_password_hash(),
                role="platform_admin",
                locality=None,
            )
            created = True
        localities = []
        for spec in LOCALITIES:
            locality, new = _load_locality(spec)
            localities.append(locality)
            created = created or new
        for module in modules.installed():
            if module.demo is None:
                continue
            started = time.monotonic()
            modules.resolve(module.demo)(localities)
            log.info("demo: %s in %.1f s", module.name, time.monotonic() - started)
    logins = [("platform", "platform_admin", "-")] + [
        (f"{spec['slug']}-{suffix}", role, spec["slug"])
        for spec in LOCALITIES
        for suffix, role, *_ in _staff()
    ]
    return created, logins
