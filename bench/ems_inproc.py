"""Seed the EMS bench database and time the unit recommendation in one process.

Run by bench/ems.py with THONGTHIN_VAR_DIR (and DATABASE_URL) set; prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from thongthin.core.models import User
    from thongthin.core.testing import make_locality, make_staff
    from thongthin.modules.ems import routing
    from thongthin.modules.ems.models import Unit

    call_command("migrate", verbosity=0)
    locality = make_locality("benchems")
    dispatcher = make_staff(locality, "dispatcher")
    User.objects.filter(pk=dispatcher.pk).update(username="bench-dispatcher")
    rng = random.Random(7)
    now = timezone.now()
    levels = ["FR", "BLS", "ILS", "ALS"]

    def add(count: int, start: int) -> None:
        rows = []
        for i in range(start, start + count):
            lat = 8.43 + rng.uniform(-0.45, 0.45)  # ~100 km square around the centre
            lon = 99.96 + rng.uniform(-0.45, 0.45)
            rows.append(Unit(
                locality=locality, code=f"u{i:05d}", name=f"Unit {i}", level=levels[i % 4],
                base_lat=lat, base_lon=lon, lat=lat, lon=lon, position_at=now,
                status="available" if i % 10 else "en_route",
            ))  # fmt: skip
        Unit.objects.bulk_create(rows, batch_size=1000)

    def timed(repeats: int = 300) -> dict:
        samples = []
        for _ in range(repeats):
            lat, lon = 8.43 + rng.uniform(-0.3, 0.3), 99.96 + rng.uniform(-0.3, 0.3)
            started = time.perf_counter()
            ranked = routing.recommend(locality=locality, lat=lat, lon=lon, colour="red")
            samples.append((time.perf_counter() - started) * 1000)
            assert ranked
        samples.sort()
        return {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
            "max_ms": round(samples[-1], 2),
        }

    add(50, 0)
    timed(20)  # warm the connection and caches
    small = timed()
    add(4950, 50)
    timed(20)
    large = timed()
    print(json.dumps({"units_50": small, "units_5000": large}))


if __name__ == "__main__":
    sys.exit(main())
