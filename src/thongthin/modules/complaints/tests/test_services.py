"""Filing, routing, duplicates and the life of a complaint, through the services."""

import math
from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.core.errors import (
    Conflict,
    IllegalTransition,
    UploadRejected,
    ValidationFailed,
)
from thongthin.core.i18n import render_in
from thongthin.core.models import Attachment, Case, CaseEvent, OutboxMessage
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.services.attachments import attachment_create
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import jpeg, make_staff
from thongthin.modules.complaints import services
from thongthin.modules.complaints.models import (
    Category,
    Complaint,
    Follower,
    MapCell,
    TrainingExample,
)

from .conftest import LAT, LON

pytestmark = pytest.mark.django_db


def _counts(locality):
    return {
        (m.resolution, m.cell, m.category_code, m.status): m.count
        for m in MapCell.objects.for_locality(locality).filter(count__gt=0)
    }


def test_new_locality_gets_traffy_categories_routed_to_departments(locality):
    categories = {c.code: c for c in Category.objects.for_locality(locality)}
    assert categories["road"].name_th == "ถนน" and categories["road"].traffy_type == "ถนน"
    assert categories["road"].department.code == "engineering"
    assert categories["cleanliness"].department.code == "health"
    assert {"ทางเท้า", "แสงสว่าง", "ท่อระบายน้ำ", "น้ำท่วม", "ต้นไม้", "เสียงรบกวน"} <= {
        c.traffy_type for c in categories.values()
    }
    assert services.categories_seed(locality) == 0  # idempotent


def test_filing_routes_to_the_category_department_with_its_service_window(file_complaint):
    complaint = file_complaint(category="cleanliness", text="ขยะล้นถังหน้าตลาด")
    case = complaint.case
    assert case.number.startswith("ร-") and case.kind == "complaint" and case.status == "received"
    assert case.department.code == "health"
    assert case.sla_mode == "calendar"
    hours = (case.sla_due_at - case.created_at).total_seconds() / 3600
    assert 23.9 < hours < 24.1  # cleanliness: 24 calendar hours
    assert not complaint.needs_triage and not complaint.outside_area
    assert complaint.classified_by == "citizen"


def test_classifier_picks_the_category_when_none_is_given(file_complaint, trained):
    complaint = file_complaint(category="", text="ไฟถนนดับทั้งซอยมืดมาก")
    assert complaint.category.code == "lighting"
    assert complaint.classified_by == "model" and complaint.confidence > 0.35
    assert complaint.case.department.code == "engineering"


def test_low_confidence_waits_for_a_person(file_complaint, trained, settings):
    settings.THONGTHIN_MODULES = {"complaints": {"CONFIDENCE": 0.99}}
    complaint = file_complaint(category="", text="ไฟถนนดับ")
    assert complaint.category is None and complaint.needs_triage
    assert complaint.classified_by == "none" and complaint.confidence is not None
    assert complaint.case.department is None


def test_without_a_model_the_complaint_waits_for_triage(file_complaint):
    complaint = file_complaint(category="", text="อะไรก็ไม่รู้")
    assert complaint.needs_triage and complaint.confidence is None


def test_outside_the_area_is_accepted_and_flagged(file_complaint):
    complaint = file_complaint(lat=13.75, lon=100.5)  # Bangkok, far from the test locality
    assert complaint.outside_area and complaint.case.status == "received"
    note = CaseEvent.objects.for_locality(complaint.locality_id).get(
        case=complaint.case, kind="note"
    )
    assert not note.public and "นอกพื้นที่" in note.message


