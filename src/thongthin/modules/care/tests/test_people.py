"""Care services, the registry: the PDPA record and audited reads; roles and tenants (a
complaints officer sees nothing); screenings; the selector the war room and the dispatcher use;
the 43-file export and the summary."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.core.errors import (
    Conflict,
    NotFound,
    ValidationFailed,
)
from thongthin.core.models import AuditEvent
from thongthin.core.testing import make_staff

from .. import reports, selectors, services
from ..models import Person, Visit
from .conftest import ID, items, person_data

pytestmark = pytest.mark.django_db


def reads(locality, what: str) -> int:
    rows = AuditEvent.objects.for_locality(locality).filter(action="pii.read")
    return sum(1 for detail in rows.values_list("detail", flat=True) if detail.get("what") == what)


# --- Registry -------------------------------------------------------------------------------


def test_registering_keeps_the_id_masked_and_hashed_and_the_consent(locality, manager):
    person = services.person_register(
        locality=locality, actor=manager, data=person_data(national_id=ID)
    )
    assert person.national_id_masked == "x-xxxx-xxxxx-45-0"
    assert len(person.national_id_hash) == 64 and ID not in person.national_id_hash
    assert person.consent_basis == "consent" and person.consent_purpose
    with pytest.raises(Conflict) as caught:
        services.person_register(locality=locality, actor=manager, data=person_data(national_id=ID))
    assert caught.value.code == "person_exists"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"consent_purpose": ""}, "consent_required"),
        ({"consent_basis": "because"}, "consent_required"),
        ({"consent_by": " "}, "consent_required"),
        ({"consent_on": None}, "consent_required"),
        ({"national_id": "1234567890123"}, "national_id_invalid"),
        ({"birth_date": None}, "required"),
        ({"moo": 120}, "moo_invalid"),
        ({"lat": 51.5, "lon": -0.1}, "location_outside_thailand"),
        ({"disability_types": ["9"]}, "disability_invalid"),
        ({"phone": "12345"}, "phone_invalid"),
        ({"sex": "x"}, "sex_invalid"),
    ],
)
def test_registration_refuses_bad_input_and_keeps_nothing(locality, manager, change, code):
    with pytest.raises(ValidationFailed) as caught:
        services.person_register(locality=locality, actor=manager, data=person_data(**change))
    assert caught.value.code == code
    assert not Person.objects.for_locality(locality).exists()


def test_only_care_roles_see_people_and_every_read_is_logged(locality, person, manager):
    officer = make_staff(locality, "officer")  # complaints, e-services
    executive = make_staff(locality, "executive")
    for outsider in (officer, executive):
        if outsider is executive:  # the war room's commander: only who cannot leave alone
            assert selectors.vulnerable_near(actor=outsider, locality=locality)
            with pytest.raises(NotFound):
                selectors.people_list(actor=outsider, locality=locality)
            continue
        with pytest.raises(NotFound):
            selectors.people_list(actor=outsider, locality=locality)
        with pytest.raises(NotFound):
            selectors.access_person(actor=outsider, locality=locality, person_id=person.pk)
        assert selectors.vulnerable_near(actor=outsider, locality=locality) == []
    before = reads(locality, "care.person")
    selectors.access_person(actor=manager, locality=locality, person_id=person.pk, ip="10.0.0.1")
    assert reads(locality, "care.person") == before + 1
    selectors.people_list(actor=manager, locality=locality)
    assert reads(locality, "care.people") >= 1


def test_another_locality_sees_nothing(locality, person, other_locality):
    theirs = make_staff(other_locality, "care_manager")
    with pytest.raises(NotFound):
        selectors.access_person(actor=theirs, locality=other_locality, person_id=person.pk)
    assert selectors.people_list(actor=theirs, locality=other_locality) == []


def test_a_caregiver_sees_only_the_people_they_visit(locality, person, manager, caregiver):
    with pytest.raises(NotFound):
        selectors.access_person(actor=caregiver, locality=locality, person_id=person.pk)
    Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )
    assert selectors.access_person(actor=caregiver, locality=locality, person_id=person.pk)
    with pytest.raises(NotFound):
        selectors.people_list(actor=caregiver, locality=locality)


def test_moving_away_ends_due_visits(locality, person, manager, caregiver):
    today = timezone.localdate()
    Visit.objects.create(locality=locality, person=person, caregiver=caregiver, due_on=today)
    services.person_status_set(person=person, actor=manager, status="moved", on=today)
    assert person.status == "moved" and person.status_on == today
    assert not Visit.objects.for_locality(locality).filter(status="due").exists()


# --- Screening and plans ---------------------------------------------------------------------


def test_screenings_keep_their_history_and_the_latest_on_the_person(locality, person, manager):
    today = timezone.localdate()
    services.assessment_record(
        person=person, actor=manager, items=items(3), tai="I1", assessed_on=today
    )
    services.assessment_record(  # an older one typed in later does not move the latest
        person=person, actor=manager, items=items(15), assessed_on=today - timedelta(days=400)
    )
    person.refresh_from_db()
    assert (person.adl_total, person.band, person.group) == (3, "bedbound", 4)
    assert person.assessments.count() == 3


def test_a_screening_with_an_impossible_score_or_a_total_changes_nothing(locality, person, manager):
    for bad in ({**items(7), "feeding": 5}, {"total": 7}):
        with pytest.raises(ValidationFailed):
            services.assessment_record(person=person, actor=manager, items=bad)
    assert person.assessments.count() == 1


def test_vulnerable_near_gives_who_cannot_leave_alone(locality, person, manager):
    dispatcher = make_staff(locality, "dispatcher")
    fit = services.person_register(locality=locality, actor=manager,
                                   data=person_data(first_name="แข็งแรง", lat=8.4312, lon=99.9612))  # fmt: skip
    services.assessment_record(person=fit, actor=manager, items=items(18))
    found = selectors.vulnerable_near(actor=dispatcher, locality=locality, lat=8.431, lon=99.961,
                                      radius_m=200, purpose="ems")  # fmt: skip
    assert [f["id"] for f in found] == [person.pk]
    assert found[0]["band"] == "homebound" and found[0]["household_code"] == "H-12"
    assert selectors.vulnerable_near(actor=dispatcher, locality=locality, lat=8.5, lon=99.9) == []
    by_home = selectors.vulnerable_near(
        actor=dispatcher, locality=locality, household_codes=["H-12"]
    )
    assert len(by_home) == 1
    assert reads(locality, "care.vulnerable") == 3


def test_the_43_file_export_has_the_columns_of_the_standard(locality, person, manager, caregiver):
    Visit.objects.create(locality=locality, person=person, caregiver=caregiver,
                         due_on=timezone.localdate(), status="done",
                         checked_in_at=timezone.now(), vitals={"sbp": 130, "dbp": 80})  # fmt: skip
    name, body = reports.export_43(locality=locality, actor=manager)
    assert name.startswith("F43_") and name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(body))
    files = {n: archive.read(n).decode().splitlines() for n in archive.namelist()}
    assert set(files) >= {"PERSON.txt", "FUNCTIONAL.txt", "SERVICE.txt", "COMMUNITY_SERVICE.txt",
                          "APPOINTMENT.txt", "DISABILITY.txt", "SPECIALPP.txt"}  # fmt: skip
    header = files["PERSON.txt"][0].split("|")
    assert header[:7] == ["HOSPCODE", "CID", "PID", "HID", "PRENAME", "NAME", "LNAME"]
    row = dict(zip(header, files["PERSON.txt"][1].split("|"), strict=True))
    assert row["NAME"] == "บุญมา" and row["PRENAME"] == "005" and row["DISCHARGE"] == "9"
    assert row["CID"] == ""  # only the keyed hash is kept
    functional = [dict(zip(files["FUNCTIONAL.txt"][0].split("|"), line.split("|"), strict=True))
                  for line in files["FUNCTIONAL.txt"][1:]]  # fmt: skip
    assert {(f["FUNCTIONAL_TEST"], f["TESTRESULT"]) for f in functional} == {
        ("01", "7"),
        ("04", "B3"),
    }
    community = files["COMMUNITY_SERVICE.txt"]
    assert community[0] == "HOSPCODE|PID|SEQ|DATE_SERV|COMSERVICE|PROVIDER|D_UPDATE|CID"
    assert "1A431" in community[1]
    service = dict(zip(files["SERVICE.txt"][0].split("|"), files["SERVICE.txt"][1].split("|"),
                       strict=True))  # fmt: skip
    assert service["SERVPLACE"] == "2" and service["SBP"] == "130"
    officer = make_staff(locality, "officer")
    with pytest.raises(NotFound):
        reports.export_43(locality=locality, actor=officer)
    assert AuditEvent.objects.for_locality(locality).filter(action="care.exported").count() == 1


def test_summary_counts_by_group_and_area(locality, person, manager):
    today = timezone.localdate()
    data = reports.summary(locality=locality, actor=manager, start=today - timedelta(days=30),
                           end=today)  # fmt: skip
    assert data["people"] == 1
    assert data["areas"][0]["moo"] == 4 and data["areas"][0]["counts"][2] == 1
    with pytest.raises(NotFound):
        reports.summary(locality=locality, actor=make_staff(locality, "officer"), start=today,
                        end=today)  # fmt: skip
