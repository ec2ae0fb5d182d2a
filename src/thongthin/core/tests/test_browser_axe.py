"""axe-core over the pages citizens and staff use most, in Thai and in English, on a phone and a
desktop: no critical or serious violation (WCAG 2.1 A and AA)."""

import pytest
from django.apps import apps

from thongthin.core.services.cases import case_create
from thongthin.core.testing import PASSWORD, make_locality, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not all(
            apps.is_installed(f"thongthin.modules.{m}")
            for m in ("complaints", "ems", "warroom", "eservices")
        ),
        reason="walks the pages of every module",
    ),
]


@pytest.fixture
def world():
    from thongthin.modules.complaints.services import complaint_create
    from thongthin.modules.ems.services import incident_create, sos_create
    from thongthin.modules.ems.tests.conftest import make_unit
    from thongthin.modules.warroom.models import Shelter
    from thongthin.modules.warroom.services import alerts
    from thongthin.modules.warroom.tests.conftest import make_river

    locality = make_locality("axe", name_th="เทศบาลทดสอบ", name_en="Test Municipality")
    admin = make_staff(locality, "locality_admin")
    dispatcher = make_staff(locality, "dispatcher")
    complaint = complaint_create(
        locality=locality,
        description="ไฟถนนดับทั้งซอย",
        category_code="lighting",
        channel="web",
        lat=8.43,
        lon=99.96,
        address="ซอยวัดท่าโพธิ์",
    )
    case_create(locality=locality, kind="general", title="ขอถังขยะ", channel="web")
    make_unit(locality, "a1", "ALS", 1.0, 0.5)
    incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", criterion=1,
        lat=8.43, lon=99.96, caller_phone="0812345678",
    )  # fmt: skip
    from thongthin.core.services.accounts import ReporterIn

    sos_create(
        locality=locality, citizen=ReporterIn(phone="0898765432"), lat=8.431, lon=99.961,
        reason="คนหมดสติ",
    )  # fmt: skip
    river = make_river(locality)
    alerts.rule_save(
        locality=locality, actor=admin, station=river["town"], threshold="warning",
        severity="Moderate", area_desc="ชุมชนริมน้ำ", circle="8.43,99.96 2", auto_issue=True,
    )  # fmt: skip
    Shelter.objects.create(
        locality=locality, name="วัดกลาง", lat=8.44, lon=99.97, capacity=80, status="open",
        services=["food"],
    )  # fmt: skip
    # A second complaint, forwarded to an organisation: its handover page is checked too.
    from thongthin.core.models import OutboxMessage
    from thongthin.modules.complaints.services import complaint_forward

    forwarded = complaint_create(
        locality=locality, description="เสาไฟเอียง", category_code="lighting", channel="web",
        lat=8.431, lon=99.961,
    )  # fmt: skip
    complaint_forward(
        complaint=forwarded, actor=admin, organisation="กฟภ.", reason="เสาของ กฟภ.",
        email="pea@example.org",
    )  # fmt: skip
    mail = OutboxMessage.objects.for_locality(locality).get(recipient="pea@example.org")
    handover = next(w for w in mail.payload["text"].split() if "/complaints/handover/" in w)
    complaint.handover_path = "/" + handover.split("/", 3)[3]
    # Appointment times at the counter, and one booked (its citizen's page is checked).
    from datetime import time

    from thongthin.modules.eservices.models import Service, SlotRule
    from thongthin.modules.eservices.services.appointments import (
        appointment_book,
        appointment_slots,
    )

    SlotRule.objects.create(locality=locality, start=time(9), end=time(12), weekdays="0123456")
    service = Service.objects.for_locality(locality).get(code="building-permit")
    slot = next(s for d in appointment_slots(locality=locality, service=service) for s in d.slots)
    complaint.appointment = appointment_book(
        locality=locality, service=service, slot=slot.key, name="นางสมศรี มีสุข",
        phone="0812345678",
    )  # fmt: skip
    return locality, admin, complaint


@pytest.mark.parametrize(
    ("locale", "phone"), [("th-TH", True), ("en-GB", False)], ids=["thai-phone", "english-desktop"]
)
def test_the_main_pages_pass_axe(live_server, browser, axe, world, locale, phone):
    locality, admin, complaint = world
    base, slug = live_server.url, locality.slug
    size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 768}
    page = browser.new_context(viewport=size, locale=locale).new_page()
    page.set_default_timeout(15_000)
    code = complaint.case.tracking_code
    citizen_pages = [
        f"/{slug}/",
        f"/{slug}/complaints/report/",
        f"/{slug}/track/{code}/",
        f"/{slug}/track/{code}/?received=1",
        f"/{slug}/track/?code=NOSUCHCODE",
        complaint.handover_path,
        f"/{slug}/ems/sos/",
        f"/{slug}/complaints/map/",
        f"/{slug}/complaints/stats/",
        f"/{slug}/services/",
        f"/{slug}/services/building-permit/",
        f"/{slug}/services/building-permit/apply/",
        f"/{slug}/services/building-permit/book/",
        f"/{slug}/appointments/{complaint.appointment.token}/",
        f"/{slug}/queue/",
        f"/{slug}/queue/display/",
    ]
    staff_pages = [
        "/staff/",
        "/staff/complaints/",
        f"/staff/cases/{complaint.case.number}/",
        "/staff/ems/",
        "/staff/ems/reports/",
        "/staff/warroom/",
        "/staff/warroom/alerts/",
        "/staff/warroom/people/",
        "/staff/audit/",
        "/staff/admin/",
        "/staff/settings/",
        "/staff/admin/staff/",
        "/staff/admin/staff/invite/",
        "/staff/admin/staff/import/",
        "/staff/admin/keys/",
        "/staff/admin/line/",
        "/staff/admin/core/divisions/",
        "/staff/admin/complaints/categories/new/",
        "/staff/admin/ems/units/new/",
        "/staff/admin/warroom/stations/new/",
        "/staff/admin/eservices/services/",
        "/staff/admin/eservices/services/new/",
        "/staff/admin/eservices/slot-rules/new/",
        "/staff/admin/eservices/closures/new/",
        "/staff/admin/eservices/counters/",
        "/staff/eservices/counter/",
        "/staff/eservices/appointments/",
        "/staff/eservices/walk-in/",
        "/staff/eservices/walk-in/building-permit/",
        "/staff/eservices/statements/",
        "/staff/eservices/reports/",
    ]
    failures = []
    for path in citizen_pages:
        page.goto(base + path)
        try:
            axe(page)
        except AssertionError as exc:
            failures.append(str(exc))
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/staff/**")
    for path in staff_pages:
        page.goto(base + path)
        try:
            axe(page)
        except AssertionError as exc:
            failures.append(str(exc))
    page.context.close()
    assert not failures, "\n".join(failures)
