"""The one-stop centre's report: figures computed from what happened (applications, on time
against the limit, overdue by division, fees equal to the receipts not voided, queue times by
hour, appointments, satisfaction), as a page and a CSV; bad dates refused; roles and tenants."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from thongthin.core import thai
from thongthin.core.errors import PermissionDenied
from thongthin.core.models import Case
from thongthin.core.services.cases import case_transition
from thongthin.core.services.ratings import case_rate
from thongthin.core.testing import PASSWORD, make_locality, make_staff

from ..models import Counter, Payment, QueueGroup, Ticket
from ..reports import report
from ..services import application_charge, payment_record, payment_void
from ..services.queue import queue_call_next, queue_finish, ticket_take
from .test_payments import _approved
from .test_queue import _earlier_today

pytestmark = pytest.mark.django_db


def _world():  # type: ignore[no-untyped-def]
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    issued = _approved(locality, officer)
    issued = application_charge(application=issued, actor=officer)
    first = payment_record(application=issued, actor=officer, method="cash", amount="200")
    payment_void(payment=first, actor=officer, reason="พิมพ์ผิด")
    payment_record(application=issued, actor=officer, method="cash", amount="200")
    case_transition(case=issued.case, action="issue", actor=officer)
    case_rate(case=Case.objects.for_locality(locality).get(pk=issued.case_id), stars=4)
    late = _approved(locality, officer)  # approved, not yet charged: open
    Case.objects.for_locality(locality).filter(pk=late.case_id).update(
        sla_due_at=timezone.now() - timedelta(days=2)
    )
    group = QueueGroup.objects.for_locality(locality).get(letter="A")
    counter = Counter.objects.for_locality(locality).get(number=1)
    taken = _earlier_today(minutes=30)
    ticket_take(locality=locality, group=group, now=taken)
    queue_call_next(counter=counter, actor=officer, now=taken + timedelta(minutes=12))
    queue_finish(counter=counter, actor=officer, now=taken + timedelta(minutes=20))
    return locality, officer


def test_the_figures_come_from_what_happened():
    locality, officer = _world()
    data = report(locality=locality, actor=officer)
    assert data["total"] == 2
    (service,) = data["by_service"]
    assert data["by_service"][service] == {"issued": 1, "approved": 1}
    assert data["timing"][service]["decided"] == 1 and data["on_time_share"] == 1.0
    assert list(data["overdue_by_division"].values()) == [1]
    # Fees: the voided receipt is not counted; the total is the receipt book's.
    kept = Payment.objects.for_locality(locality).filter(voided_at__isnull=True)
    assert data["fees_total"] == sum(p.amount for p in kept) == Decimal("200")
    assert data["fees"][0]["receipts"] == 1
    (hour,) = data["queue_by_hour"]
    assert hour["tickets"] == 1 and hour["wait_minutes"]["average"] == 12.0
    assert hour["serve_minutes"]["average"] == 8.0
    assert (
        hour["hour"] == thai.to_bangkok(Ticket.objects.for_locality(locality).get().taken_at).hour
    )
    assert data["satisfaction"]["average"] == 4.0 and data["satisfaction"]["by_stars"][4] == 1
    assert data["satisfaction"]["percent"] == 80.0
    # Another locality's report sees none of it.
    other = make_locality()
    empty = report(locality=other, actor=make_staff(other, "officer"))
    assert empty["total"] == 0 and empty["fees_total"] == 0 and not empty["queue_by_hour"]
    with pytest.raises(PermissionDenied):
        report(locality=locality, actor=make_staff(other, "officer"))


def test_the_page_and_the_csv_for_an_executive_and_bad_dates_refused(client):
    locality, _officer = _world()
    executive = make_staff(locality, "executive")
    client.login(username=executive.username, password=PASSWORD)
    page = client.get("/staff/eservices/reports/").content.decode()
    assert 'data-testid="on-time-share"' in page and "100%" in page
    csv = client.get("/staff/eservices/reports.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "section,name,detail,count,value"
    assert "fees," in csv and "200.00" in csv and "satisfaction,average,,1,4.0" in csv
    bad = client.get("/staff/eservices/reports/", {"start": "31/2/2569"})
    assert bad.status_code == 422 and 'data-testid="error"' in bad.content.decode()
    backwards = client.get("/staff/eservices/reports.csv", {"start": "1/1/2570", "end": "1/1/2569"})
    assert backwards.status_code == 422
    outsider = Client()
    outsider.login(username=make_staff(make_locality(), "officer").username, password=PASSWORD)
    assert "200.00" not in outsider.get("/staff/eservices/reports.csv").content.decode("utf-8-sig")
    assert Client().get("/staff/eservices/reports/").status_code == 302  # to the log-in
