"""Households and who goes first, shelters under concurrent check-ins, relief with confirmation
and photo, the DDPM register, disaster incidents, tenant isolation."""

from __future__ import annotations

import csv
import io
import threading
from datetime import date

import pytest
from django.db import connection

from thongthin.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from thongthin.core.models import AuditEvent
from thongthin.core.testing import jpeg, make_staff
from thongthin.modules.warroom.models import Alert, Household, Shelter, Stay, Stock, Store
from thongthin.modules.warroom.services import people, relief, shelters

AREA = "15.245,105.229 2"


@pytest.fixture
def officer_user(locality):
    return make_staff(locality, "officer")


def _homes(locality, officer):
    people.household_save(
        locality=locality,
        actor=officer,
        code="12/1",
        head_name="นายหนึ่ง",
        lat=15.246,
        lon=105.230,
        zone="ริมมูล",
        members=[
            {"name": "ยายแก้ว", "birth_year": 1940, "bedridden": True},
            {"name": "นายหนึ่ง", "birth_year": 1975},
        ],
    )
    people.household_save(
        locality=locality,
        actor=officer,
        code="12/2",
        head_name="นางสอง",
        lat=15.247,
        lon=105.231,
        zone="ริมมูล",
        members=[{"name": "นางสอง", "birth_year": 1995, "pregnant": True}],
    )
    people.household_save(
        locality=locality,
        actor=officer,
        code="99/9",
        head_name="นายไกล",
        lat=15.40,
        lon=105.40,
        members=[{"name": "ตาไกล", "elderly_alone": True}],
    )


