"""The war room's evacuation list and the EMS dispatcher's incident page draw on the care
registry through its selector: matched by household, never listed twice, the read logged;
nothing for roles without the right (the war room's officer)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from thongthin.core.models import AuditEvent
from thongthin.core.testing import PASSWORD, make_staff

from .. import services
from .conftest import items, person_data

pytestmark = pytest.mark.django_db


def _needs(app: str) -> None:
    if not apps.is_installed(f"thongthin.modules.{app}"):
        pytest.skip(f"the {app} module is left out of this run")


def _logged(locality, purpose: str) -> int:
    rows = AuditEvent.objects.for_locality(locality).filter(action="pii.read")
    return sum(
        1
        for d in rows.values_list("detail", flat=True)
        if str(d.get("purpose", "")).startswith(purpose)
    )


def test_evacuation_list_adds_people_in_care_once(locality, person, manager):
    _needs("warroom")
    from thongthin.modules.warroom.models import Alert
    from thongthin.modules.warroom.services import people

    officer = make_staff(locality, "officer")
    people.household_save(
        locality=locality, actor=officer, code="H-12", head_name="ลูกชาย", lat=8.431, lon=99.961,
        members=[{"name": person.name, "birth_year": 1946, "bedridden": True}],
    )  # fmt: skip
    alone = services.person_register(
        locality=locality, actor=manager,
        data=person_data(first_name="คำปุน", household_code="", lat=8.4325, lon=99.9625),
    )  # fmt: skip
    services.assessment_record(person=alone, actor=manager, items=items(2))
    alert = Alert.objects.create(
        locality=locality, identifier="flood-1", event="น้ำท่วม", severity="Severe", headline="h",
        area_desc="ริมน้ำ", circle="8.431,99.961 1", status="issued",
        created_at="2026-11-01T00:00:00+07:00",
    )  # fmt: skip
    executive = make_staff(locality, "executive")
    rows = people.evacuation_list(alert=alert, actor=executive)
    home = next(r for r in rows if r["household"] == "H-12")
    assert [v["name"] for v in home["vulnerable"]] == [person.name]  # not twice
    assert len(home["vulnerable"][0]["labels"]) == 2  # the war room's flag and care's band
    own = next(r for r in rows if r["head"] == alone.name)
    assert own["vulnerable"][0]["labels"] == [str(alone.band_label)]
    assert rows[0]["score"] >= own["score"]
    assert _logged(locality, "warroom") == 1
    # The war room's officer sees the households it registered, nothing from care.
    plain = people.evacuation_list(alert=alert, actor=officer)
    assert [r["household"] for r in plain] == ["H-12"]
    assert len(plain[0]["vulnerable"][0]["labels"]) == 1


def test_the_dispatcher_sees_who_is_bedridden_at_the_call(locality, person, manager):
    _needs("ems")
    from thongthin.modules.ems.services.incidents import incident_create

    services.assessment_record(person=person, actor=manager, items=items(1), tai="C2")
    dispatcher = make_staff(locality, "dispatcher")
    incident = incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", lat=8.4311,
        lon=99.9611, caller_phone="0812345678",
    )  # fmt: skip
    case = incident.case
    client = Client()
    assert client.login(username=dispatcher.username, password=PASSWORD)
    page = client.get(f"/staff/ems/incidents/{case.number}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="in-care"' in body and person.first_name in body
    assert _logged(locality, "ems:") == 1
