"""The catalogue of services: seeded for every new locality, public pages and API in the
reader's language, edited by the locality admin from the web, another locality sees nothing."""

from __future__ import annotations

import json
import re

import pytest

from thongthin.core.models import AuditEvent
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..catalogue import SEEDS
from ..models import Service
from ..services import catalogue_seed

pytestmark = pytest.mark.django_db


def test_a_new_locality_gets_the_starting_catalogue_routed_to_its_divisions():
    locality = make_locality()
    services = Service.objects.for_locality(locality)
    assert services.count() == len(SEEDS) >= 12
    assert not services.filter(department__isnull=True).exists()
    assert services.get(code="building-permit").department.code == "engineering"
    assert catalogue_seed(locality) == 0  # again: nothing new, nothing changed


def test_the_public_manual_page_says_what_the_act_asks(client):
    locality = make_locality()
    listed = client.get(f"/{locality.slug}/services/").content.decode()
    assert "ขออนุญาตก่อสร้าง" in listed and "ภาษีป้าย" in listed
    page = client.get(f"/{locality.slug}/services/building-permit/")
    body = page.content.decode()
    assert page.status_code == 200
    for words in ("พระราชบัญญัติควบคุมอาคาร", "45", "สำเนาโฉนดที่ดิน", "กองช่าง", "1111"):
        assert words in body, words
    # A service without documents says so rather than leaving the list blank (ITA rule).
    Service.objects.for_locality(locality).filter(code="water-truck").update(documents=[])
    water = client.get(f"/{locality.slug}/services/water-truck/").content.decode()
    assert "ไม่ต้องใช้เอกสาร" in water


@pytest.mark.parametrize(
    "language, name", [("en", "Building permit"), ("ms", "Permit bangunan"), ("th", "ก่อสร้าง")]
)
def test_names_in_the_readers_language(client, language, name):
    locality = make_locality()
    client.cookies["django_language"] = language
    assert name in client.get(f"/{locality.slug}/services/").content.decode()


def test_the_api_gives_the_catalogue_and_one_service(client):
    locality = make_locality()
    rows = client.get("/api/v1/eservices/services", {"locality": locality.slug}).json()
    assert len(rows) == len(SEEDS)
    one = client.get("/api/v1/eservices/services/food-licence", {"locality": locality.slug}).json()
    assert one["time_limit"] == 30 and one["division"] == "health"
    assert one["url"].endswith(f"/{locality.slug}/services/food-licence/")
    assert {d["name"] for d in one["documents"]} >= {"สำเนาบัตรประจำตัวประชาชน"}
    missing = client.get("/api/v1/eservices/services/nope", {"locality": locality.slug})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_a_switched_off_service_and_another_locality_answer_not_found(client):
    here, there = make_locality(), make_locality()
    Service.objects.for_locality(here).filter(code="venue-use").update(active=False)
    assert client.get(f"/{here.slug}/services/venue-use/").status_code == 404
    assert "venue-use" not in client.get(f"/{here.slug}/services/").content.decode()
    api = client.get("/api/v1/eservices/services/venue-use", {"locality": here.slug})
    assert api.status_code == 404
    # The other locality's own copy is untouched.
    assert client.get(f"/{there.slug}/services/venue-use/").status_code == 200


def _form(service: Service, **changes) -> dict:
    values = {
        "code": service.code, "name_th": service.name_th, "name_en": service.name_en,
        "name_ms": service.name_ms, "kind": service.kind, "department": service.department_id,
        "legal_basis": service.legal_basis, "conditions": service.conditions,
        "channels": service.channels, "steps": json.dumps(service.steps, ensure_ascii=False),
        "time_limit": service.time_limit or "", "time_unit": service.time_unit,
        "time_note": service.time_note,
        "documents": json.dumps(service.documents, ensure_ascii=False),
        "fee_note": service.fee_note, "complaints_to": service.complaints_to,
        "form": json.dumps(service.form, ensure_ascii=False),
        "active": "on" if service.active else "", "order": service.order,
    }  # fmt: skip
    values.update(changes)
    return {k: v for k, v in values.items() if v != ""}


def test_the_locality_admin_edits_a_service_and_it_is_audited(client):
    locality = make_locality()
    admin = make_staff(locality, "locality_admin")
    client.login(username=admin.username, password=PASSWORD)
    service = Service.objects.for_locality(locality).get(code="tree-cutting")
    url = f"/staff/admin/eservices/services/{service.pk}/"
    assert client.get("/staff/admin/eservices/services/").status_code == 200
    saved = client.post(url, _form(service, time_limit=7, fee_note="ต้นละ 300 บาท"))
    assert saved.status_code == 200  # the edit page again, saying it was saved
    service.refresh_from_db()
    assert service.time_limit == 7 and service.fee_note == "ต้นละ 300 บาท"
    assert AuditEvent.objects.for_locality(locality).filter(object_id=str(service.pk)).exists()
    assert "ต้นละ 300 บาท" in client.get(f"/{locality.slug}/services/tree-cutting/").content.decode()


@pytest.mark.parametrize(
    "field, value",
    [
        ("steps", '{"step": "not a list"}'),
        ("steps", '[{"minutes": 10}]'),
        ("documents", '[{"name": "บัตร", "copies": -1}]'),
        ("documents", "[not json"),
        ("code", "has space"),
        ("form", '[{"code": "colour", "type": "paint", "label_th": "สี"}]'),
        ("form", '[{"code": "kind", "type": "choice", "label_th": "ประเภท"}]'),
        ("form", '[{"code": "a", "type": "text", "label_th": {"x": 1}}]'),
        ("form", '[{"code": "a", "type": "text", "label_th": "ก", "required": "false"}]'),
        ("form", '[{"code": "csrfmiddlewaretoken", "type": "text", "label_th": "ก"}]'),
        ("form", '[{"code": "k", "type": "choice", "label_th": "ก", "choices": [""]}]'),
        ("form", '[{"code": "a", "type": "text", "label_th": Infinity}]'),
        ("steps", '[{"step": "ตรวจ", "minutes": NaN}]'),
        (
            "form",
            '[{"code": "a", "type": "text", "label_th": "ก"}, {"code": "a", "type": "text", "label_th": "ข"}]',
        ),
    ],
)
def test_bad_manual_entries_are_refused_in_thai_and_change_nothing(client, field, value):
    locality = make_locality()
    admin = make_staff(locality, "locality_admin")
    client.login(username=admin.username, password=PASSWORD)
    service = Service.objects.for_locality(locality).get(code="tree-cutting")
    before = Service.objects.for_locality(locality).values().get(pk=service.pk)
    answer = client.post(
        f"/staff/admin/eservices/services/{service.pk}/", _form(service, **{field: value})
    )
    assert answer.status_code == 422
    error = re.search(f'data-testid="error-{field}">([^<]+)<', answer.content.decode())
    assert error and re.search("[\u0e00-\u0e7f]", error.group(1)), "the error is not in Thai"
    assert Service.objects.for_locality(locality).values().get(pk=service.pk) == before


def test_another_localitys_admin_cannot_open_the_service():
    from django.test import Client

    here, there = make_locality(), make_locality()
    service = Service.objects.for_locality(here).get(code="tree-cutting")
    intruder = Client()
    intruder.login(username=make_staff(there, "locality_admin").username, password=PASSWORD)
    assert intruder.get(f"/staff/admin/eservices/services/{service.pk}/").status_code == 404
