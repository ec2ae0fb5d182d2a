"""Time the per-report work inside one process: the nearby-duplicate check and the text
classification, each over 2,000 reports, against the database bench/seed_complaints.py filled.

DATABASE_URL=... python bench/per_report.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")
django.setup()

from thongthin.core.models import Locality  # noqa: E402
from thongthin.modules.complaints import classifier, services  # noqa: E402
from thongthin.modules.complaints.demo import TEXTS  # noqa: E402
from thongthin.modules.complaints.models import Category  # noqa: E402


def timed(fn, args_list) -> dict:
    fn(*args_list[0])  # warm up (model load, connection)
    samples = []
    for args in args_list:
        start = time.perf_counter()
        fn(*args)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95)], 3),
        "max_ms": round(samples[-1], 3),
    }


def main() -> None:
    locality = Locality.objects.get(slug="nakhonsi")
    categories = list(Category.objects.for_locality(locality).filter(code__in=list(TEXTS)))
    rng = random.Random(7)
    points = [
        (
            rng.choice(categories),
            locality.center_lat + rng.gauss(0, 0.03),
            locality.center_lon + rng.gauss(0, 0.03),
        )
        for _ in range(2000)
    ]
    texts = [rng.choice(TEXTS[rng.choice(list(TEXTS))]) + f" {i}" for i in range(2000)]
    result = {
        "duplicate_check": timed(
            lambda c, la, lo: services.duplicates_near(locality=locality, category=c, lat=la, lon=lo),
            points,
        ),
        "classification": timed(lambda t: classifier.classify(locality, t), [(t,) for t in texts]),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
