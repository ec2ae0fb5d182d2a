"""Care services, plans and visits: approval at the dated rate; visits generated, recorded once
from a phone that sent twice, flagged far from home, missed."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from thongthin.core.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from thongthin.core.models import AuditEvent, OutboxMessage
from thongthin.core.testing import jpeg, make_staff

from .. import selectors, services
from ..models import Visit
from ..services.visits import visits_mark_missed
from .conftest import items, person_data, plan_in

pytestmark = pytest.mark.django_db


def test_plan_approval_pays_the_rate_in_force_and_schedules_visits(
    locality, person, manager, caregiver, committee
):
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    assert plan.visits_per_month == 2  # group 2 by the setting
    with pytest.raises(PermissionDenied):
        services.plan_decide(plan=plan, actor=manager, approve=True)
    with pytest.raises(IllegalTransition):  # not submitted yet
        services.plan_decide(plan=plan, actor=committee, approve=True)
    services.plan_submit(plan=plan, actor=manager)
    with pytest.raises(ValidationFailed):  # a return needs its reason
        services.plan_decide(plan=plan, actor=committee, approve=False)
    decided = services.plan_decide(plan=plan, actor=committee, approve=True)
    assert decided.status == "approved"
    assert decided.amount == Decimal("10442")  # 365 days from today: the 2024 rate, whole
    visits = Visit.objects.for_locality(locality).filter(plan=plan)
    assert 23 <= visits.count() <= 26 and {v.caregiver_id for v in visits} == {caregiver.pk}
    assert services.visits_generate(decided) == 0  # idempotent


def test_a_plan_is_for_dependent_people_and_does_not_overlap(locality, manager, caregiver):
    fit = services.person_register(locality=locality, actor=manager, data=person_data())
    services.assessment_record(person=fit, actor=manager, items=items(16))
    fit.refresh_from_db()
    with pytest.raises(ValidationFailed) as caught:
        services.plan_save(person=fit, actor=manager, data=plan_in(caregiver))
    assert caught.value.code == "not_dependent"
    services.assessment_record(person=fit, actor=manager, items=items(6))
    fit.refresh_from_db()
    services.plan_save(person=fit, actor=manager, data=plan_in(caregiver))
    with pytest.raises(ValidationFailed) as caught:
        services.plan_save(person=fit, actor=manager, data=plan_in(caregiver))
    assert caught.value.code == "plan_overlaps"
    officer = make_staff(locality, "officer")
    with pytest.raises(ValidationFailed) as caught:  # not a caregiver
        services.plan_save(
            person=fit, actor=manager,
            data=plan_in(officer, starts_on=timezone.localdate() + timedelta(days=400),
                         ends_on=timezone.localdate() + timedelta(days=500)),
        )  # fmt: skip
    assert caught.value.code == "caregiver_invalid"


def test_returned_plans_carry_their_reason(locality, person, manager, caregiver, committee):
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    services.plan_submit(plan=plan, actor=manager)
    plan = services.plan_decide(plan=plan, actor=committee, approve=False, reason="เพิ่มกายภาพ")
    assert plan.status == "returned" and plan.return_reason == "เพิ่มกายภาพ"
    assert not Visit.objects.for_locality(locality).filter(plan=plan).exists()


# --- Visits -------------------------------------------------------------------------------------


@pytest.fixture
def visit(locality, person, caregiver):
    return Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )


def test_a_visit_sent_twice_is_stored_once(locality, visit, caregiver):
    data = services.VisitIn(client_id=str(uuid.uuid4()), lat=8.4311, lon=99.9611, sbp=130,
                            dbp=80, activities=["bathing"], notes="ดี")  # fmt: skip
    first, new = services.visit_record(visit=visit, actor=caregiver, data=data)
    again, new_again = services.visit_record(visit=visit, actor=caregiver, data=data)
    assert (new, new_again) == (True, False) and first.pk == again.pk
    assert first.status == "done" and not first.far and first.distance_m < 50
    assert (
        AuditEvent.objects.for_locality(locality).filter(action="care.visit_recorded").count() == 1
    )
    other = services.VisitIn(client_id=str(uuid.uuid4()))
    with pytest.raises(Conflict):  # a second phone's copy of a visit already done
        services.visit_record(visit=visit, actor=caregiver, data=other)


def test_a_visit_far_from_home_is_kept_and_flagged(locality, visit, caregiver):
    data = services.VisitIn(client_id=str(uuid.uuid4()), lat=8.45, lon=99.99)
    row, _ = services.visit_record(visit=visit, actor=caregiver, data=data)
    assert row.status == "done" and row.far and row.distance_m > 3000


def test_visit_photos_lose_their_location(locality, visit, caregiver):
    from thongthin.core.models import Attachment

    data = services.VisitIn(client_id=str(uuid.uuid4()), photos=[jpeg(gps=True)])
    row, _ = services.visit_record(visit=visit, actor=caregiver, data=data)
    stored = Attachment.objects.for_locality(locality).get(pk=row.photos[0])
    assert b"GPS" not in stored.file.read() and not stored.public
    assert stored.guarded


def test_a_refused_visit_keeps_none_of_its_photos(locality, visit, caregiver):
    # Photos are written before the visit's transaction; a send refused inside it (a second
    # phone's copy) or already stored (the same send again) leaves no file behind.
    from pathlib import Path

    from django.core.files.storage import default_storage

    from thongthin.core.models import Attachment

    def files() -> set[Path]:
        return {p for p in Path(default_storage.location).rglob("*") if p.is_file()}

    first = services.VisitIn(client_id=str(uuid.uuid4()), photos=[jpeg()])
    services.visit_record(visit=visit, actor=caregiver, data=first)
    kept, rows = files(), Attachment.objects.for_locality(locality).count()
    assert rows == 1
    second_phone = services.VisitIn(client_id=str(uuid.uuid4()), photos=[jpeg((200, 10, 10))])
    with pytest.raises(Conflict):
        services.visit_record(visit=visit, actor=caregiver, data=second_phone)
    assert files() == kept and Attachment.objects.for_locality(locality).count() == rows


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"client_id": "not-a-uuid"}, "client_id_invalid"),
        ({"sbp": 400, "dbp": 80}, "reading_impossible"),
        ({"pulse": 5}, "reading_impossible"),
        ({"temperature": 50.0}, "reading_impossible"),
        ({"activities": ["dancing"]}, "activity_invalid"),
        ({"lat": 60.0, "lon": 10.0}, "location_outside_thailand"),
    ],
)
def test_bad_visits_change_nothing(locality, visit, caregiver, change, code):
    data = services.VisitIn(**{"client_id": str(uuid.uuid4()), **change})
    with pytest.raises(ValidationFailed) as caught:
        services.visit_record(visit=visit, actor=caregiver, data=data)
    assert caught.value.code == code
    visit.refresh_from_db()
    assert visit.status == "due"


def test_someone_elses_visit_is_refused(locality, visit):
    stranger = make_staff(locality, "caregiver")
    with pytest.raises(NotFound):
        selectors.access_visit(actor=stranger, locality=locality, visit_id=visit.pk)


def test_missed_visits_are_marked_and_the_care_manager_told_once(
    locality, person, manager, caregiver, committee
):
    manager.email = "cm@example.org"
    manager.save(update_fields=["email"])
    plan = services.plan_save(person=person, actor=manager, data=plan_in(caregiver))
    services.plan_submit(plan=plan, actor=manager)
    services.plan_decide(plan=plan, actor=committee, approve=True)
    first = Visit.objects.for_locality(locality).filter(plan=plan).order_by("due_on").first()
    Visit.objects.for_locality(locality).filter(pk=first.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert visits_mark_missed() == 1
    assert visits_mark_missed() == 0
    first.refresh_from_db()
    assert first.status == "missed"
    told = OutboxMessage.objects.for_locality(locality).filter(recipient="cm@example.org")
    assert told.count() == 1


# --- Health centre ----------------------------------------------------------------------------
