from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from thongthin.core.testing import make_staff

from .. import services
from ..models import Hospital, Person, Vehicle
from ..services import PersonIn, assessment_record, person_register

ID = "1101700203450"  # a valid national ID (mod-11 check digit)


def person_data(**extra) -> PersonIn:
    today = timezone.localdate()
    values = {
        "prename": "นาง",
        "first_name": "บุญมา",
        "last_name": "แก้วใส",
        "sex": "2",
        "birth_date": date(today.year - 80, 3, 1),
        "house_no": "12/3",
        "moo": 4,
        "lat": 8.431,
        "lon": 99.961,
        "household_code": "H-12",
        "consent_purpose": "การดูแลระยะยาว",
        "consent_basis": "consent",
        "consent_by": "บุญมา แก้วใส",
        "consent_on": today - timedelta(days=1),
    }
    values.update(extra)
    return PersonIn(**values)


def plan_in(who, **extra) -> services.PlanIn:
    """A year's care plan from today, with ``who`` as the caregiver."""
    today = timezone.localdate()
    values = {
        "starts_on": today,
        "ends_on": today + timedelta(days=364),
        "goals": "ป้องกันแผลกดทับ",
        "activities": "พลิกตัว ทำความสะอาด",
        "caregiver": who.pk,
    }
    values.update(extra)
    return services.PlanIn(**values)


def items(total: int) -> dict[str, int]:
    from .. import adl

    left, out = total, {}
    for key, _label, allowed in adl.ITEMS:
        out[key] = min(max(allowed), left)
        left -= out[key]
    return out


@pytest.fixture
def manager(locality):
    return make_staff(locality, "care_manager", "health")


@pytest.fixture
def caregiver(locality):
    return make_staff(locality, "caregiver", "health")


@pytest.fixture
def nurse(locality):
    user = make_staff(locality, "nurse", "health")
    user.email = "nurse@example.org"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def committee(locality):
    return make_staff(locality, "ltc_committee")


@pytest.fixture
def driver(locality):
    return make_staff(locality, "driver")


@pytest.fixture
def person(locality, manager) -> Person:
    person = person_register(locality=locality, actor=manager, data=person_data())
    assessment_record(person=person, actor=manager, items=items(7), tai="B3")
    person.refresh_from_db()
    return person


@pytest.fixture
def hospital(locality):
    return Hospital.objects.create(locality=locality, name="โรงพยาบาลศูนย์", lat=8.45, lon=99.98)


@pytest.fixture
def van(locality, driver):
    return Vehicle.objects.create(
        locality=locality, name="รถตู้", seats=3, wheelchair_places=1, driver=driver
    )
