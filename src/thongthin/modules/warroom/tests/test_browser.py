"""In a real browser: the war-room screen updates when a reading arrives (no reload), shows the
alert the crossing raised, and replays an earlier moment. Saves the README screenshot."""

import json
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from thongthin.core.services.apikeys import apikey_create
from thongthin.core.testing import PASSWORD, make_locality, make_staff, screenshot_dir
from thongthin.modules.warroom.models import Shelter
from thongthin.modules.warroom.services import alerts

from .conftest import at, make_river

SCREENSHOTS = screenshot_dir()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _post(url: str, key: str, readings: list) -> dict:
    request = urllib.request.Request(
        url,
        json.dumps({"readings": readings}).encode(),
        {"Content-Type": "application/json", "X-API-Key": key},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def test_the_war_room_follows_a_reading_and_replays(live_server, browser):
    locality = make_locality(
        "phibun",
        name_th="เทศบาลเมืองพิบูลมังสาหาร",
        name_en="Phibun Mangsahan",
        center_lat=15.2446,
        center_lon=105.2290,
    )
    executive = make_staff(locality, "executive")
    river = make_river(locality)
    alerts.rule_save(
        locality=locality,
        actor=executive,
        station=river["town"],
        threshold="critical",
        severity="Severe",
        area_desc="ชุมชนริมมูล",
        circle="15.245,105.229 2",
        auto_issue=True,
    )
    Shelter.objects.create(
        locality=locality,
        name="วัดกลาง",
        lat=15.25,
        lon=105.23,
        capacity=80,
        status="open",
        services=["อาหาร"],
    )
    _, key = apikey_create(locality=locality, name="gauges")
    api = f"{live_server.url}/api/v1/warroom/readings"
    earlier = timezone.now() - timedelta(hours=3)
    _post(
        api,
        key,
        [
            {"station": "town", "observed_at": earlier.isoformat(), "value": 108.0},
            {"station": "up", "observed_at": at(60), "value": 111.0},
        ],
    )

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH")
    # Anything the Content-Security-Policy blocks is recorded (and must stay empty).
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => (window.__csp = "
        "window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", executive.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    screen = page.goto(f"{live_server.url}/staff/warroom/")
    policy = screen.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    page.locator("#stations tr[data-station=town][data-state=normal]").wait_for()
    page.evaluate("window.__notReloaded = true")
    page.wait_for_timeout(500)  # the live stream is open

    result = _post(api, key, [{"station": "town", "observed_at": at(1), "value": 109.7}])
    assert len(result["alerts"]) == 1
    page.locator("#stations tr[data-station=town][data-state=critical]").wait_for()
    page.locator("#alerts li", has_text="ระดับวิกฤต").wait_for()
    assert page.evaluate("window.__notReloaded") is True
    # What an executive reads, in words: every marker and line has a legend entry, states and
    # severities are Thai words (no `critical`, `Severe`), the charts' axes carry units and
    # Buddhist-Era dates.
    legend = page.locator("[data-testid=map-legend]").inner_text()
    for words in ("ล้นตลิ่ง", "ศูนย์พักพิง", "พื้นที่ประกาศเตือนภัย"):
        assert words in legend, words
    assert page.locator("[data-testid=chart-legend] li").count() == 4
    row = page.locator("#stations tr[data-station=town]").inner_text()
    assert "critical" not in row and "วิกฤต" in row
    assert "Severe" not in page.locator("#alerts").inner_text()
    page.locator("figure.chart[data-station=town] .axis .y-hi", has_text="m").wait_for()
    year_be = str(timezone.localdate().year + 543)
    assert year_be in page.locator("figure.chart[data-station=town] .axis .x-to").inner_text()
    shelters = page.locator("[data-testid=shelters]").inner_text()
    assert "วัดกลาง" in shelters and "เด็ก" in shelters  # the head-count column says what it counts
    page.wait_for_timeout(800)  # the charts draw
    page.screenshot(path=str(SCREENSHOTS / "warroom.png"), full_page=True)

    # Replay two hours ago: the level then, and no warning yet.
    # (typed as day/month/year hour:minute in the Buddhist Era, Bangkok time)
    then = timezone.localtime(timezone.now() - timedelta(hours=2))
    page.fill("#replay-at", f"{then.day}/{then.month}/{then.year + 543} {then:%H:%M}")
    page.click("#replay button")
    page.locator("#stations tr[data-station=town][data-state=normal]").wait_for()
    assert page.locator("#alerts li").inner_text() == "-"
    page.click("#replay-live")
    page.locator("#stations tr[data-station=town][data-state=critical]").wait_for()
    assert page.evaluate("window.__csp || []") == []  # the whole screen works under the CSP
    context.close()
