"""Demo data for care (idempotent), in the first demo locality: a village's people in care in
every group, screened several times over the past year; approved plans and one waiting for the
sub-committee; the caregiver's visits today and one missed yesterday; two vehicles (one with a
wheelchair place), two hospitals and tomorrow's ride requests with a planned route; health
centre appointments and home readings, one of which raised an alert."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from thongthin.core.models import User

from . import adl
from .models import Hospital, Person, Vehicle, Visit
from .services import (
    PersonIn,
    PlanIn,
    appointment_book,
    assessment_record,
    person_register,
    plan_decide,
    plan_save,
    plan_submit,
    reading_record,
    ride_request,
    route_plan,
)
from .services.visits import visits_mark_missed

# (prename, first, last, sex, age, ADL totals over the year oldest first, TAI, disability, HT, DM)
PEOPLE: tuple[tuple[Any, ...], ...] = (
    ("นาง", "บุญมา", "แก้วใส", "2", 84, (9, 8, 6), "B3", [], True, False),
    ("นาย", "สมหมาย", "ทองดี", "1", 77, (4, 3, 2), "C2", ["3"], True, True),
    ("นาง", "ทองใบ", "ศรีสุข", "2", 91, (3, 2, 1), "I2", [], False, False),
    ("นาย", "ประยงค์", "ใจมั่น", "1", 69, (10, 10, 11), "B5", ["3"], True, False),
    ("นาง", "คำปุน", "มีสุข", "2", 88, (7, 6, 5), "B4", [], False, True),
    ("นาย", "สุนทร", "พรมมา", "1", 73, (14, 13, 13), "", [], True, False),
    ("นาง", "มณี", "รุ่งเรือง", "2", 66, (18, 19, 19), "", ["1"], False, True),
    ("นาย", "จันทร์", "หอมจันทร์", "1", 80, (6, 5, 4), "C3", [], True, True),
    ("นาง", "ลำดวน", "สายทอง", "2", 79, (12, 11, 9), "C4", ["2"], True, False),
    ("นาย", "เสถียร", "บุญเรือง", "1", 58, (2, 2, 2), "I1", ["3"], False, False),
    ("นาง", "สายหยุด", "ดอกไม้", "2", 83, (15, 12, 10), "", [], True, True),
    ("นาย", "บุญส่ง", "วงศ์ใหญ่", "1", 71, (20, 20, 20), "", [], True, False),
)
# Item scores that sum to a total, filled in the form's order within each item's range.
MAXIMA = [max(scores) for _k, _l, scores in adl.ITEMS]


def _items(total: int) -> dict[str, int]:
    left, scores = total, []
    for top in MAXIMA:
        take = min(top, left)
        scores.append(take)
        left -= take
    return dict(zip(adl.ITEM_KEYS, scores, strict=True))


def _user(locality, suffix: str) -> User | None:
    return User.objects.filter(username=f"{locality.slug}-{suffix}").first()


def load(localities: list) -> None:
    if not localities:
        return
    locality = localities[0]
    if Person.objects.for_locality(locality).exists():
        return
    manager, caregiver = _user(locality, "care"), _user(locality, "caregiver")
    nurse, fund, driver = (
        _user(locality, "nurse"),
        _user(locality, "fund"),
        _user(locality, "driver"),
    )
    if None in (manager, caregiver, nurse, fund, driver):
        return  # a demo database from before the care roles: nothing to hang the data on
    assert manager and caregiver and nurse and fund and driver
    rng = random.Random(15)
    today = timezone.localdate()
    subdistrict = locality.subdistricts.order_by("pk").first()
    people = []
    for n, (pre, first, last, sex, age, totals, tai, dis, ht, dm) in enumerate(PEOPLE):
        person = person_register(
            locality=locality,
            actor=manager,
            data=PersonIn(
                prename=pre,
                first_name=first,
                last_name=last,
                sex=sex,
                birth_date=date(today.year - age, 1 + n % 12, 1 + (3 * n) % 27),
                phone=f"08{rng.randint(10000000, 99999999)}",
                house_no=f"{10 + 7 * n}/{1 + n % 3}",
                moo=1 + n % 3,
                village=("บ้านหนองทุ่ม", "บ้านนาดี", "บ้านท่าช้าง")[n % 3],
                subdistrict=subdistrict.pk if subdistrict else None,
                lat=locality.center_lat + rng.uniform(-0.03, 0.03),
                lon=locality.center_lon + rng.uniform(-0.03, 0.03),
                household_code=f"H-{100 + n}",
                disability_types=dis,
                hypertension=ht,
                diabetes=dm,
                lives_alone=n % 4 == 0,
                consent_purpose="การดูแลระยะยาว: คัดกรอง แผนการดูแล เยี่ยมบ้าน และรถรับส่งไปโรงพยาบาล",
                consent_basis="consent" if n % 3 else "guardian",
                consent_by=f"{first} {last}" if n % 3 else "บุตร",
                consent_on=today - timedelta(days=370),
                contact_name=f"ลูกของ{first}",
                contact_relation="บุตร",
                contact_phone=f"09{rng.randint(10000000, 99999999)}",
            ),
        )
        for k, total in enumerate(totals):
            assessment_record(
                person=person,
                actor=manager,
                items=_items(total),
                tai=tai if total <= 11 else "",
                assessed_on=today - timedelta(days=330 - 150 * k),
            )
        people.append(person)

    # Plans for the dependent: approved (visits follow), one waiting, one returned.
    dependent = [p for p in people if p.adl_total is not None and p.adl_total <= 11]
    for n, person in enumerate(dependent):
        plan = plan_save(
            person=person,
            actor=manager,
            data=PlanIn(
                starts_on=today,
                ends_on=today + timedelta(days=364),
                goals="ป้องกันแผลกดทับ คงความสามารถในการทำกิจวัตรประจำวัน",
                activities="ทำความสะอาดร่างกาย พลิกตะแคงตัว กายภาพบำบัด ดูแลการกินยา",
                caregiver=caregiver.pk,
            ),
        )
        if n == len(dependent) - 1:
            continue  # a draft the care manager is still writing
        plan_submit(plan=plan, actor=manager)
        if n == len(dependent) - 2:
            continue  # waiting for the sub-committee
        plan_decide(plan=plan, actor=fund, approve=True)
    # Yesterday's visit not made: marked missed (the care manager is told).
    yesterday = today - timedelta(days=1)
    first_visit = Visit.objects.for_locality(locality).order_by("due_on").first()
    if first_visit is not None:
        Visit.objects.for_locality(locality).filter(pk=first_visit.pk).update(due_on=yesterday)
        visits_mark_missed()
    # Today: the caregiver's round (three homes).
    for visit in Visit.objects.for_locality(locality).filter(status="due").order_by("due_on")[:3]:
        Visit.objects.for_locality(locality).filter(pk=visit.pk).update(due_on=today)

    # Smart Car: vehicles, hospitals and tomorrow's rides, planned.
    Vehicle.objects.create(
        locality=locality, name="รถตู้ Smart Car 1", plate="นข 1234", seats=4,
        wheelchair_places=1, driver=driver,
    )  # fmt: skip
    Vehicle.objects.create(
        locality=locality, name="รถกระบะ 2", plate="บท 5678", seats=2, wheelchair_places=0
    )
    hospitals = [
        Hospital.objects.create(
            locality=locality,
            name="โรงพยาบาลศูนย์",
            lat=locality.center_lat + 0.02,
            lon=locality.center_lon + 0.015,
        ),
        Hospital.objects.create(
            locality=locality,
            name="โรงพยาบาลชุมชน",
            lat=locality.center_lat - 0.025,
            lon=locality.center_lon - 0.02,
        ),
    ]
    tomorrow = today + timedelta(days=1)
    for n, person in enumerate(dependent[:5]):
        at = timezone.make_aware(datetime.combine(tomorrow, time(9 + n % 3, 30 if n % 2 else 0)))
        ride_request(
            person=person,
            hospital_id=hospitals[n % 2].pk,
            appointment_at=at,
            mobility=("wheelchair", "walks", "walks", "walks", "wheelchair")[n],
            companion=n % 2 == 0,
            return_trip=True,
            asked_by=f"ลูกของ{person.first_name}",
            channel=("line", "phone", "web", "phone", "web")[n],
        )
    route_plan(locality=locality, actor=manager, day=tomorrow)

    # The health centre: appointments in the coming days, and home readings (one alert).
    for n, person in enumerate(p for p in people if p.hypertension or p.diabetes):
        appointment_book(
            person=person,
            actor=nurse,
            kind="ncd",
            starts_at=timezone.make_aware(
                datetime.combine(today + timedelta(days=1 + n % 5), time(9, 0))
            )
            + timedelta(minutes=15 * n),
        )
        for k in range(3):
            taken = timezone.now() - timedelta(days=3 - k, hours=2)
            sbp = 128 + rng.randint(0, 25) if person.hypertension else None
            glucose = 110 + rng.randint(0, 40) if person.diabetes else None
            if n == 0 and k == 2:
                sbp = 186  # the one that alerts the nurses
            reading_record(
                person=person,
                sbp=sbp,
                dbp=(sbp - 50) if sbp else None,
                glucose=glucose,
                taken_at=taken,
                channel="web",
            )
