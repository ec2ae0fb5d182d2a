"""The worker keeps SQLite's planner statistics in step with the data (core.db.statistics)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from thongthin.core.db.statistics import statistics_refresh
from thongthin.core.models import RateCount
from thongthin.core.modules import installed


def _rows_believed(table: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL", [table])
        found = cursor.fetchone()
        if found is None:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            found = cursor.fetchone()
    return int(found[0].split()[0]) if found else None


@pytest.mark.django_db
def test_the_statistics_follow_the_rows():
    if connection.vendor != "sqlite":
        assert statistics_refresh() is False  # PostgreSQL's autovacuum keeps its own
        return
    later = timezone.now() + timedelta(minutes=5)
    RateCount.objects.bulk_create(RateCount(key=f"a{i}", expires_at=later) for i in range(40))
    assert statistics_refresh() is True
    assert _rows_believed(RateCount._meta.db_table) == 40
    RateCount.objects.bulk_create(RateCount(key=f"b{i}", expires_at=later) for i in range(360))
    assert _rows_believed(RateCount._meta.db_table) == 40  # SQLite does not refresh them itself
    statistics_refresh()
    assert _rows_believed(RateCount._meta.db_table) == 400


def test_the_worker_refreshes_them_every_hour():
    jobs = {job.run: job.every_seconds for module in installed() for job in module.jobs}
    assert jobs["thongthin.core.db.statistics.statistics_refresh"] == 3600
