"""How long a complaint filed with a phone photo holds SQLite's one write lock (every other
write of the server waits meanwhile), and how long the whole filing takes, in one process.

    .venv/bin/python bench/photo_filing.py [--filings 15]

Builds a fresh demo database (``thongthin demo --no-serve``) in a temporary directory, then
files complaints with one 4000×3000 JPEG each, timing the lock from the backend's own
acquire/release of the write queue (core/db/sqlite)."""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=15)
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="thongthin-bench-photo-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["THONGTHIN_VAR_DIR"] = var
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "thongthin.cli", "demo", "--no-serve"], env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    os.environ.update(THONGTHIN_VAR_DIR=var, DJANGO_SETTINGS_MODULE="thongthin.config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from PIL import Image

    from thongthin.core.db.sqlite import base
    from thongthin.core.models import Locality
    from thongthin.modules.complaints import services

    holds: list[float] = []
    acquire, release = (
        base.DatabaseWrapper._acquire_write_queue,
        base.DatabaseWrapper._release_write_queue,
    )

    def timed_acquire(self):  # type: ignore[no-untyped-def]
        acquire(self)
        self._bench_t0 = time.perf_counter()

    def timed_release(self):  # type: ignore[no-untyped-def]
        if self._locked:
            holds.append(time.perf_counter() - self._bench_t0)
        release(self)

    base.DatabaseWrapper._acquire_write_queue = timed_acquire
    base.DatabaseWrapper._release_write_queue = timed_release
    image = Image.effect_noise((4000, 3000), 40).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    photo = buffer.getvalue()
    locality = Locality.objects.get(slug="nakhonsi")

    def file(i: int) -> None:
        services.complaint_create(
            locality=locality, description=f"ถนนเป็นหลุม {i}", channel="api",
            category_code="road", lat=8.43 + (random.random() - 0.5) * 0.08,  # noqa: S311
            lon=99.96 + (random.random() - 0.5) * 0.08, photos=[photo],  # noqa: S311
        )  # fmt: skip

    file(0)  # the first filing of a process loads what it needs
    holds.clear()
    started = time.perf_counter()
    for i in range(args.filings):
        file(i + 1)
    each = (time.perf_counter() - started) / args.filings
    holds.sort()
    print(
        f"photo {len(photo) // 1024} KB, {args.filings} filings: filing {each * 1000:.0f} ms; "
        f"write lock held median {holds[len(holds) // 2] * 1000:.1f} ms, "
        f"max {holds[-1] * 1000:.1f} ms ({len(holds)} transactions)"
    )


if __name__ == "__main__":
    main()
