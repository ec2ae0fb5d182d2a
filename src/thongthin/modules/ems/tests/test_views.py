"""The EMS pages: dispatch room intake, incident page actions, crew page, reports, SOS page,
and the live stream."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from django.test import Client

from thongthin.core.models import AuditEvent
from thongthin.modules.ems import services
from thongthin.modules.ems.models import Incident, Unit

from .conftest import LAT, LON, make_unit

pytestmark = pytest.mark.django_db


def test_room_takes_a_call_and_refuses_bad_input_keeping_what_was_typed(
    client, locality, dispatcher
):
    client.force_login(dispatcher)
    page = client.get("/staff/ems/")
    assert page.status_code == 200 and "id_caller_phone" in page.content.decode()
    form = {"caller_phone": "0812345678", "lat": str(LAT), "lon": str(LON), "symptom_group": "11",
            "colour": "red", "criterion": "1", "patients_count": "1", "notes": "ชายหมดสติ"}  # fmt: skip
    bad = client.post("/staff/ems/", form)
    assert bad.status_code == 422 and "unknown_symptom_group" in bad.content.decode()
    assert 'value="ชายหมดสติ"' in bad.content.decode()
    assert not Incident.objects.for_locality(locality).exists()
    good = client.post("/staff/ems/", {**form, "symptom_group": "6"})
    incident = Incident.objects.for_locality(locality).get()
    assert good.status_code == 302 and unquote(good.url).endswith(
        f"/incidents/{incident.case.number}/"
    )


def test_incident_page_recommends_assigns_stamps_and_audits_the_caller_read(
    client, locality, dispatcher, call
):
    make_unit(locality, "als-1", "ALS", 1, 1)
    incident = call()
    number = incident.case.number
    client.force_login(dispatcher)
    page = client.get(f"/staff/ems/incidents/{number}/").content.decode()
    assert 'data-testid="assign-als-1"' in page and "0812345678" in page
    assert AuditEvent.objects.for_locality(locality).filter(action="pii.read").exists()
    client.post(f"/staff/ems/incidents/{number}/assign/", {"unit": "als-1", "eta_seconds": "200"})
    assert Unit.objects.for_locality(locality).get().status == "dispatched"
    busy = client.post(f"/staff/ems/incidents/{number}/assign/", {"unit": "als-1"})
    assert busy.status_code == 409 and "unit_not_available" in busy.content.decode()
    client.post(f"/staff/ems/incidents/{number}/stamp/", {"point": "left_base_at"})
    wrong = client.post(
        f"/staff/ems/incidents/{number}/stamp/", {"point": "at_scene_at", "at": "00:00:01"}
    )
    assert wrong.status_code == 422 and "stamp_out_of_order" in wrong.content.decode()
    typo = client.post(
        f"/staff/ems/incidents/{number}/stamp/", {"point": "at_scene_at", "at": "25:99"}
    )
    assert typo.status_code == 422 and "time_invalid" in typo.content.decode()
    patient = client.post(
        f"/staff/ems/incidents/{number}/patient/",
        {"name": "ผู้ป่วย", "age": "70", "hr": "120", "spo2": "93"},
    )
    assert patient.status_code == 302
    assert incident.patients.get().vitals[0]["hr"] == 120


def test_crew_page_one_tap_next_stamp(client, locality, dispatcher, responder, call):
    unit = make_unit(locality, "als-1", "ALS", crew=[responder])
    incident = call()
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    client.force_login(responder)
    page = client.get("/staff/ems/crew/").content.decode()
    assert (
        incident.case.number in page and 'data-testid="next-stamp"' in page and "ออกจากฐาน" in page
    )
    done = client.post(
        f"/staff/ems/incidents/{incident.case.number}/stamp/",
        {"point": "left_base_at", "next": "crew"},
    )
    assert done.status_code == 302 and done.url.endswith("/staff/ems/crew/")
    unit.refresh_from_db()
    assert unit.status == "en_route"
    assert "ถึงที่เกิดเหตุ" in client.get("/staff/ems/crew/").content.decode()
    bad = client.post("/staff/ems/crew/als-1/status/", {"status": "on_scene"})
    assert bad.status_code == 400 or bad.status_code == 422
    assert "status_not_manual" in bad.content.decode()


def test_citizen_sos_page(client, locality):
    url = f"/{locality.slug}/ems/sos/"
    page = client.get(url).content.decode()
    # The call button comes first; the send button comes before the map (above the fold).
    assert page.index('href="tel:1669"') < page.index('data-testid="sos-form"')
    assert page.index('data-testid="send-sos"') < page.index('id="pick-map"')
    missing = client.post(url, {"phone": "0891234567", "reason": "รถชน"})
    text = missing.content.decode()
    assert missing.status_code == 422 and 'data-code="location_required"' in text
    assert "[location_required]" not in text  # plain words for the citizen, no code
    sent = client.post(url, {"phone": "0891234567", "reason": "รถชน", "lat": LAT, "lon": LON})
    assert sent.status_code == 201
    again = client.post(url, {"phone": "0891234567", "lat": LAT, "lon": LON})
    case = Incident.objects.for_locality(locality).get().case
    # The browser that sent it sees its number and link again; another browser typing the
    # same phone number does not (it would see someone's emergency, its place and words).
    assert again.status_code == 200 and case.tracking_code in again.content.decode()
    stranger = Client().post(url, {"phone": "0891234567", "lat": 13.7, "lon": 100.5})
    text = stranger.content.decode()
    assert stranger.status_code == 200 and 'data-testid="sos-sent"' in text
    assert case.tracking_code not in text and case.number not in text
    assert Incident.objects.for_locality(locality).count() == 1


def test_reports_page(client, locality, dispatcher, call):
    call()
    client.force_login(dispatcher)
    page = client.get("/staff/ems/reports/")
    assert page.status_code == 200 and 'data-testid="red-share"' in page.content.decode()
    bad = client.get("/staff/ems/reports/?start=2026-12-01&end=2026-01-01")
    assert bad.status_code == 422 and "range_invalid" in bad.content.decode()
    # Dates are typed in the Buddhist Era, and shown back that way.
    typed = client.get("/staff/ems/reports/", {"start": "1/11/2569", "end": "30/11/2569"})
    assert typed.status_code == 200 and 'value="1/11/2569"' in typed.content.decode()
    nonsense = client.get("/staff/ems/reports/", {"start": "32/13/2569"})
    assert nonsense.status_code == 422 and "date_invalid" in nonsense.content.decode()


def test_stream_sends_the_board_and_then_each_change(client, locality, dispatcher, call, officer):
    client.force_login(officer)
    assert client.get("/staff/ems/stream/").status_code == 404  # officers do not watch the board
    client.force_login(dispatcher)
    response = client.get("/staff/ems/stream/")
    assert response["Content-Type"] == "text/event-stream"
    frames = iter(response.streaming_content)
    assert next(frames).startswith(b"retry:")
    first = next(frames).decode()
    assert first.startswith("id: ") and "event: board" in first
    incident = call()
    frame = next(frames).decode()
    board = json.loads(frame.split("data: ", 1)[1])
    assert [i["number"] for i in board["incidents"]] == [incident.case.number]
    assert "0812345678" not in frame
    response.close()


def test_crew_see_their_patients_while_it_matters_and_each_showing_is_audited(
    client, locality, dispatcher, responder, call
):
    from datetime import timedelta

    from django.utils import timezone

    from thongthin.core.models import Case

    unit = make_unit(locality, "als-9", "ALS", crew=[responder])
    incident = call()
    services.unit_assign(incident=incident, unit=unit, actor=dispatcher)
    services.patient_save(incident=incident, actor=responder, name="นายป่วย หนัก", age=70)
    client.force_login(responder)
    url = f"/staff/ems/incidents/{incident.case.number}/"
    reads = AuditEvent.objects.for_locality(locality).filter(action="pii.read")
    page = client.get(url)
    assert page.status_code == 200 and "นายป่วย หนัก" in page.content.decode()
    read = reads.get(detail__what="ems.patients")
    assert read.actor_id == responder.pk and read.object_id == str(incident.case.pk)
    services.incident_cancel(incident=incident, actor=dispatcher, reason="ส่งต่อแล้ว")
    assert client.get(url).status_code == 200  # the day after: to finish the report
    Case.objects.for_locality(locality).filter(pk=incident.case.pk).update(
        closed_at=timezone.now() - timedelta(hours=25)
    )
    late = client.get(url)
    assert late.status_code == 403 and "นายป่วย หนัก" not in late.content.decode()
    assert reads.filter(detail__what="ems.patients").count() == 2
