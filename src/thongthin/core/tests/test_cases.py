import pytest
from django.db import transaction
from django.utils import timezone

from thongthin.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from thongthin.core.models import AuditEvent, Case, CaseEvent, OutboxMessage
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.case_work import case_add_note, case_assign
from thongthin.core.services.cases import case_create, case_transition
from thongthin.core.testing import make_staff
from thongthin.core.thai import be_year
from thongthin.core.workflow import Action, State, Workflow


def _create(locality, **kw):
    kw.setdefault("title", "ขอรถดูดสิ่งปฏิกูล")
    return case_create(locality=locality, kind="general", channel=kw.pop("channel", "web"), **kw)


@pytest.mark.django_db
def test_numbers_read_aloud_per_locality_and_year(locality, other_locality):
    year = be_year(timezone.now())
    first, second = _create(locality), _create(locality)
    elsewhere = _create(other_locality)
    assert first.number == f"ค-{year}-000001"
    assert second.number == f"ค-{year}-000002"
    assert elsewhere.number == f"ค-{year}-000001"
    assert len(first.tracking_code) == 10 and first.tracking_code != second.tracking_code


@pytest.mark.django_db
def test_create_records_location_sla_timeline_audit_and_notice(locality):
    citizen = citizen_upsert(locality=locality, phone="081-234-5678", display_name="สมใจ")
    case = _create(locality, lat=8.4082, lon=99.9721, reporter=citizen, channel="line")
    assert case.h3_cell and len(case.h3_cell) == 15
    assert case.subdistrict_id == 800101  # nearest covered sub-district
    assert case.sla_due_at > case.created_at and case.sla_mode == "working"
    events = list(case.events.all())
    assert [(e.kind, e.to_status, e.public) for e in events] == [("created", "received", True)]
    assert (
        AuditEvent.objects.for_locality(locality)
        .filter(action="case.created", object_id=str(case.pk))
        .exists()
    )
    message = OutboxMessage.objects.for_locality(locality).get()
    assert case.number in message.payload["text"] and message.status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "   "}, "title_required"),
        ({"title": "x" * 201}, "title_too_long"),
        ({"lat": 13.7}, "location_incomplete"),
        ({"lat": 35.68, "lon": 139.69}, "location_outside_thailand"),
        ({"lat": float("nan"), "lon": 100.5}, "location_invalid"),
        ({"channel": "fax"}, "unknown_channel"),
        ({"priority": "whenever"}, "unknown_priority"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(locality, fields, code):
    with pytest.raises(ValidationFailed) as error:
        _create(locality, **fields)
    assert error.value.code == code
    assert Case.objects.for_locality(locality).count() == 0
    assert CaseEvent.objects.for_locality(locality).count() == 0
    assert OutboxMessage.objects.for_locality(locality).count() == 0


@pytest.mark.django_db
def test_workflow_moves_and_refuses_illegal_steps(locality, officer):
    case = _create(locality)
    case = case_transition(case=case, action="accept", actor=officer)
    assert case.status == "accepted"
    with pytest.raises(IllegalTransition) as error:
        case_transition(case=case, action="accept", actor=officer)
    assert error.value.code == "illegal_transition"
    assert error.value.detail["allowed"] == ["start", "resolve", "reject"]
    with pytest.raises(IllegalTransition) as error:
        case_transition(case=case, action="teleport", actor=officer)
    assert error.value.code == "unknown_action"
    with pytest.raises(ValidationFailed) as error:
        case_transition(case=case, action="resolve", actor=officer, reason=" ")
    assert error.value.code == "reason_required"
    case = case_transition(case=case, action="resolve", actor=officer, reason="ซ่อมแล้ว")
    assert case.status == "resolved" and case.closed_at is not None
    timeline = [(e.kind, e.from_status, e.to_status) for e in case.events.all()]
    assert timeline == [
        ("created", "", "received"),
        ("transition", "received", "accepted"),
        ("assigned", "", ""),  # accepting takes the case: the officer who accepted has it
        ("transition", "accepted", "resolved"),
    ]
    assert case.assignee == officer
    assert AuditEvent.objects.for_locality(locality).filter(action="case.transition").count() == 2


@pytest.mark.django_db
def test_a_stale_copy_cannot_move_a_case_twice(locality, officer):
    case = _create(locality)
    stale = Case.objects.for_locality(locality).get(pk=case.pk)
    case_transition(case=case, action="reject", actor=officer, reason="ซ้ำ")
    with pytest.raises(IllegalTransition):
        case_transition(case=stale, action="accept", actor=officer)
    assert Case.objects.for_locality(locality).get(pk=case.pk).status == "rejected"


@pytest.mark.django_db
def test_transition_is_atomic_with_its_timeline_and_audit(locality, officer, monkeypatch):
    case = _create(locality)
    from thongthin.core.services import cases as cases_module

    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(cases_module, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        case_transition(case=case, action="accept", actor=officer)
    case.refresh_from_db()
    assert case.status == "received"
    assert case.events.count() == 1


@pytest.mark.django_db
def test_staff_of_another_locality_cannot_act(locality, other_officer):
    case = _create(locality)
    with pytest.raises(PermissionDenied):
        case_transition(case=case, action="accept", actor=other_officer)
    with pytest.raises(PermissionDenied):
        case_add_note(case=case, actor=other_officer, message="x")
    assert case.events.count() == 1


@pytest.mark.django_db
def test_assign_and_notes(locality, admin, officer, other_locality):
    case = _create(locality)
    engineering = locality.departments.get(code="engineering")
    case = case_assign(case=case, actor=admin, department=engineering, assignee=officer)
    assert case.department == engineering and case.assignee == officer
    foreign = make_staff(other_locality)
    with pytest.raises(NotFound):
        case_assign(case=case, actor=admin, assignee=foreign)
    case_add_note(case=case, actor=officer, message="ตรวจสอบพื้นที่แล้ว", public=False)
    case_add_note(case=case, actor=officer, message="จะเข้าซ่อมพรุ่งนี้", public=True)
    kinds = [(e.kind, e.public) for e in case.events.all()]
    assert kinds[-3:] == [("assigned", False), ("note", False), ("note", True)]


@pytest.mark.django_db(transaction=True)
def test_notifications_wait_for_commit(locality, officer):
    citizen = citizen_upsert(locality=locality, phone="0812345678")
    with pytest.raises(RuntimeError), transaction.atomic():
        _create(locality, reporter=citizen)
        raise RuntimeError("the surrounding request failed")
    assert OutboxMessage.objects.for_locality(locality).count() == 0
    assert Case.objects.for_locality(locality).count() == 0


def test_workflow_declarations_are_checked():
    with pytest.raises(ValueError):
        Workflow(states=(State("a", "ก", "A"),), initial="b", actions=())
    with pytest.raises(ValueError):
        Workflow(
            states=(State("a", "ก", "A"),),
            initial="a",
            actions=(Action("go", ("a",), "nowhere", "ไป", "Go"),),
        )