def test_boundary_decides_when_the_locality_has_one(locality, file_complaint):
    locality.boundary = {
        "type": "Polygon",
        "coordinates": [[[99.9, 8.4], [100.0, 8.4], [100.0, 8.5], [99.9, 8.5], [99.9, 8.4]]],
    }
    locality.save()
    assert not file_complaint(lat=8.45, lon=99.95).outside_area
    assert file_complaint(lat=8.55, lon=99.95).outside_area


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": "   "}, "description_required"),
        ({"text": "x" * 4001}, "description_too_long"),
        ({"lat": None}, "location_required"),
        ({"lat": 35.0, "lon": 139.0}, "location_outside_thailand"),
        ({"category": "nope"}, "unknown_category"),
        ({"photos": [b"not an image at all"]}, "upload_type"),
        ({"photos": [jpeg()] * 6}, "too_many_photos"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(file_complaint, locality, kwargs, code):
    with pytest.raises((ValidationFailed, UploadRejected)) as error:
        file_complaint(**kwargs)
    assert error.value.code == code
    # A message in each language (the catalogues replaced the message_th/message_en pair).
    thai, english = render_in("th", error.value), render_in("en", error.value)
    assert thai and english and thai != english
    assert not Case.objects.for_locality(locality).exists()
    assert not Complaint.objects.for_locality(locality).exists()
    assert not Attachment.objects.for_locality(locality).exists()


def test_photos_lose_their_gps(file_complaint):
    from PIL import Image

    complaint = file_complaint(photos=[jpeg(gps=True)])
    attachment = complaint.case.attachments.get()
    with attachment.file.open("rb") as handle, Image.open(handle) as stored:
        assert not stored.getexif().get_ifd(0x8825)


def test_duplicates_are_nearby_open_cases_of_the_same_category(locality, file_complaint):
    first = file_complaint()
    road = Category.objects.for_locality(locality).get(code="road")
    lighting = Category.objects.for_locality(locality).get(code="lighting")
    # ~150 m north: a duplicate; ~400 m north: not.
    near = services.duplicates_near(locality=locality, category=road, lat=LAT + 0.00135, lon=LON)
    assert [n.complaint.pk for n in near] == [first.pk] and 140 < near[0].distance_m < 160
    assert not services.duplicates_near(locality=locality, category=road, lat=LAT + 0.0036, lon=LON)
    assert not services.duplicates_near(locality=locality, category=lighting, lat=LAT, lon=LON)
    # Just inside the radius (250 m) on the diagonals, where the search's square is tightest.
    for north, east in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
        at = (LAT + north * 0.00158, LON + east * 0.00158 / math.cos(math.radians(LAT)))
        found = services.duplicates_near(locality=locality, category=road, lat=at[0], lon=at[1])
        assert [n.complaint.pk for n in found] == [first.pk] and 240 < found[0].distance_m < 250
    road.duplicate_radius_m = 1000
    road.save()
    assert services.duplicates_near(locality=locality, category=road, lat=LAT + 0.0036, lon=LON)
    Case.objects.for_locality(locality).filter(pk=first.case_id).update(status="resolved")
    assert not services.duplicates_near(locality=locality, category=road, lat=LAT, lon=LON)


def test_merge_moves_reporters_and_tells_everyone(locality, file_complaint, officer):
    alice = citizen_upsert(locality=locality, phone="0812345678", email="a@example.org")
    bob = citizen_upsert(locality=locality, phone="0898765432", email="b@example.org")
    carol = citizen_upsert(locality=locality, phone="0811111111", email="c@example.org")
    survivor = file_complaint(reporter=alice)
    duplicate = file_complaint(reporter=bob)
    services.complaint_me_too(
        complaint=duplicate, reporter=carol
    )  # (renamed: a citizen or what they gave)
    services.complaint_merge(duplicate=duplicate, into=survivor, actor=officer)
    duplicate.refresh_from_db()
    assert duplicate.case.status == "merged" and duplicate.merged_into_id == survivor.pk
    followers = set(
        Follower.objects.for_locality(locality)
        .filter(complaint=survivor)
        .values_list("citizen_id", flat=True)
    )
    assert followers == {bob.pk, carol.pk}

    def texts(person):
        return [
            m.payload["text"]
            for m in OutboxMessage.objects.for_locality(locality).filter(recipient=person.email)
        ]

    for person in (bob, carol):
        assert any(survivor.case.number in text for text in texts(person))
    # A later status change of the survivor reaches the merged reporters too.
    case_transition(case=survivor.case, action="accept", actor=officer)
    assert any("รับเรื่องแล้ว" in text for text in texts(bob))
    with pytest.raises(Conflict):
        services.complaint_merge(
            duplicate=file_complaint(), into=duplicate, actor=officer
        )  # merged cases are closed


def test_forward_and_merge_are_not_generic_transitions(file_complaint, officer):
    complaint = file_complaint()
    for action in ("forward", "merge"):
        with pytest.raises(ValidationFailed) as error:
            case_transition(case=complaint.case, action=action, actor=officer, reason="x")
        assert error.value.code == "use_module_form"


def test_forward_names_the_organisation_visibly(file_complaint, officer):
    complaint = file_complaint()
    with pytest.raises(ValidationFailed):
        services.complaint_forward(complaint=complaint, actor=officer, organisation=" ", reason="")
    assert Case.objects.for_locality(complaint.locality_id).get().status == "received"
    services.complaint_forward(
        complaint=complaint, actor=officer, organisation="การไฟฟ้าส่วนภูมิภาค", reason="สายไฟ"
    )
    complaint.refresh_from_db()
    assert complaint.case.status == "forwarded" and complaint.forwarded_to == "การไฟฟ้าส่วนภูมิภาค"
    event = complaint.case.events.get(kind="transition")
    assert event.public and "การไฟฟ้าส่วนภูมิภาค" in event.message


def test_resolving_needs_an_after_photo_or_a_reason(file_complaint, officer, engineer):
    case = file_complaint().case
    case_transition(case=case, action="accept", actor=officer)
    with pytest.raises(ValidationFailed) as error:
        case_transition(case=case, action="resolve", actor=officer)
    assert error.value.code == "resolve_needs_evidence"
    # The citizen's own photo is not an after-photo.
    attachment_create(case=case, data=jpeg(), actor_label="citizen")
    with pytest.raises(ValidationFailed):
        case_transition(case=case, action="resolve", actor=officer)
    attachment_create(case=case, data=jpeg((10, 200, 10)), actor=engineer)
    assert case_transition(case=case, action="resolve", actor=officer).status == "resolved"
    other = file_complaint().case
    case_transition(case=other, action="accept", actor=officer)
    done = case_transition(case=other, action="resolve", actor=officer, reason="ซ่อมแล้ว")
    assert done.status == "resolved"


def test_rating_once_and_only_when_resolved(file_complaint, officer):
    complaint = file_complaint()
    with pytest.raises(Conflict) as error:
        services.complaint_rate(complaint=complaint, stars=5)
    assert error.value.code == "rating_not_resolved"
    case_transition(case=complaint.case, action="accept", actor=officer)
    case_transition(case=complaint.case, action="resolve", actor=officer, reason="เรียบร้อย")
    for stars in (0, 6):
        with pytest.raises(ValidationFailed):
            services.complaint_rate(complaint=complaint, stars=stars)
    rated = services.complaint_rate(complaint=complaint, stars=4, comment="ดีมาก")
    assert rated.rating == 4 and rated.rating_comment == "ดีมาก"
    with pytest.raises(Conflict) as error:
        services.complaint_rate(complaint=complaint, stars=1)
    assert error.value.code == "rating_already_given"


def test_reopen_within_seven_days_counts(file_complaint, officer):
    complaint = file_complaint()
    case_transition(case=complaint.case, action="accept", actor=officer)
    case_transition(case=complaint.case, action="resolve", actor=officer, reason="เรียบร้อย")
    complaint.refresh_from_db()
    services.complaint_rate(complaint=complaint, stars=2)
    complaint.refresh_from_db()
    reopened = services.complaint_reopen(complaint=complaint, reason="ยังไม่ได้ซ่อมจริง")
    assert reopened.case.status == "reopened" and reopened.reopen_count == 1
    assert reopened.rating is None  # the rating of a fix that did not hold is cleared
    with pytest.raises(Conflict):
        services.complaint_reopen(complaint=reopened, reason="again")
    case_transition(case=reopened.case, action="resolve", actor=officer, reason="ซ่อมใหม่แล้ว")
    reopened.refresh_from_db()
    Case.objects.for_locality(reopened.locality_id).filter(pk=reopened.case_id).update(
        closed_at=timezone.now() - timedelta(days=8)
    )
    reopened.refresh_from_db()
    with pytest.raises(Conflict) as error:
        services.complaint_reopen(complaint=reopened, reason="late")
    assert error.value.code == "reopen_window_passed"
    assert Complaint.objects.for_locality(reopened.locality_id).get().reopen_count == 1


def test_escalation_tells_the_head_once(locality, file_complaint):
    head = make_staff(locality, "officer", department="engineering")
    head.email = "head@example.org"
    head.save()
    from thongthin.core.models import Department

    Department.objects.for_locality(locality).filter(code="engineering").update(head=head)
    complaint = file_complaint()
    later = complaint.case.sla_due_at + timedelta(minutes=1)
    assert services.escalate_overdue(now=complaint.case.sla_due_at - timedelta(minutes=1)) == 0
    assert services.escalate_overdue(now=later) == 1
    assert services.escalate_overdue(now=later) == 0
    messages = OutboxMessage.objects.for_locality(locality).filter(recipient="head@example.org")
    assert messages.count() == 1 and complaint.case.number in messages.get().payload["text"]
    assert complaint.case.events.filter(kind="escalated").exists()


def test_map_counts_follow_every_change(locality, file_complaint, officer):
    first = file_complaint()
    second = file_complaint(category="lighting", text="ไฟดับ", lat=LAT + 0.01)
    case_transition(case=first.case, action="accept", actor=officer)
    services.complaint_set_category(complaint=second, actor=officer, category_code="drain")
    services.complaint_forward(complaint=second, actor=officer, organisation="PWA", reason="ท่อ")
    kept = _counts(locality)
    services.map_rebuild(locality)
    assert _counts(locality) == kept
    assert kept[(9, first.case.h3_cell, "road", "accepted")] == 1
    assert kept[(9, second.case.h3_cell, "drain", "forwarded")] == 1
    assert sum(v for k, v in kept.items() if k[0] == 5 and k[2] != "*") == 2
    assert sum(v for k, v in kept.items() if k[0] == 5 and k[2] == "*") == 2  # totals


def test_category_correction_becomes_training_data(file_complaint, officer):
    complaint = file_complaint(category="", text="ฝาท่อแตกเป็นรู")
    corrected = services.complaint_set_category(
        complaint=complaint, actor=officer, category_code="drain"
    )
    assert corrected.category.code == "drain" and not corrected.needs_triage
    assert corrected.classified_by == "staff"
    case = Case.objects.for_locality(complaint.locality_id).get()
    assert case.department.code == "engineering" and case.title.startswith("ท่อระบายน้ำ")
    example = TrainingExample.objects.for_locality(complaint.locality_id).get()
    assert (example.source, example.text, example.category_code) == (
        "correction", "ฝาท่อแตกเป็นรู", "drain",
    )  # fmt: skip


def test_staff_of_another_locality_cannot_touch_it(file_complaint, other_officer):
    from thongthin.core.errors import NotFound, PermissionDenied

    complaint = file_complaint()
    with pytest.raises((PermissionDenied, NotFound)):
        services.complaint_set_category(
            complaint=complaint, actor=other_officer, category_code="drain"
        )
    with pytest.raises((PermissionDenied, NotFound, IllegalTransition)):
        services.complaint_forward(
            complaint=complaint, actor=other_officer, organisation="PEA", reason="x"
        )
    assert Case.objects.for_locality(complaint.locality_id).get().status == "received"


@pytest.mark.django_db(transaction=True)
def test_a_filing_works_out_its_case_before_taking_the_write_lock(file_complaint, monkeypatch):
    # The service window, cells and sub-district are worked out outside the transaction (on
    # SQLite it holds the database's one write lock); the rows are written in one.
    from django.db import connection

    from thongthin.core import thai

    seen = []
    real = thai.sla_due

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(thai, "sla_due", watched)
    complaint = file_complaint()
    assert seen == [False]
    assert complaint.pk and complaint.case.number


@pytest.mark.django_db(transaction=True)
def test_photos_are_cleaned_and_written_before_the_write_lock(file_complaint, monkeypatch):
    # Decoding and re-encoding a phone's photo takes far longer than the filing's rows: it
    # runs before the transaction, the rows (attachment, timeline, audit) in it.
    from django.db import connection

    from thongthin.core.services import attachments

    seen = []
    real = attachments.clean_upload

    def watched(data):
        seen.append(connection.in_atomic_block)
        return real(data)

    monkeypatch.setattr(attachments, "clean_upload", watched)
    complaint = file_complaint(photos=[jpeg(), jpeg((10, 200, 10))])
    assert seen == [False, False]
    stored = list(complaint.case.attachments.all())
    assert len(stored) == 2 and all(a.file.storage.exists(a.file.name) for a in stored)
    assert (
        CaseEvent.objects.for_locality(complaint.locality)
        .filter(case=complaint.case, kind="attachment")
        .count()
        == 2
    )


@pytest.mark.django_db(transaction=True)
def test_a_filing_that_fails_gives_its_photos_files_back(file_complaint, locality, monkeypatch):
    from django.core.files.storage import default_storage

    from thongthin.core.services import attachments
    from thongthin.modules.complaints.services import filing

    written = []
    real = attachments.attachment_prepare

    def keep(**kwargs):
        prepared = real(**kwargs)
        written.extend([prepared.file.name, prepared.thumbnail.name])
        return prepared

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away mid-filing")

    monkeypatch.setattr(attachments, "attachment_prepare", keep)
    monkeypatch.setattr(filing, "_map_count", broken)
    with pytest.raises(RuntimeError):
        file_complaint(photos=[jpeg()])
    assert len(written) == 2 and not any(default_storage.exists(name) for name in written)
    assert not Case.objects.for_locality(locality).exists()
    assert not Attachment.objects.for_locality(locality).exists()
    # A bad second photo: the first one's files go too, and nothing is recorded.
    monkeypatch.undo()
    monkeypatch.setattr(attachments, "attachment_prepare", keep)
    written.clear()
    with pytest.raises(UploadRejected):
        file_complaint(photos=[jpeg(), b"not an image"])
    assert len(written) == 2 and not any(default_storage.exists(name) for name in written)
    assert not Attachment.objects.for_locality(locality).exists()
