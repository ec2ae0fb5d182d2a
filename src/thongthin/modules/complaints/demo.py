"""Demo complaints: every status, category and channel, with Thai texts, photos and ratings,
spread over six months so the map, queues and statistics have something to show.

The texts are written for the demo (not copied from real reports). A starter set of labelled
sentences trains each demo locality's classifier, so classification works from the first run.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from thongthin.core.demo import _demo_photo
from thongthin.core.models import Case, CaseEvent, User
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.attachments import attachment_create
from thongthin.core.services.case_work import case_assign
from thongthin.core.services.cases import case_transition

from . import classifier, services
from .models import Complaint, TrainingExample

# category code -> sentences a citizen might write (demo texts, several per category).
TEXTS: dict[str, list[str]] = {
    "road": [
        "ถนนหน้าตลาดเป็นหลุมใหญ่ รถจักรยานยนต์ล้มไปแล้วสองคัน",
        "ผิวถนนซอยวัดทรุดตัว น้ำขังเป็นแอ่งทุกครั้งที่ฝนตก",
        "ยางมะตอยถนนสายหลักแตกร่อน ขับรถผ่านลำบากมาก",
        "หลุมบ่อบนถนนเข้าหมู่บ้านลึกมาก ตอนกลางคืนมองไม่เห็น",
        "ถนนคอนกรีตแตกเป็นร่องยาว รถยนต์เสียหลักบ่อย",
    ],
    "footpath": [
        "ทางเท้าหน้าโรงเรียนบล็อกหลุดหลายแผ่น เด็กสะดุดล้ม",
        "ฟุตบาทยุบเป็นหลุม คนแก่เดินลำบาก",
        "ทางเดินเท้าริมถนนแตกและยกตัว เดินไม่ได้ต้องลงไปเดินบนถนน",
    ],
    "lighting": [
        "ไฟส่องสว่างในซอยดับมาหนึ่งสัปดาห์แล้ว มืดมากน่ากลัว",
        "โคมไฟถนนหน้าบ้านเลขที่ 12 กระพริบติด ๆ ดับ ๆ",
        "ไฟทางสาธารณะดับทั้งแนว ตั้งแต่สะพานถึงสี่แยก",
        "เสาไฟฟ้าแสงสว่างไม่ติดตอนกลางคืน ขโมยชุกชุม",
    ],
    "drain": [
        "ท่อระบายน้ำอุดตัน น้ำเน่าส่งกลิ่นเหม็นทั้งซอย",
        "ฝาท่อระบายน้ำแตกเป็นรู อันตรายต่อคนเดินผ่าน",
        "รางระบายน้ำมีขยะอุดตัน ฝนตกแล้วน้ำไม่ไหล",
    ],
    "cleanliness": [
        "ขยะกองอยู่ริมถนนไม่มีรถมาเก็บสามวันแล้ว ส่งกลิ่นเหม็น",
        "มีคนแอบทิ้งขยะในที่ดินว่าง สกปรกมาก",
        "ถังขยะหน้าชุมชนล้น ขยะเกลื่อนพื้น หมาคุ้ยกระจาย",
        "รถเก็บขยะไม่มาเก็บตามรอบ ขยะสะสมเต็มหน้าบ้าน",
    ],
    "flood": [
        "น้ำท่วมขังถนนหน้าหมู่บ้านสูงเกือบครึ่งเมตร รถเล็กผ่านไม่ได้",
        "ฝนตกหนักน้ำท่วมเข้าบ้านหลายหลัง ขอความช่วยเหลือสูบน้ำ",
        "น้ำท่วมขังนานสองวันไม่ระบาย เริ่มมีกลิ่น",
    ],
    "tree": [
        "กิ่งไม้ใหญ่หักพาดสายไฟ เสี่ยงไฟช็อต",
        "ต้นไม้ริมถนนโน้มเอียงจะล้มทับบ้าน ขอให้มาตัดแต่ง",
        "ต้นไม้บังป้ายจราจรและบังไฟถนน ขอตัดแต่งกิ่ง",
    ],
    "noise": [
        "ร้านอาหารเปิดเพลงเสียงดังถึงตีสองทุกคืน นอนไม่ได้",
        "โรงงานเดินเครื่องจักรเสียงดังรบกวนตลอดคืน",
        "มีการจุดประทัดและเปิดลำโพงเสียงดังรบกวนชาวบ้าน",
    ],
    "stray_animal": [
        "สุนัขจรจัดฝูงใหญ่ไล่กัดเด็กนักเรียนหน้าโรงเรียน",
        "มีหมาจรจัดหลายตัวนอนขวางทางเข้าตลาด ขอให้มาจับไปดูแล",
        "แมวจรจัดเพิ่มจำนวนมากในชุมชน ขอทำหมัน",
    ],
    "safety": [
        "ไม่มีรั้วกั้นริมคลอง เด็กเล่นใกล้ ๆ อันตรายมาก",
        "มีสายไฟห้อยต่ำลงมาถึงพื้น อันตรายต่อคนเดินผ่าน",
    ],
    "obstruction": [
        "รถจอดขวางทางเท้าทั้งวัน คนต้องเดินลงถนน",
        "ร้านค้าวางของรุกล้ำทางเท้าจนเดินไม่ได้",
    ],
    "cable": [
        "สายสื่อสารพันกันห้อยระโยงระยางต่ำมาก รถบรรทุกเกี่ยว",
        "สายไฟขาดห้อยลงมาหน้าบ้าน ไม่กล้าเดินผ่าน",
    ],
    "canal": [
        "ผักตบชวาเต็มคลอง น้ำไม่ไหล ยุงเยอะ",
        "คลองตื้นเขิน มีขยะลอยเต็ม ขอขุดลอก",
    ],
    "sign": [
        "ป้ายโฆษณาขนาดใหญ่ติดตั้งไม่แข็งแรง ลมแรงกลัวจะล้ม",
        "ป้ายบอกทางชำรุดสีลอกอ่านไม่ออก",
    ],
    "homeless": ["มีคนเร่ร่อนนอนอยู่ใต้สะพาน ดูป่วย ต้องการความช่วยเหลือ"],
    "traffic": ["รถติดหนักหน้าโรงเรียนช่วงเช้า ขอเจ้าหน้าที่มาช่วยจัดการจราจร"],
    "bridge": ["ราวสะพานข้ามคลองหักหายไปหนึ่งช่วง เด็กเดินผ่านอันตราย"],
    "toilet": ["ห้องน้ำสาธารณะในสวนสาธารณะสกปรก น้ำไม่ไหล"],
    "traffic_sign": ["ป้ายหยุดตรงสี่แยกล้มลงมา รถไม่รู้ต้องหยุด"],
    "travel": ["ขอให้เพิ่มรอบรถสองแถวไปตลาดช่วงเย็น"],
    "complaint": ["เจ้าหน้าที่เก็บค่าธรรมเนียมตลาดไม่ออกใบเสร็จ"],
    "other": ["ขอทราบวันเปิดลงทะเบียนเบี้ยยังชีพผู้สูงอายุ"],
    "pm25": ["มีการเผาขยะในที่โล่งทุกเย็น ควันเต็มชุมชน หายใจไม่ออก"],
    "question": ["สอบถามขั้นตอนการขออนุญาตก่อสร้างต่อเติมบ้าน"],
    "suggestion": ["เสนอแนะให้ติดตั้งไฟกระพริบหน้าโรงเรียนเพื่อความปลอดภัย"],
}

# Starter training sentences per category (short, typical wording), on top of TEXTS.
STARTER: dict[str, list[str]] = {
    "road": ["ถนนเป็นหลุม", "ถนนชำรุด", "ถนนพัง", "ผิวถนนแตก", "ถนนทรุด", "หลุมบนถนน"],
    "footpath": ["ทางเท้าชำรุด", "ฟุตบาทพัง", "บล็อกทางเท้าหลุด", "ทางเดินเท้าแตก"],
    "lighting": ["ไฟถนนดับ", "ไฟทางไม่ติด", "โคมไฟเสีย", "ไฟส่องสว่างดับ", "ซอยมืดไฟดับ"],
    "drain": ["ท่อตัน", "ท่อระบายน้ำอุดตัน", "ฝาท่อแตก", "น้ำไม่ระบาย ท่อตัน"],
    "cleanliness": ["ขยะเยอะ", "ไม่มีคนเก็บขยะ", "ขยะล้นถัง", "ทิ้งขยะ", "กลิ่นขยะเหม็น"],
    "flood": ["น้ำท่วม", "น้ำท่วมขัง", "น้ำท่วมถนน", "น้ำท่วมบ้าน"],
    "tree": ["ต้นไม้ล้ม", "กิ่งไม้หัก", "ตัดแต่งต้นไม้", "ต้นไม้จะล้ม"],
    "noise": ["เสียงดัง", "เปิดเพลงดัง", "เสียงรบกวน", "เสียงดังตอนกลางคืน"],
    "stray_animal": ["หมาจรจัด", "สุนัขจรจัด", "แมวจรจัด", "หมากัด"],
    "safety": ["อันตราย", "ไม่ปลอดภัย", "เสี่ยงอันตราย"],
    "obstruction": ["จอดรถขวาง", "วางของกีดขวาง", "กีดขวางทางเดิน"],
    "cable": ["สายไฟห้อย", "สายสื่อสารพันกัน", "สายไฟขาด"],
    "canal": ["คลองตื้นเขิน", "ผักตบชวาในคลอง", "ขยะในคลอง"],
    "sign": ["ป้ายชำรุด", "ป้ายจะล้ม", "ป้ายโฆษณา"],
    "homeless": ["คนเร่ร่อน", "คนจรจัด"],
    "pm25": ["ฝุ่นควัน", "เผาขยะ", "ควันไฟ"],
    "question": ["สอบถามข้อมูล", "อยากทราบขั้นตอน"],
    "suggestion": ["ขอเสนอแนะ", "อยากให้ปรับปรุง"],
}

# (status path, share of cases) — each path is applied with the case engine.
PATHS = [
    ([], 18),
    (["accept"], 10),
    (["accept", "start"], 18),
    (["accept", "start", "resolve"], 32),
    (["forward"], 5),
    (["reject"], 5),
    (["accept", "start", "resolve", "reopen"], 4),
    (["merge"], 3),
    (["accept", "resolve"], 5),
]
CHANNELS = ["line", "line", "line", "web", "web", "phone", "walk_in", "api", "open311"]
NAMES = ["นางสาวสมใจ ดีงาม", "นายวิชัย มั่นคง", "นางบุญมี ศรีสุข", "นายประเสริฐ ใจดี", "นางสาวพิมพ์ชนก แสงทอง"]
COMMENTS = ["", "", "รวดเร็วมาก ขอบคุณครับ", "แก้ไขเรียบร้อยดี", "ช้าไปหน่อยแต่ก็เสร็จ", "ขอบคุณเจ้าหน้าที่ค่ะ"]


def load(localities) -> None:
    for locality, count in zip(localities, (160, 60), strict=False):
        services.categories_seed(locality)
        if Complaint.objects.for_locality(locality).exists():
            continue
        with transaction.atomic():
            # Trained once, before the demo complaints: those that arrive without a category
            # go through it. Their texts are the examples it learned from, so training again
            # on the closed ones would teach it nothing new.
            _starter_examples(locality)
            classifier.train(locality)
            _complaints(locality, count)


def _starter_examples(locality) -> None:
    rows = [
        TrainingExample(
            locality=locality,
            text=text,
            category_code=code,
            source=TrainingExample.Source.SEED,
            ref=f"{code}:{index}",
        )
        for source in (STARTER, TEXTS)
        for code, texts in source.items()
        for index, text in enumerate(texts, start=0 if source is STARTER else 100)
    ]
    TrainingExample.objects.bulk_create(rows, ignore_conflicts=True)


def _complaints(locality, count: int) -> None:
    rng = random.Random(f"complaints-{locality.slug}")
    users = {u.username.split("-", 1)[1]: u for u in User.objects.filter(locality=locality)}
    admin, engineer = users["admin"], users.get("engineer") or users["officer"]
    now = timezone.now()
    paths = [path for path, share in PATHS for _ in range(share)]
    codes = list(TEXTS)
    filed: list[Complaint] = []
    for index in range(count):
        code = codes[index % len(codes)] if index < len(codes) else rng.choice(codes[:9])
        text = rng.choice(TEXTS[code])
        channel = CHANNELS[index % len(CHANNELS)]
        reporter = None
        if index % 4 != 3:  # a quarter are anonymous
            reporter = citizen_upsert(
                locality=locality,
                phone=f"08{rng.randint(10000000, 99999999)}",
                display_name=rng.choice(NAMES),
                line_user_id=f"Udemo{locality.pk:04d}{index:027d}" if channel == "line" else "",
            )
        lat = locality.center_lat + rng.gauss(0, 0.008)
        lon = locality.center_lon + rng.gauss(0, 0.008)
        if index % 37 == 36:
            lat, lon = lat + 0.2, lon + 0.2  # now and then a report from outside the area
        age = timedelta(days=rng.randint(0, 180), hours=rng.randint(0, 23))
        complaint = services.complaint_create(
            locality=locality,
            description=text,
            category_code="" if index % 5 == 4 else code,  # some go through the classifier
            channel=channel,
            lat=lat,
            lon=lon,
            reporter=reporter,
            photos=[_demo_photo(index)] if index % 3 == 0 else [],
            actor_label="demo",
            created_at=now - age,
        )
        case = complaint.case
        department = complaint.category.department if complaint.category else None
        if department is not None:
            assignee = engineer if department.code == "engineering" else None
            case = case_assign(case=case, actor=admin, department=department, assignee=assignee)
        path = paths[index % len(paths)] if index >= 8 else paths[(index * 11) % len(paths)]
        for action in path:
            if action == "resolve":
                if index % 2 == 0:
                    attachment_create(case=case, data=_demo_photo(index + 1000), actor=engineer)
                    reason = ""
                else:
                    reason = "ดำเนินการแก้ไขเรียบร้อยแล้ว"
                case = case_transition(case=case, action="resolve", actor=admin, reason=reason)
            elif action == "forward":
                services.complaint_forward(
                    complaint=complaint,
                    actor=admin,
                    organisation="การไฟฟ้าส่วนภูมิภาค (PEA)",
                    reason="อยู่ในความรับผิดชอบของการไฟฟ้า",
                )
            elif action == "merge" and filed:
                target = next(
                    (
                        f
                        for f in reversed(filed)
                        if f.case.status in ("received", "accepted", "in_progress")
                    ),
                    None,
                )
                if target is not None:
                    services.complaint_merge(duplicate=complaint, into=target, actor=admin)
            elif action == "reject":
                case = case_transition(
                    case=case, action="reject", actor=admin, reason="ไม่อยู่ในอำนาจหน้าที่ของหน่วยงาน"
                )
            elif action == "reopen":
                complaint.refresh_from_db()
                services.complaint_reopen(complaint=complaint, reason="ยังไม่ได้รับการแก้ไขจริง")
            else:
                case = case_transition(case=case, action=action, actor=admin)
        complaint.refresh_from_db()
        case = Case.objects.for_locality(locality).get(pk=complaint.case_id)
        created = now - age
        if case.closed_at is not None:
            hours = rng.choice([6, 20, 30, 44, 60, 90, 150])
            closed = min(created + timedelta(hours=hours), now)
            Case.objects.for_locality(locality).filter(pk=case.pk).update(closed_at=closed)
            CaseEvent.objects.for_locality(locality).filter(case=case).exclude(
                kind="created"
            ).update(at=closed)
            if case.status == "resolved" and reporter is not None and index % 3 != 1:
                complaint.case.status = "resolved"
                services.complaint_rate(
                    complaint=complaint,
                    stars=rng.choice([5, 5, 4, 4, 4, 3, 2]),
                    comment=rng.choice(COMMENTS),
                )
        filed.append(complaint)
