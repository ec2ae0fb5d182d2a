"""Fill a database with N cases in one locality for the list benchmarks (bulk, not via services).

DATABASE_URL=... python bench/seed_cases.py 100000
"""

from __future__ import annotations

import os
import random
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from thongthin.core.demo import demo_load  # noqa: E402
from thongthin.core.models import Case, Locality  # noqa: E402
from thongthin.core.services.apikeys import apikey_create  # noqa: E402


def main(total: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("loadgeography", verbosity=0)
    demo_load()
    locality = Locality.objects.get(slug="nakhonsi")
    existing = Case.objects.for_locality(locality).count()
    rng = random.Random(1)
    now = timezone.now()
    batch = []
    for i in range(existing, total):
        batch.append(
            Case(
                locality=locality,
                kind="general",
                number=f"B-2569-{i:07d}",
                tracking_code=f"B{i:09d}",
                title=f"เรื่องทดสอบความเร็ว {i}",
                description="ถนนชำรุด เป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย",
                status=rng.choice(["received", "accepted", "in_progress", "resolved"]),
                channel="web",
                lat=8.43 + rng.uniform(-0.02, 0.02),
                lon=99.96 + rng.uniform(-0.02, 0.02),
                sla_due_at=now + timedelta(days=2),
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    # Settle the database before measuring: fresh statistics for the planner, and no
    # autovacuum of 100k new rows competing for the two cores during the runs.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    _key, secret = apikey_create(locality=locality, name="bench")
    print(secret)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
