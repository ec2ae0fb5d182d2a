"""Odd input an attacker sends to the e-services pages is a clear 4xx (or ignored), never a 500,
and changes nothing: digits that are not ASCII (², Thai), years out of range, ids that are not
numbers, other HTTP methods; a report CSV never carries a formula."""

from __future__ import annotations

import pytest
from django.test import Client

from thongthin.core.csvout import cell
from thongthin.core.models import Case
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..models import Service
from .test_documents import _issued

pytestmark = pytest.mark.django_db


def test_odd_input_is_refused_not_a_server_error(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application, payment = _issued(locality, officer)
    code = application.case.tracking_code
    public = Client(raise_request_exception=False)
    assert public.get(f"/{locality.slug}/queue/display/stream/?since=²").status_code == 200
    assert (
        public.get(f"/{locality.slug}/queue/display/stream/?since=" + "9" * 5000).status_code == 200
    )
    public.post(f"/{locality.slug}/applications/{code}/rate/", {"stars": "²"})
    assert not application.case.events.filter(kind="rating").exists()
    staff = Client(raise_request_exception=False)
    staff.login(username=officer.username, password=PASSWORD)
    for url in (
        "/staff/eservices/appointments/?day=1/1/100",
        "/staff/eservices/reports/?end=31/12/10542",
        "/staff/eservices/reports.csv?start=1/1/100&end=2/1/100",
    ):
        assert staff.get(url).status_code == 422, url
    assert staff.post("/staff/eservices/appointments/?day=1/1/100", {"ref": "X"}).status_code < 500
    assert staff.get("/staff/eservices/counter/?counter=²").status_code == 200
    number = application.case.number
    for pk in ("abc", "²", "9" * 40):
        answer = staff.post(
            f"/staff/eservices/{number}/money/void/", {"payment": pk, "reason": "x"}
        )
        assert answer.status_code == 404, pk
    payment.refresh_from_db()
    assert payment.voided_at is None
    for url in ("/staff/eservices/counter/", "/staff/eservices/reports/",
                "/staff/eservices/appointments/"):  # fmt: skip
        assert staff.put(url).status_code == 405 and staff.delete(url).status_code == 405


def test_the_report_csv_carries_no_formula(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    Service.objects.for_locality(locality).filter(code="building-permit").update(
        name_th='=HYPERLINK("http://evil.example/","ขออนุญาต")'
    )
    _issued(locality, officer)
    client.login(username=officer.username, password=PASSWORD)
    body = client.get("/staff/eservices/reports.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and ',"=HYPERLINK' not in body
    assert [cell(v) for v in ("=1+1", "+1", "@SUM(A1)", "-2", "-x", "ok", 5)] == [
        "'=1+1",
        "'+1",
        "'@SUM(A1)",
        "-2",
        "'-x",
        "ok",
        5,
    ]
    assert Case.objects.for_locality(locality).exists()
