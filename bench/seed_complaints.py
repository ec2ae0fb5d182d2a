"""Fill a database with N complaints in the demo locality "nakhonsi" (bulk, not via services),
then recount the public map. Prints an API key of the locality on the last line.

DATABASE_URL=... python bench/seed_complaints.py 1000000
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")
django.setup()

import h3  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from thongthin.core.demo import demo_load  # noqa: E402
from thongthin.core.models import Case, Locality  # noqa: E402
from thongthin.core.services.apikeys import apikey_create  # noqa: E402
from thongthin.modules.complaints.demo import TEXTS  # noqa: E402
from thongthin.modules.complaints.models import Category, Complaint  # noqa: E402
from thongthin.modules.complaints.services import map_rebuild  # noqa: E402

STATUSES = ["received", "accepted", "in_progress", "resolved", "resolved", "forwarded"]
BATCH = 5000


def main(total: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("loadgeography", verbosity=0)
    demo_load()
    locality = Locality.objects.get(slug="nakhonsi")
    categories = {c.code: c for c in Category.objects.for_locality(locality)}
    codes = [code for code in TEXTS if code in categories]
    existing = Complaint.objects.for_locality(locality).count()
    rng = random.Random(1)
    now = timezone.now()
    started = time.monotonic()
    for start in range(existing, total, BATCH):
        cases, rows = [], []
        for i in range(start, min(start + BATCH, total)):
            code = rng.choice(codes)
            lat = locality.center_lat + rng.gauss(0, 0.03)
            lon = locality.center_lon + rng.gauss(0, 0.03)
            status = rng.choice(STATUSES)
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
            cases.append(
                Case(
                    locality=locality,
                    kind="complaint",
                    number=f"ร-2568-{i:07d}",
                    tracking_code=f"B{i:09d}",
                    title=f"{categories[code].name_th}: ทดสอบ {i}",
                    description=rng.choice(TEXTS[code]),
                    status=status,
                    category=code,
                    channel="line",
                    lat=lat,
                    lon=lon,
                    h3_cell=h3.latlng_to_cell(lat, lon, 9),
                    department_id=categories[code].department_id,
                    sla_due_at=created + timedelta(hours=48),
                    closed_at=created + timedelta(hours=30) if status in ("resolved", "forwarded") else None,
                )
            )
            rows.append((code, lat, lon, created))
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            Complaint.objects.bulk_create(
                Complaint(
                    locality=locality,
                    case=case,
                    category=categories[code],
                    labels=categories[code].name_th,
                    cell_r5=h3.latlng_to_cell(lat, lon, 5),
                    cell_r7=h3.latlng_to_cell(lat, lon, 7),
                )
                for case, (code, lat, lon, _) in zip(cases, rows, strict=True)
            )
            for case, (_, _, _, created) in zip(cases, rows, strict=True):
                case.created_at = created
            Case.objects.for_locality(locality).bulk_update(cases, ["created_at"], batch_size=1000)
        if (start // BATCH) % 20 == 0:
            print(f"{start + len(cases)} complaints, {time.monotonic() - started:.0f} s", file=sys.stderr)
    cells = map_rebuild(locality)
    print(f"map: {cells} cells", file=sys.stderr)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    _, secret = apikey_create(locality=locality, name=f"bench-{int(time.time())}")
    print(secret)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
