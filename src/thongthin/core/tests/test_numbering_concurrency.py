"""Case numbers stay unique when many requests create cases at once (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection

from thongthin.core.models import Case
from thongthin.core.services.cases import case_create
from thongthin.core.testing import make_locality


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_unique_gapless_numbers():
    locality = make_locality("busy")
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            for _ in range(5):
                case_create(locality=locality, kind="general", title="พร้อมกัน", channel="api")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Case.objects.for_locality(locality).values_list("number", flat=True))
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequences == list(range(1, 41))
