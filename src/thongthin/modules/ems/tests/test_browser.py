"""In a real browser: a dispatcher takes a call with the keyboard alone, sends the recommended
unit, and a second dispatch-room screen shows it within a second, without reloading. Saves the
README screenshots."""

import pytest

from thongthin.core.testing import PASSWORD, make_locality, make_staff, screenshot_dir
from thongthin.modules.ems.models import Incident

from .conftest import LAT, LON, make_unit

SCREENSHOTS = screenshot_dir()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    return page


def test_take_a_call_send_the_recommended_unit_and_the_board_follows(live_server, browser):
    locality = make_locality(
        "nakhonsi", name_th="เทศบาลนครนครศรีธรรมราช", name_en="Nakhon Si Thammarat"
    )
    desk_user = make_staff(locality, "dispatcher")
    wall_user = make_staff(locality, "dispatcher")
    make_unit(locality, "fr-1", "FR", 0.4, 0.2)
    make_unit(locality, "als-1", "ALS", 2.0, 1.0)
    make_unit(locality, "als-2", "ALS", 7.0, -3.0)

    # The wall screen: the board, left open.
    wall = _login(browser, live_server, wall_user)
    wall.goto(f"{live_server.url}/staff/ems/")
    wall.locator("#units tr[data-unit=als-1][data-status=available]").wait_for()
    wall.evaluate("window.__notReloaded = true")
    wall.wait_for_function("document.getElementById('live').textContent !== '…'")

    # The dispatcher, keyboard only: the caller's number has the focus.
    desk = _login(browser, live_server, desk_user)
    desk.goto(f"{live_server.url}/staff/ems/")
    assert desk.evaluate("document.activeElement.id") == "id_caller_phone"
    keys = desk.keyboard
    keys.type("0812345678")
    for _ in range(3):  # caller's name, sub-district search, latitude
        keys.press("Tab")
    keys.type(f"{LAT}")
    keys.press("Tab")
    keys.type(f"{LON}")
    desk.focus("#id_address")  # the map between takes no typing
    keys.type("หน้าตลาด")
    keys.press("Tab")
    keys.type("6")  # cardiac arrest
    keys.press("Tab")
    keys.press("ArrowDown")  # แดง (red)
    keys.press("Tab")
    keys.type("1")
    assert desk.inner_text("[data-testid=dispatch-code]") == "6แดง1"
    desk.screenshot(path=str(SCREENSHOTS / "ems-room.png"), full_page=True)
    keys.press("Enter")

    desk.locator("[data-testid=recommendations]").wait_for()
    incident = Incident.objects.for_locality(locality).get()
    number = incident.case.number
    rows = desk.locator("[data-testid=recommendations] tbody tr")
    assert rows.nth(0).get_attribute("data-unit") == "als-1"  # red needs ALS; nearer ALS first
    assert desk.evaluate("document.activeElement.dataset.testid") == "assign-als-1"
    desk.screenshot(path=str(SCREENSHOTS / "ems-incident.png"), full_page=True)

    # The wall shows the new call without a reload ...
    wall.locator(f"#incidents tr[data-number='{number}']").wait_for()
    keys.press("Enter")  # send the recommended unit
    desk.locator("[data-testid=status]", has_text="สั่งการแล้ว").wait_for()
    # ... and the unit's new status (how fast: bench/ems.py, figures in bench/README.md).
    wall.locator("#units tr[data-unit=als-1][data-status=dispatched]").wait_for()
    assert wall.evaluate("window.__notReloaded") is True
    assert wall.locator(f"#incidents tr[data-number='{number}'] td").nth(4).inner_text() == "als-1"
    wall.screenshot(path=str(SCREENSHOTS / "ems-board.png"), full_page=True)

    # The timeline: one tap for "left base", and the wall follows.
    desk.click("[data-testid=tap-left_base_at]")
    desk.locator("[data-testid=stamp-left_base_at]", has_text="20").wait_for()
    wall.locator("#units tr[data-unit=als-1][data-status=en_route]").wait_for()
    for context in (wall.context, desk.context):
        context.close()


def test_an_unconfirmed_sos_raises_the_alarm_until_someone_takes_it(live_server, browser):
    from thongthin.core.services.accounts import ReporterIn
    from thongthin.modules.ems.services import sos_create

    locality = make_locality("yanyao", name_th="เทศบาลตำบลย่านยาว", name_en="Yan Yao")
    dispatcher = make_staff(locality, "dispatcher")
    make_unit(locality, "als-1", "ALS", 2.0, 1.0)
    room = _login(browser, live_server, dispatcher)
    room.goto(f"{live_server.url}/staff/ems/")
    room.wait_for_function("() => document.getElementById('live').textContent !== '…'")
    assert room.locator("[data-testid=sos-alarm]").is_hidden()

    # A citizen's SOS arrives while the room is open: banner, flashing title, no reload.
    incident, _created = sos_create(
        locality=locality, citizen=ReporterIn(phone="0891234567"), lat=LAT, lon=LON, reason="ล้ม"
    )
    alarm = room.locator("[data-testid=sos-alarm]")
    alarm.wait_for(state="visible")
    assert incident.case.number in alarm.inner_text()
    room.wait_for_function("() => document.title.indexOf('SOS') >= 0")
    room.click("[data-testid=sos-sound]")  # sound and notifications: one click, as browsers ask

    # Taking it: the confirm form chooses no colour for the dispatcher.
    room.click(f'#incidents a:has-text("{incident.case.number}")')
    assert room.input_value("#confirm-colour") == ""
    room.fill("#confirm-group", "17")
    room.select_option("#confirm-colour", "yellow")
    room.click("[data-testid=confirm]")
    room.goto(f"{live_server.url}/staff/ems/")
    room.wait_for_function("() => document.getElementById('live').textContent !== '…'")
    assert room.locator("[data-testid=sos-alarm]").is_hidden()
    assert "SOS" not in room.title()
    incident.refresh_from_db()
    assert incident.confirmed and incident.idc_colour == "yellow"
    room.context.close()


def test_the_board_links_only_the_incidents_one_may_open(live_server, browser):
    locality = make_locality("maejarao", name_th="เทศบาลแม่จะเรา", name_en="Mae Ja Rao")
    dispatcher = make_staff(locality, "dispatcher")
    executive = make_staff(locality, "executive")
    make_unit(locality, "als-1", "ALS", 2.0, 1.0)
    from thongthin.modules.ems import services

    incident = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", criterion=1,
        lat=LAT, lon=LON, caller_phone="0812345678",
    )  # fmt: skip
    for user, linked in ((dispatcher, 1), (executive, 0)):
        page = _login(browser, live_server, user)
        page.goto(f"{live_server.url}/staff/ems/")
        row = page.locator(f"#incidents tr[data-number='{incident.case.number}']")
        row.wait_for()
        assert row.locator("a").count() == linked
        page.context.close()
