"""The documents an applicant sends (an ID card copy, a house registration, a land title) are
personal data: never on the public tracking page or open to whoever holds a file link, shown
to the locality's staff who work the case, and each showing of one is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from thongthin.core.models import AuditEvent, Case
from thongthin.core.services.cases import case_transition
from thongthin.core.testing import PASSWORD, content_of, jpeg, make_locality, make_staff

from ..models import Application
from ..services import application_supply
from .test_applications import GOOD, _upload

pytestmark = pytest.mark.django_db


def _apply(client: Client, locality) -> Application:
    sent = client.post(
        f"/{locality.slug}/services/building-permit/apply/", {**GOOD, "documents": _upload()}
    )
    assert sent.status_code == 302
    return Application.objects.for_locality(locality).get()


def test_an_applicants_documents_stay_off_the_tracking_page_and_out_of_anyones_reach(client):
    locality = make_locality()
    application = _apply(client, locality)
    document = application.case.attachments.get()
    assert document.public is False
    tracked = client.get(f"/{locality.slug}/track/{application.case.tracking_code}/")
    page = tracked.content.decode()
    assert tracked.status_code == 200
    assert document.key not in page and "/files/" not in page
    assert 'data-testid="documents-held"' in page  # how many the office holds, in words
    # Its link, guessed or shared, opens nothing without an account that works the case.
    assert Client().get(document.url).status_code == 404
    assert Client().get(document.thumbnail_url).status_code == 404
    # The timeline's public part does not mention it either.
    assert not application.case.events.filter(kind="attachment", public=True).exists()


def test_supplied_documents_are_private_too():
    locality = make_locality()
    application = _apply(Client(), locality)
    case = application.case
    officer = make_staff(locality, "officer", "engineering")
    case_transition(case=case, action="ask_documents", actor=officer, reason="สำเนาโฉนดที่ดิน")
    application.refresh_from_db()
    application_supply(application=application, files=[jpeg((10, 200, 10))])
    assert not case.attachments.filter(public=True).exists()
    assert case.attachments.count() == 2


def test_staff_who_work_the_case_open_a_document_and_each_opening_is_audited():
    locality = make_locality()
    application = _apply(Client(), locality)
    document = application.case.attachments.get()
    officer = make_staff(locality, "officer", "engineering")
    staff = Client()
    assert staff.login(username=officer.username, password=PASSWORD)
    before = AuditEvent.objects.for_locality(locality).filter(action="pii.read").count()
    opened = staff.get(document.url)
    assert opened.status_code == 200 and opened["Cache-Control"] == "private, no-store"
    assert content_of(opened)[:2] == b"\xff\xd8"  # the JPEG itself
    reads = AuditEvent.objects.for_locality(locality).filter(action="pii.read")
    assert reads.count() == before + 1
    read = reads.order_by("-id").first()
    assert read.actor_id == officer.pk and read.detail["attachment_id"] == document.pk
    assert read.object_id == str(application.case.pk)
    # Someone from another locality gets nothing, and nothing is recorded as read.
    other = make_staff(make_locality(), "officer", "engineering")
    outsider = Client()
    assert outsider.login(username=other.username, password=PASSWORD)
    assert outsider.get(document.url).status_code == 404
    assert reads.count() == before + 1
    assert Case.objects.for_locality(locality).count() == 1


def test_documents_stored_public_before_are_made_staff_only_by_the_migration():
    from importlib import import_module

    from django.apps import apps

    from thongthin.core.services.attachments import attachment_create

    migration = import_module("thongthin.modules.eservices.migrations.0013_documents_staff_only")
    locality = make_locality()
    application = _apply(Client(), locality)
    case = application.case
    # As the code before stored them: public, with a public timeline entry.
    old = attachment_create(case=case, data=jpeg((1, 2, 3)), actor_label="citizen", public=True)
    complaint_photo = make_complaint_photo(locality)
    migration.documents_staff_only(apps, None)
    old.refresh_from_db()
    assert old.public is False
    assert not case.events.filter(kind="attachment", public=True).exists()
    complaint_photo.refresh_from_db()
    assert complaint_photo.public is True  # other kinds' public photos are left alone


def make_complaint_photo(locality):  # type: ignore[no-untyped-def]
    from thongthin.core.services.attachments import attachment_create
    from thongthin.core.services.cases import case_create

    case = case_create(locality=locality, kind="general", title="ขอรับบริการ", channel="web")
    return attachment_create(case=case, data=jpeg((9, 9, 9)), actor_label="citizen")
