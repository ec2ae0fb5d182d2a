"""Forwarding reaches the organisation: an e-mail with the case and a secret link, where it
posts progress and closes its part without an account; the citizen sees the updates."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core.models import OutboxMessage
from thongthin.core.services.accounts import ReporterIn
from thongthin.modules.complaints import services
from thongthin.modules.complaints.models import Handover

pytestmark = pytest.mark.django_db


def _forward(file_complaint, engineer, settings, **extra):
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_BASE_URL": "https://tt.example.org"}
    complaint = file_complaint(
        reporter=ReporterIn(phone="0812345678", email="somchai@example.org"), address="หน้าตลาด"
    )
    services.complaint_forward(
        complaint=complaint,
        actor=engineer,
        organisation="การไฟฟ้าส่วนภูมิภาค",
        reason="เสาไฟของ กฟภ.",
        email=extra.get("email", "pea@example.org"),
    )
    mail = OutboxMessage.objects.for_locality(complaint.locality_id).get(
        recipient="pea@example.org"
    )
    link = next(w for w in mail.payload["text"].split() if "/complaints/handover/" in w)
    return complaint, mail, link.removeprefix("https://tt.example.org")


def test_the_organisation_reports_back_through_its_link(
    client, locality, engineer, file_complaint, settings
):
    complaint, mail, path = _forward(file_complaint, engineer, settings)
    assert complaint.case.number in mail.payload["text"] and "หน้าตลาด" in mail.payload["text"]
    page = client.get(path)
    assert page.status_code == 200 and complaint.case.title in page.content.decode()
    posted = client.post(path, {"message": "ส่งช่างไปเปลี่ยนหลอดพรุ่งนี้"})
    assert posted.status_code == 200 and 'data-testid="handover-posted"' in posted.content.decode()
    closed = client.post(path, {"message": "เปลี่ยนหลอดแล้ว", "close": "1"})
    assert 'data-testid="handover-closed"' in closed.content.decode()
    # The citizen reads both on the tracking page.
    track = client.get(f"/{locality.slug}/track/{complaint.case.tracking_code}/").content.decode()
    assert "ส่งช่างไปเปลี่ยนหลอดพรุ่งนี้" in track and "เปลี่ยนหลอดแล้ว" in track
    # Closed: the link takes no more updates.
    again = client.post(path, {"message": "อีกครั้ง"})
    assert again.status_code == 422 and 'data-code="handover_closed"' in again.content.decode()


def test_the_link_is_secret_expires_and_works_for_its_case_only(
    client, locality, other_locality, engineer, file_complaint, settings
):
    complaint, _mail, path = _forward(file_complaint, engineer, settings)
    assert client.get(path.replace("/handover/", "/handover/x")).status_code == 404
    assert Handover.objects.for_locality(locality).get().token_hash not in path  # only a hash
    # Under another locality's address the link answers "not found".
    assert (
        client.get(path.replace(f"/{locality.slug}/", f"/{other_locality.slug}/")).status_code
        == 404
    )
    empty = client.post(path, {"message": "  "})
    assert empty.status_code == 422
    Handover.objects.for_locality(locality).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 404
    assert client.post(path, {"message": "สาย"}).status_code == 404


def test_a_bad_address_forwards_nothing(locality, engineer, file_complaint, settings):
    complaint = file_complaint()
    from thongthin.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        services.complaint_forward(
            complaint=complaint, actor=engineer, organisation="กฟภ.", reason="", email="not-mail"
        )
    complaint.refresh_from_db()
    assert complaint.case.status == "received" and not complaint.forwarded_to
    assert not Handover.objects.for_locality(locality).exists()


def test_staff_forward_from_the_case_page_with_the_address(locality, engineer, file_complaint):
    complaint = file_complaint()
    staff = Client()
    staff.force_login(engineer)
    staff.post(
        f"/staff/complaints/{complaint.case.number}/forward/",
        {"organisation": "การประปาส่วนภูมิภาค", "reason": "ท่อประปาแตก", "email": "pwa@example.org"},
    )
    assert Handover.objects.for_locality(locality).get().email == "pwa@example.org"
