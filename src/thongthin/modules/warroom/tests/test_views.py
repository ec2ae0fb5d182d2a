"""War-room pages: the live screen and its stream, replay, alert review, shelters and relief."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.core.testing import make_staff
from thongthin.modules.warroom.models import Alert, Shelter, Store
from thongthin.modules.warroom.services import alerts, people, relief, shelters

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, locality):
    user = make_staff(locality, "officer")
    client.force_login(user)
    client.user = user
    return client


def test_room_page_and_stream(desk, send, river, locality):
    send([{"station": "town", "observed_at": at(5), "value": 109.2}])
    page = desk.get("/staff/warroom/")
    assert page.status_code == 200 and 'id="wr-map"' in page.content.decode()
    response = desk.get("/staff/warroom/stream/")
    frames = iter(response.streaming_content)
    assert next(frames).startswith(b"retry:")
    first = json.loads(next(frames).decode().split("data: ", 1)[1])
    town = next(s for s in first["stations"] if s["code"] == "town")
    assert town["value"] == 109.2 and town["state"] == "warning" and town["band"] == "high"
    send([{"station": "town", "observed_at": at(1), "value": 109.7}])
    nxt = json.loads(next(frames).decode().split("data: ", 1)[1])
    assert next(s for s in nxt["stations"] if s["code"] == "town")["state"] == "critical"
    response.close()


def test_responders_do_not_get_the_war_room(client, locality):
    client.force_login(make_staff(locality, "responder"))
    assert client.get("/staff/warroom/").status_code == 404
    assert client.get("/staff/warroom/stream/").status_code == 404


def test_replay_shows_the_situation_as_it_was(desk, send, river, locality):
    send(
        [
            {"station": "town", "observed_at": at(180), "value": 108.0},
            {"station": "town", "observed_at": at(10), "value": 109.8},
        ]
    )
    then = (timezone.now() - timedelta(hours=2)).isoformat()
    past = desk.get("/api/v1/warroom/situation", {"at": then}).json()
    assert (
        past["replay"]
        and next(s for s in past["stations"] if s["code"] == "town")["value"] == 108.0
    )
    now = desk.get("/api/v1/warroom/situation").json()
    assert next(s for s in now["stations"] if s["code"] == "town")["value"] == 109.8
    future = desk.get(
        "/api/v1/warroom/situation", {"at": (timezone.now() + timedelta(days=1)).isoformat()}
    )
    assert future.status_code == 422 and future.json()["code"] == "time_in_future"
    chart = desk.get("/api/v1/warroom/stations/town/chart?days=7").json()
    assert chart["bank"] == 110.0 and chart["warning"] == 108.5 and len(chart["points"]) == 2
    assert desk.get("/api/v1/warroom/stations/town/chart?days=9999").status_code == 422


def test_alert_review_page_issue_and_cancel(desk, send, river, locality):
    alerts.rule_save(
        locality=locality,
        actor=desk.user,
        station=river["town"],
        threshold="warning",
        severity="Moderate",
        area_desc="ในเมือง",
        circle="15.245,105.229 2",
    )
    send([{"station": "town", "observed_at": at(5), "value": 108.9}])
    alert = Alert.objects.for_locality(locality).get()
    page = desk.get("/staff/warroom/alerts/").content.decode()
    assert alert.identifier in page and 'data-testid="issue-1"' in page
    empty = desk.post(f"/staff/warroom/alerts/{alert.identifier}/discard/", {"reason": ""})
    assert empty.status_code == 422 and "reason_required" in empty.content.decode()
    assert desk.post(f"/staff/warroom/alerts/{alert.identifier}/issue/").status_code == 302
    assert desk.post(f"/staff/warroom/alerts/{alert.identifier}/issue/").status_code == 409
    assert desk.post(f"/staff/warroom/alerts/{alert.identifier}/cancel/").status_code == 302
    assert list(
        Alert.objects.for_locality(locality).order_by("id").values_list("msg_type", "status")
    ) == [("Alert", "replaced"), ("Cancel", "issued")]


def test_people_page_check_in_and_distribute(desk, locality):
    from thongthin.core.testing import jpeg

    shelter = Shelter.objects.create(
        locality=locality,
        name="วัดกลาง",
        lat=15.2,
        lon=105.2,
        capacity=2,
        status="open",
        services=["อาหาร", "ห้องน้ำ"],
    )
    people.household_save(
        locality=locality,
        actor=desk.user,
        code="5/1",
        head_name="นายห้า",
        lat=15.2,
        lon=105.2,
        members=[{"name": "นายห้า"}],
    )
    store = Store.objects.create(locality=locality, name="คลัง")
    relief.stock_receive(store=store, actor=desk.user, item="น้ำดื่ม", quantity=10, unit="แพ็ก")
    assert desk.get("/staff/warroom/people/").status_code == 200
    desk.post(
        "/staff/warroom/people/check-in/", {"shelter": shelter.pk, "name": "นางหก", "sex": "f"}
    )
    again = desk.post("/staff/warroom/people/check-in/", {"shelter": shelter.pk, "name": "นางหก"})
    assert again.status_code == 409 and "already_checked_in" in again.content.decode()
    assert shelters.occupancy(shelter)["present"] == 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    done = desk.post(
        "/staff/warroom/people/distribute/",
        {
            "store": store.pk,
            "household": "5/1",
            "item": "น้ำดื่ม",
            "quantity": "3",
            "recipient_name": "นายห้า",
            "confirmed": "on",
            "photo": SimpleUploadedFile("p.jpg", jpeg(), content_type="image/jpeg"),
        },
    )
    assert done.status_code == 302
    short = desk.post(
        "/staff/warroom/people/distribute/",
        {
            "store": store.pk,
            "household": "5/1",
            "item": "น้ำดื่ม",
            "quantity": "30",
            "recipient_name": "นายห้า",
            "confirmed": "on",
            "photo": SimpleUploadedFile("p.jpg", jpeg(), content_type="image/jpeg"),
        },
    )
    assert short.status_code == 409 and "insufficient_stock" in short.content.decode()


def test_the_change_log_is_pruned_but_the_version_stays(send, river, locality):
    from thongthin.modules.warroom import situation
    from thongthin.modules.warroom.models import WarChange
    from thongthin.modules.warroom.services._common import changes_prune

    send([{"station": "town", "observed_at": at(5), "value": 108.0}])
    send([{"station": "town", "observed_at": at(4), "value": 108.1}])
    version = situation.version(locality)
    old = WarChange.objects.for_locality(locality).order_by("id").first()
    WarChange.objects.for_locality(locality).filter(pk=old.pk).update(
        at=timezone.now() - timedelta(days=3)
    )
    assert changes_prune() == 1
    assert situation.version(locality) == version


def test_names_on_the_shelter_page_only_for_those_who_may_see_people(desk, locality):
    from django.test import Client

    from thongthin.core.models import AuditEvent

    shelter = Shelter.objects.create(
        locality=locality, name="วัดใต้", lat=15.2, lon=105.2, capacity=5, status="open"
    )
    people.household_save(
        locality=locality, actor=desk.user, code="7/1", head_name="นายเจ็ดบ้าน",
        lat=15.2, lon=105.2, members=[{"name": "นายเจ็ดบ้าน"}],
    )  # fmt: skip
    desk.post("/staff/warroom/people/check-in/", {"shelter": shelter.pk, "name": "นางแปดพัก"})
    reads = AuditEvent.objects.for_locality(locality).filter(detail__what="warroom.people_page")
    page = desk.get("/staff/warroom/people/").content.decode()
    assert "นายเจ็ดบ้าน" in page and "นางแปดพัก" in page and reads.count() == 1
    # A dispatcher watches the war room but may not see people: counts and codes only.
    watcher = Client()
    watcher.force_login(make_staff(locality, "dispatcher"))
    seen = watcher.get("/staff/warroom/people/")
    text = seen.content.decode()
    assert seen.status_code == 200 and 'value="7/1"' in text
    assert "นายเจ็ดบ้าน" not in text and "นางแปดพัก" not in text
    assert 'name="stay"' in text  # they still check people out of the shelter
    assert reads.count() == 1