@pytest.mark.django_db
def test_who_goes_first_when_an_area_is_warned(locality, officer_user):
    _homes(locality, officer_user)
    alert = Alert.objects.create(
        locality=locality,
        identifier="x",
        event="น้ำท่วม",
        severity="Severe",
        headline="h",
        area_desc="ริมมูล",
        circle=AREA,
        status="issued",
        created_at="2026-11-01T00:00:00+07:00",
    )
    rows = people.evacuation_list(alert=alert, actor=officer_user)
    assert [r["household"] for r in rows] == ["12/1", "12/2"]  # bedridden first; 99/9 is outside
    assert rows[0]["vulnerable"] == [
        {"name": "ยายแก้ว", "flags": ["bedridden"], "labels": ["ติดเตียง"]}  # flags in words too
    ]
    assert AuditEvent.objects.for_locality(locality).filter(action="pii.read").exists()
    with pytest.raises(PermissionDenied):
        people.evacuation_list(alert=alert, actor=make_staff(locality, "dispatcher"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_never_overfill_a_shelter(locality, officer_user):
    shelter = Shelter.objects.create(
        locality=locality, name="โรงเรียนวัด", lat=15.24, lon=105.22, capacity=5, status="open"
    )
    results: list[str] = []
    barrier = threading.Barrier(8)

    def arrive(n: int) -> None:
        try:
            barrier.wait()
            shelters.check_in(shelter=shelter, actor=officer_user, name=f"ผู้อพยพ {n}", sex="f")
            results.append("in")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=arrive, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["in"] * 5 + ["shelter_full"] * 3
    assert shelters.occupancy(shelter) == {
        "present": 5,
        "free": 0,
        "capacity": 5,
        "male": 0,
        "female": 5,
        "children": 0,
        "elderly": 0,
        "special_needs": 0,
    }


@pytest.mark.django_db
def test_duplicate_check_in_is_refused_and_check_out_frees_the_place(locality, officer_user):
    _homes(locality, officer_user)
    a = Shelter.objects.create(
        locality=locality, name="A", lat=15.2, lon=105.2, capacity=10, status="open"
    )
    b = Shelter.objects.create(
        locality=locality, name="B", lat=15.2, lon=105.2, capacity=10, status="open"
    )
    grandma = Household.objects.for_locality(locality).get(code="12/1").members.get(name="ยายแก้ว")
    stay = shelters.check_in(shelter=a, actor=officer_user, member=grandma)
    assert stay.special_needs and stay.age_group == "elderly"
    with pytest.raises(Conflict) as caught:
        shelters.check_in(shelter=b, actor=officer_user, member=grandma)
    assert caught.value.code == "already_checked_in"
    shelters.check_in(shelter=a, actor=officer_user, name="เด็กชาย ดำ", birth_year=2020, sex="m")
    with pytest.raises(Conflict):
        shelters.check_in(shelter=b, actor=officer_user, name="เด็กชาย  ดำ", birth_year=2020)
    assert shelters.occupancy(a)["children"] == 1
    shelters.check_out(stay=stay, actor=officer_user)
    with pytest.raises(Conflict):
        shelters.check_out(stay=stay, actor=officer_user)
    shelters.check_in(shelter=b, actor=officer_user, member=grandma)  # may go elsewhere now
    assert Stay.objects.for_locality(locality).filter(checked_out_at__isnull=True).count() == 2
    Shelter.objects.for_locality(locality).filter(pk=a.pk).update(status="closed")
    a.refresh_from_db()
    with pytest.raises(Conflict) as caught:
        shelters.check_in(shelter=a, actor=officer_user, name="ใครสักคน")
    assert caught.value.code == "shelter_closed"


@pytest.mark.django_db
def test_relief_needs_stock_confirmation_and_a_photo(locality, officer_user):
    _homes(locality, officer_user)
    store = Store.objects.create(locality=locality, name="คลังเทศบาล")
    home = Household.objects.for_locality(locality).get(code="12/1")
    relief.stock_receive(store=store, actor=officer_user, item="ถุงยังชีพ", quantity=3, unit="ถุง")
    base = {"store": store, "actor": officer_user, "household": home, "item": "ถุงยังชีพ"}
    with pytest.raises(ValidationFailed) as caught:
        relief.distribute(
            **base, quantity=1, recipient_name="นายหนึ่ง", confirmed=False, photo=jpeg()
        )
    assert caught.value.code == "confirmation_required"
    with pytest.raises(ValidationFailed) as caught:
        relief.distribute(**base, quantity=1, recipient_name="นายหนึ่ง", confirmed=True)
    assert caught.value.code == "photo_required"
    with pytest.raises(Conflict) as caught:
        relief.distribute(**base, quantity=4, recipient_name="นายหนึ่ง", confirmed=True, photo=jpeg())
    assert caught.value.code == "insufficient_stock"
    move = relief.distribute(
        **base, quantity=2, recipient_name="นายหนึ่ง", confirmed=True, photo=jpeg(gps=True)
    )
    assert Stock.objects.for_locality(locality).get().quantity == 1
    from PIL import Image

    with move.photo.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as photo:
        assert not photo.getexif().get_ifd(0x8825)  # the hand-over photo lost its GPS
    assert not move.photo.public


@pytest.mark.django_db
def test_affected_register_and_its_csv(client, locality, officer_user):
    _homes(locality, officer_user)
    home = Household.objects.for_locality(locality).get(code="12/1")
    relief.affected_register(
        household=home,
        actor=officer_user,
        event="น้ำท่วม พ.ย. 2569",
        flooded_from=date(2026, 11, 10),
        flooded_to=date(2026, 11, 20),
        eligibility=2,
        applicant_name="นายหนึ่ง",
        national_id="1101700203450",
        bank="ออมสิน",
        bank_account="020-1-23456-7",
    )
    with pytest.raises(Conflict):
        relief.affected_register(
            household=home,
            actor=officer_user,
            event="น้ำท่วม พ.ย. 2569",
            flooded_from=date(2026, 11, 10),
            eligibility=2,
            applicant_name="x",
        )
    with pytest.raises(ValidationFailed):
        relief.affected_register(
            household=home,
            actor=officer_user,
            event="อื่น",
            flooded_from=date(2026, 11, 10),
            eligibility=7,
            applicant_name="x",
        )
    client.force_login(officer_user)
    body = client.get("/staff/warroom/affected.csv").content.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["days_flooded"] == "11" and row["eligibility"] == "2"
    assert "1101700203450" not in body and row["applicant_id"] == "x-xxxx-xxxxx-45-0"
    assert row["bank_account"] == "xxx-x-x4567"
    client.force_login(make_staff(locality, "dispatcher"))
    assert client.get("/staff/warroom/affected.csv").status_code == 404


@pytest.mark.django_db
def test_disaster_incidents_are_cases(locality, officer_user):
    case = people.incident_report(
        locality=locality,
        actor=officer_user,
        category="flooded_road",
        lat=15.245,
        lon=105.229,
        description="ถนนสายหลักน้ำสูง 50 ซม.",
    )
    assert (
        case.kind == "disaster" and case.number.startswith("ภ-") and case.category == "flooded_road"
    )
    with pytest.raises(ValidationFailed):
        people.incident_report(locality=locality, category="alien", lat=15.2, lon=105.2)


@pytest.mark.django_db
def test_tenant_isolation(locality, other_locality, officer_user):
    theirs = Shelter.objects.create(
        locality=other_locality, name="X", lat=15.2, lon=105.2, capacity=5, status="open"
    )
    with pytest.raises(PermissionDenied):
        shelters.check_in(shelter=theirs, actor=officer_user, name="ใคร")
    _homes(locality, officer_user)
    member = Household.objects.for_locality(locality).first().members.first()
    their_officer = make_staff(other_locality, "officer")
    with pytest.raises(NotFound):
        shelters.check_in(shelter=theirs, actor=their_officer, member=member)
