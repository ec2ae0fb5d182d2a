"""In a real browser: a caregiver on a phone records a visit with the network cut, the visit
waits on the phone and is sent once when the network is back (sent again, it is still one
visit); the care manager screens someone and sees the ADL chart; the coordinator plans the
day's Smart Car routes; the person's own link on a phone. Every page checked with axe-core,
in Thai on a phone and in English on a desktop."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.models import AuditEvent
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from .. import adl
from ..models import Hospital, Vehicle, Visit
from ..services import assessment_record, person_register, ride_request
from .conftest import items, person_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, live_server, user):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    return page


def test_a_visit_recorded_without_signal_is_sent_once_when_back(live_server, browser, axe):
    locality = make_locality("nanongthum", name_th="อบต.นาหนองทุ่ม", name_en="Na Nong Thum")
    manager = make_staff(locality, "care_manager", "health")
    caregiver = make_staff(locality, "caregiver", "health")
    person = person_register(locality=locality, actor=manager, data=person_data())
    assessment_record(person=person, actor=manager, items=items(4), tai="C2")
    visit = Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True,
        geolocation={"latitude": 8.4311, "longitude": 99.9611}, permissions=["geolocation"],
    )  # fmt: skip
    phone = sign_in(context, live_server, caregiver)
    phone.goto(f"{live_server.url}/staff/")  # My work: a caregiver's day waits there
    assert "1" in phone.inner_text("[data-testid=tasks]")
    axe(phone)
    phone.click("[data-testid=tasks] a")
    phone.wait_for_url("**/staff/care/visits/mine/")
    assert person.first_name in phone.inner_text(f"[data-testid=visit-{visit.pk}]")
    axe(phone)
    phone.click(f"[data-testid=checkin-{visit.pk}]")
    phone.wait_for_function("document.querySelector('[data-where]').textContent.length > 0")
    phone.fill(f"#v{visit.pk}-sbp", "132")
    phone.fill(f"#v{visit.pk}-dbp", "84")
    phone.check(f"#v{visit.pk}-turning")
    phone.fill(f"#v{visit.pk}-notes", "ผิวหนังปกติ ไม่มีแผลกดทับ")

    context.set_offline(True)  # the signal is gone
    phone.click(f"[data-testid=save-{visit.pk}]")
    phone.wait_for_function(
        "document.querySelector('[data-testid=sync-state]').textContent.includes('1')"
    )
    assert "รอส่ง" in phone.inner_text("[data-testid=sync-state]")
    assert (
        Visit.objects.for_locality(locality).get(pk=visit.pk).status == "due"
    )  # nothing reached the server
    queued = phone.evaluate(f"localStorage.getItem('thongthin-care-visits:{caregiver.pk}')")
    assert "ผิวหนังปกติ" in queued

    context.set_offline(False)  # back in signal: the page sends it by itself
    phone.wait_for_selector(f"[data-testid=visit-done-{visit.pk}]", timeout=30_000)
    stored = Visit.objects.for_locality(locality).get(pk=visit.pk)
    assert stored.status == "done" and stored.vitals == {"sbp": 132, "dbp": 84}
    assert stored.distance_m is not None and stored.distance_m < 100 and not stored.far
    assert phone.evaluate(f"localStorage.getItem('thongthin-care-visits:{caregiver.pk}')") == "[]"

    # The same visit sent again (as after a reply lost on the way back): still one visit.
    again = phone.evaluate(
        """async (args) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const r = await fetch('/api/v1/care/visits/' + args.id + '/record', {method: 'POST',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
              body: JSON.stringify({client_id: args.client})});
            return [r.status, (await r.json()).stored];
        }""",
        {"id": visit.pk, "client": str(stored.client_id)},
    )
    assert again == [200, False]
    recorded = AuditEvent.objects.for_locality(locality).filter(action="care.visit_recorded")
    assert recorded.count() == 1
    context.close()


def test_screening_chart_route_plan_and_the_personal_link(live_server, browser, axe):
    locality = make_locality("muangphan", name_th="เทศบาลเมืองพาน", name_en="Mueang Phan")
    manager = make_staff(locality, "care_manager", "health")
    driver = make_staff(locality, "driver")
    person = person_register(locality=locality, actor=manager, data=person_data())
    today = timezone.localdate()
    for k, total in enumerate((12, 9)):
        assessment_record(person=person, actor=manager, items=items(total),
                          assessed_on=today - timedelta(days=200 - 100 * k))  # fmt: skip
    Vehicle.objects.create(locality=locality, name="รถตู้ 1", seats=3, wheelchair_places=1,
                           driver=driver)  # fmt: skip
    hospital = Hospital.objects.create(locality=locality, name="โรงพยาบาลพาน", lat=8.45, lon=99.98)
    tomorrow = today + timedelta(days=1)
    ride_request(person=person, hospital_id=hospital.pk, mobility="wheelchair",
                 appointment_at=timezone.make_aware(datetime.combine(tomorrow, time(10, 0))))  # fmt: skip

    desk_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    desk = sign_in(desk_context, live_server, manager)
    desk.goto(f"{live_server.url}/staff/care/people/")
    if desk.locator("[data-testid=lang-en]").count():
        desk.click("[data-testid=lang-en]")
    desk.click(f"text={person.name}")
    assert desk.locator("[data-testid=adl-chart] circle").count() == 2
    axe(desk)
    desk.click("[data-testid=assess]")
    for key, _label, allowed in adl.ITEMS:
        desk.check(f"#i-{key}-{min(allowed[-1], 1)}")
    desk.select_option("#a-tai", "B3")
    axe(desk)
    desk.click("[data-testid=assess-save]")
    assert "Group 2" in desk.inner_text("[data-testid=latest-adl]")
    assert desk.locator("[data-testid=adl-chart] circle").count() == 3
    day = thai.format_date_input(tomorrow)
    desk.goto(f"{live_server.url}/staff/care/rides/?day={day}")
    desk.click("[data-testid=plan-routes]")
    assert desk.locator("ol.route li").count() == 4  # there and back: two pick-ups, two drops
    axe(desk)
    for path in ("/staff/care/people/new/", "/staff/care/clinic/", "/staff/care/reports/",
                 "/staff/care/rides/new/", "/staff/care/plans/"):  # fmt: skip
        desk.goto(f"{live_server.url}{path}")
        axe(desk)
    desk_context.close()

    # The driver's route on a phone, in Thai.
    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH",
                                        is_mobile=True)  # fmt: skip
    phone = sign_in(phone_context, live_server, driver)
    phone.goto(f"{live_server.url}/staff/care/route/mine/?day={day}")
    assert phone.locator("[data-testid=my-route] li").count() == 4
    axe(phone)
    phone_context.close()

    # The person's own link on a phone: a dangerous reading is taken, an impossible one refused.
    citizen_context = browser.new_context(viewport={"width": 390, "height": 844},
                                          locale="th-TH", is_mobile=True)  # fmt: skip
    mine = citizen_context.new_page()
    mine.goto(f"{live_server.url}/{locality.slug}/care/{person.reading_token}/")
    axe(mine)
    mine.fill("#m-sbp", "40")
    mine.fill("#m-dbp", "30")
    mine.click("[data-testid=reading-send]")
    assert "อยู่นอกช่วงที่วัดได้" in mine.inner_text("[data-testid=error]")
    axe(mine)
    mine.fill("#m-sbp", "185")
    mine.fill("#m-dbp", "100")
    mine.click("[data-testid=reading-send]")
    assert mine.locator("[data-testid=sent]").is_visible()
    assert "อันตราย" in mine.inner_text("ul")
    citizen_context.close()
