"""A phone that lost its reply sends the same visit again while the first request is still
running: on PostgreSQL (real concurrent writers) the visit is stored once and both requests
answer with it."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from thongthin.core.models import AuditEvent
from thongthin.core.testing import make_locality, make_staff

from .. import services
from ..models import Visit
from .conftest import items, person_data


@pytest.mark.skipif(connection.vendor == "sqlite", reason="threads share SQLite's one writer")
@pytest.mark.django_db(transaction=True)
def test_the_same_visit_sent_twice_at_once_is_stored_once():
    locality = make_locality()
    manager = make_staff(locality, "care_manager", "health")
    caregiver = make_staff(locality, "caregiver", "health")
    person = services.person_register(locality=locality, actor=manager, data=person_data())
    services.assessment_record(person=person, actor=manager, items=items(6))
    visit = Visit.objects.create(
        locality=locality, person=person, caregiver=caregiver, due_on=timezone.localdate()
    )
    data = services.VisitIn(client_id=str(uuid.uuid4()), sbp=130, dbp=80, notes="ครั้งเดียว")
    outcomes: list[bool] = []
    start = threading.Barrier(6)

    def send() -> None:
        try:
            start.wait()
            _row, new = services.visit_record(visit=visit, actor=caregiver, data=data)
            outcomes.append(new)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [False] * 5 + [True]
    assert Visit.objects.for_locality(locality).get(pk=visit.pk).status == "done"
    recorded = AuditEvent.objects.for_locality(locality).filter(action="care.visit_recorded")
    assert recorded.count() == 1
