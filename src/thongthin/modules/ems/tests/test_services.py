"""EMS services: intake, SOS, dispatch, the timeline, care records, and what they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from thongthin.core.models import AuditEvent, Case, OutboxMessage
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.testing import make_staff
from thongthin.modules.ems import services
from thongthin.modules.ems.models import Assignment, BoardChange, Incident, Unit

from .conftest import LAT, LON, make_unit

pytestmark = pytest.mark.django_db


def _counts():
    return (Case.objects.unscoped().count(), Incident.objects.unscoped().count(),
            BoardChange.objects.unscoped().count())  # fmt: skip


def test_intake_creates_a_case_with_its_ems_record_and_dispatch_code(call, locality):
    incident = call(criterion=4, symptom_group=24, patients_count=3)
    case = incident.case
    assert case.kind == "ems" and case.status == "received" and case.number.startswith("ฉ-")
    assert case.title.startswith("24แดง4 ") and case.priority == "urgent"
    assert case.subdistrict_id is not None  # nearest sub-district of the locality
    assert incident.mass_casualty and incident.idc_colour == "red"
    assert BoardChange.objects.for_locality(locality).filter(incident=incident).exists()


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"symptom_group": 11}, "unknown_symptom_group"),
        ({"symptom_group": 26}, "unknown_symptom_group"),
        ({"symptom_group": None}, "unknown_symptom_group"),
        ({"colour": "pink"}, "unknown_colour"),
        ({"criterion": 0}, "criterion_invalid"),
        ({"lat": 51.5, "lon": -0.12}, "location_outside_thailand"),
        ({"lat": None, "lon": None}, "location_required"),
        ({"lat": 8.43, "lon": None}, "location_incomplete"),
        ({"caller_phone": "call me"}, "phone_invalid"),
        ({"patients_count": 0}, "patients_invalid"),
        ({"call_at": timezone.now() + timedelta(hours=1)}, "time_in_future"),
    ],
)
def test_bad_intake_is_refused_and_changes_nothing(call, extra, code):
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        call(**extra)
    assert caught.value.code == code
    assert _counts() == before


def test_intake_by_subdistrict_name_uses_its_centre(call, locality):
    sub = locality.subdistricts.first()
    incident = call(lat=None, lon=None, subdistrict_id=sub.pk)
    assert (incident.case.lat, incident.case.lon) == (sub.lat, sub.lon)


def test_only_dispatchers_take_calls(locality, officer, responder):
    for actor in (officer, responder):
        with pytest.raises(PermissionDenied):
            services.incident_create(
                locality=locality, actor=actor, symptom_group=6, colour="red", lat=LAT, lon=LON
            )


def test_assign_sets_unit_status_dispatch_time_and_notifies_the_crew(
    call, locality, dispatcher, responder
):
    responder.line_user_id = "Ucrew1"
    responder.save()
    unit = make_unit(locality, "als-1", "ALS", 1, 1, crew=[responder])
    incident = call()
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    unit.refresh_from_db()
    incident.refresh_from_db()
    assert unit.status == "dispatched" and unit.incident_id == incident.pk
    assert incident.dispatch_at is not None and incident.unit_id == unit.pk
    assert Case.objects.for_locality(locality).get(pk=incident.case_id).status == "dispatched"
    push = OutboxMessage.objects.for_locality(locality).get(recipient="Ucrew1")
    assert incident.case.number in push.payload["text"] and "6แดง1" in push.payload["text"]


def test_assigning_a_busy_unit_is_refused_and_changes_nothing(call, locality, dispatcher):
    unit = make_unit(locality, "bls-1", "BLS", status="out_of_service")
    incident = call()
    with pytest.raises(Conflict) as caught:
        services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    assert caught.value.code == "unit_not_available"
    incident.refresh_from_db()
    assert incident.dispatch_at is None and incident.case.status == "received"
    assert not Assignment.objects.for_locality(locality).exists()


def test_stamps_follow_in_order_and_move_case_and_unit(call, locality, dispatcher, responder):
    unit = make_unit(locality, "als-1", "ALS", crew=[responder])
    incident = call()
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    for point, status, unit_status in [
        ("left_base_at", "en_route", "en_route"),
        ("at_scene_at", "on_scene", "on_scene"),
        ("left_scene_at", "left_scene", "transporting"),
        ("at_hospital_at", "at_hospital", "at_hospital"),
        ("back_base_at", "completed", "available"),
    ]:
        incident = services.stamp_set(incident=incident, point=point, actor=responder)
        unit.refresh_from_db()
        assert Case.objects.for_locality(locality).get(pk=incident.case_id).status == status
        assert unit.status == unit_status, point
    assert unit.incident_id is None
    assert Assignment.objects.for_locality(locality).get().released_at is not None


def test_a_stamp_before_its_predecessor_is_refused(call, locality, dispatcher):
    unit = make_unit(locality, "als-1", "ALS")
    incident = call(call_at=timezone.now() - timedelta(minutes=20))
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    incident = services.stamp_set(incident=incident, point="left_base_at", actor=dispatcher)
    with pytest.raises(ValidationFailed) as caught:
        services.stamp_set(
            incident=incident, point="at_scene_at", actor=dispatcher,
            at=incident.left_base_at - timedelta(minutes=1),
        )  # fmt: skip
    assert caught.value.code == "stamp_out_of_order"
    assert caught.value.detail["before"] == "left_base_at"
    incident.refresh_from_db()
    assert incident.at_scene_at is None and incident.case.status == "en_route"
    # Nor may a correction move a point after the next one.
    with pytest.raises(ValidationFailed):
        services.stamp_set(
            incident=incident,
            point="call_at",
            actor=dispatcher,
            at=incident.left_base_at + timedelta(seconds=1),
        )


def test_a_correction_keeps_the_old_time_in_the_audit_log(call, locality, dispatcher):
    unit = make_unit(locality, "als-1", "ALS")
    incident = call(call_at=timezone.now() - timedelta(minutes=30))
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    incident.refresh_from_db()
    first = incident.dispatch_at  # the dispatcher sent the unit, but recorded it late
    corrected = first - timedelta(minutes=2)
    services.stamp_set(incident=incident, point="dispatch_at", actor=dispatcher, at=corrected)
    incident.refresh_from_db()
    assert incident.dispatch_at == corrected
    log = AuditEvent.objects.for_locality(locality).get(action="ems.stamp_corrected")
    assert log.detail == {
        "point": "dispatch_at",
        "from": first.isoformat(),
        "to": corrected.isoformat(),
    }
    assert log.actor_id == dispatcher.pk


def test_skipped_point_stamped_late_fills_the_record_without_going_back(call, locality, dispatcher):
    unit = make_unit(locality, "als-1", "ALS")
    incident = call(call_at=timezone.now() - timedelta(minutes=20))
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    services.stamp_set(
        incident=incident, point="dispatch_at", actor=dispatcher,
        at=timezone.now() - timedelta(minutes=15),
    )  # fmt: skip
    incident = services.stamp_set(incident=incident, point="at_scene_at", actor=dispatcher)
    late = incident.at_scene_at - timedelta(minutes=5)
    incident = services.stamp_set(
        incident=incident, point="left_base_at", actor=dispatcher, at=late
    )
    assert incident.left_base_at == late
    assert Case.objects.for_locality(locality).get(pk=incident.case_id).status == "on_scene"
    unit.refresh_from_db()
    assert unit.status == "on_scene"


def test_dispatch_is_stamped_by_assigning_and_closed_incidents_take_no_new_stamps(
    call, locality, dispatcher
):
    incident = call()
    with pytest.raises(ValidationFailed) as caught:
        services.stamp_set(incident=incident, point="dispatch_at", actor=dispatcher)
    assert caught.value.code == "dispatch_by_assigning"
    services.incident_cancel(incident=incident, actor=dispatcher, reason="แจ้งซ้ำ")
    with pytest.raises(DomainError) as caught:
        services.stamp_set(incident=incident, point="left_base_at", actor=dispatcher)
    assert caught.value.code == "incident_closed"


def test_responder_works_only_their_own_unit_and_incident(call, locality, dispatcher, responder):
    mine = make_unit(locality, "als-1", "ALS", crew=[responder])
    theirs = make_unit(locality, "bls-1", "BLS", 2, 2)
    incident = call()
    services.unit_assign(incident=incident, unit=theirs, actor=dispatcher)
    with pytest.raises(PermissionDenied) as caught:
        services.stamp_set(incident=incident, point="left_base_at", actor=responder)
    assert caught.value.code == "not_your_incident"
    with pytest.raises(PermissionDenied) as caught:
        services.unit_position(unit=theirs, actor=responder, lat=LAT, lon=LON)
    assert caught.value.code == "not_your_unit"
    with pytest.raises(PermissionDenied):
        services.unit_set_status(unit=theirs, status="out_of_service", actor=responder)
    theirs.refresh_from_db()
    assert theirs.status == "dispatched"
    assert services.unit_position(unit=mine, actor=responder, lat=LAT, lon=LON)


def test_positions_arriving_late_do_not_overwrite_newer_ones(locality, responder):
    unit = make_unit(locality, "als-1", "ALS", crew=[responder])
    now = timezone.now()
    assert services.unit_position(unit=unit, actor=responder, lat=8.44, lon=99.97, at=now)
    assert not services.unit_position(
        unit=unit, actor=responder, lat=8.40, lon=99.90, at=now - timedelta(minutes=1)
    )
    unit.refresh_from_db()
    assert (unit.lat, unit.lon) == (8.44, 99.97)
    with pytest.raises(ValidationFailed) as caught:
        services.unit_position(unit=unit, actor=responder, lat=float("nan"), lon=99.9)
    assert caught.value.code == "location_invalid"


def test_sos_twice_from_the_same_person_is_one_incident(locality):
    citizen = citizen_upsert(locality=locality, phone="0891234567")
    first, created = services.sos_create(
        locality=locality, citizen=citizen, lat=LAT, lon=LON, reason="ล้ม"
    )
    again, created_again = services.sos_create(
        locality=locality, citizen=citizen, lat=LAT, lon=LON, reason="ไม่รู้สึกตัว"
    )
    assert created and not created_again and again.pk == first.pk
    assert Incident.objects.for_locality(locality).count() == 1
    assert "ไม่รู้สึกตัว" in Incident.objects.for_locality(locality).get().notes
    assert not first.confirmed


def test_unconfirmed_sos_cannot_be_dispatched_until_confirmed(locality, dispatcher):
    citizen = citizen_upsert(locality=locality, phone="0891234567")
    incident, _ = services.sos_create(locality=locality, citizen=citizen, lat=LAT, lon=LON)
    unit = make_unit(locality, "als-1", "ALS")
    with pytest.raises(Conflict) as caught:
        services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    assert caught.value.code == "sos_unconfirmed"
    services.incident_confirm(
        incident=incident, actor=dispatcher, symptom_group=19, colour="red", criterion=1
    )
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    case = Case.objects.for_locality(locality).get(pk=incident.case_id)
    assert case.title.startswith("19แดง1") and case.status == "dispatched"


def test_scene_colour_is_kept_beside_the_dispatch_colour(call, locality, dispatcher, responder):
    unit = make_unit(locality, "als-1", "ALS", crew=[responder])
    incident = call()
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    services.scene_triage(
        incident=incident, actor=responder, rc_colour="yellow", rc_detail="รู้สึกตัวดี"
    )
    incident.refresh_from_db()
    assert (incident.idc_colour, incident.rc_colour) == ("red", "yellow")
    with pytest.raises(ValidationFailed):
        services.scene_triage(incident=incident, actor=responder, rc_colour="pink")


def test_patient_care_record(call, locality, dispatcher, responder):
    from thongthin.modules.ems.models import Hospital

    hospital = Hospital.objects.create(locality=locality, name="รพ.ทดสอบ")
    unit = make_unit(locality, "als-1", "ALS", crew=[responder])
    incident = call()
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    patient = services.patient_save(
        incident=incident, actor=responder, name="สมชาย", age=64, sex="m",
        national_id="1101700203450", vitals=[{"hr": 130, "sbp": 85, "spo2": 91}],
        treatment="O2 mask 10 LPM", hospital_id=hospital.pk,
    )  # fmt: skip
    patient = services.patient_save(
        incident=incident, actor=responder, patient=patient, vitals=[{"hr": 110}],
        handover_at=timezone.now(), outcome="transported",
    )  # fmt: skip
    assert [v["hr"] for v in patient.vitals] == [130, 110]
    assert patient.national_id_masked.endswith("05") or "x" in patient.national_id_masked
    assert "1101700203450" not in patient.national_id_masked
    incident.refresh_from_db()
    assert incident.hospital_id == hospital.pk
    with pytest.raises(ValidationFailed) as caught:
        services.patient_save(incident=incident, actor=responder, vitals=[{"spo2": 180}])
    assert caught.value.code == "vital_out_of_range"
    other = make_staff(locality, "responder")
    with pytest.raises(PermissionDenied):
        services.patient_save(incident=incident, actor=other, name="x")


def test_tenant_isolation(call, locality, other_locality, dispatcher):
    foreign = make_unit(other_locality, "als-9", "ALS")
    incident = call()
    with pytest.raises(ValidationFailed) as caught:
        services.unit_assign(incident=incident, unit=foreign, actor=dispatcher)
    assert caught.value.code == "unknown_unit"
    other_dispatcher = make_staff(other_locality, "dispatcher")
    with pytest.raises(PermissionDenied):
        services.stamp_set(incident=incident, point="left_base_at", actor=other_dispatcher)
    assert Unit.objects.for_locality(other_locality).get().status == "available"
