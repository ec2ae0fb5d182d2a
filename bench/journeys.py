"""The speed figures of the "finished journeys" issue, measured on this machine:

1. a fresh `thongthin demo` until its first page answers (three times, a new empty
   ``THONGTHIN_VAR_DIR`` each time);
2. complaint creation through the API (`POST /api/v1/complaints` with an API key,
   `post_complaint.lua`) against the floor `GET /healthz` (one ``SELECT 1``), both at 8
   clients against the same `thongthin serve --workers 2` on the demo's SQLite database; each
   round measures the floor before and after creation and divides by the higher;
3. the static files: the size and caching headers of the largest script and stylesheet
   the portal home links to.

    .venv/bin/python bench/journeys.py [--duration 10] [--rounds 2] [--skip-startup]

Needs `wrk`. Prints Markdown rows for bench/README.md and writes bench/journeys-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from complaints import wrk  # noqa: E402
from run import free_port, wait_for  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def demo_first_page(env: dict) -> float:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "demo", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/nakhonsi/", timeout=300)
        return time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def api_key(env: dict) -> str:
    code = (
        "import django; django.setup()\n"
        "from thongthin.core.models import Locality\n"
        "from thongthin.core.services.apikeys import apikey_create\n"
        "import uuid\n"
        "key, secret = apikey_create(locality=Locality.objects.get(slug='nakhonsi'),"
        " name='bench ' + uuid.uuid4().hex[:6])\n"
        "print(secret)\n"
    )
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "thongthin.config.settings"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return out.strip().splitlines()[-1]


def static_headers(base: str) -> list[dict]:
    """Each script and stylesheet the portal home links to: size sent with gzip/brotli
    accepted, its encoding and Cache-Control."""
    with urllib.request.urlopen(base + "/nakhonsi/") as response:  # noqa: S310
        html = response.read().decode()
    rows = []
    for path in sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html))):
        request = urllib.request.Request(base + path, headers={"Accept-Encoding": "br, gzip"})  # noqa: S310
        with urllib.request.urlopen(request) as response:  # noqa: S310
            body = response.read()
            rows.append({
                "path": path,
                "bytes_sent": len(body),
                "encoding": response.headers.get("Content-Encoding") or "none",
                "cache_control": response.headers.get("Cache-Control") or "",
            })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    report: dict = {
        "machine": f"{platform.platform()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()}",
        "demo_first_page_s": [],
        "rounds": [],
    }
    if not args.skip_startup:
        for _ in range(3):
            var = tempfile.mkdtemp(prefix="thongthin-bench-demo-")
            seconds = demo_first_page({**base_env, "THONGTHIN_VAR_DIR": var})
            report["demo_first_page_s"].append(round(seconds, 1))
            print(f"demo first page: {seconds:.1f} s", flush=True)
            shutil.rmtree(var, ignore_errors=True)
    var = tempfile.mkdtemp(prefix="thongthin-bench-journeys-")
    env = {**base_env, "THONGTHIN_VAR_DIR": var}
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "demo", "--no-serve"], env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    key = api_key(env)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "serve", "--port", str(port), "--workers", "2",
         "--insecure-cookies"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        report["static"] = static_headers(base)
        create_url = base + "/api/v1/complaints"
        headers = {"X-API-Key": key}
        # Warm both paths (and let the second worker finish starting) before measuring.
        wrk(base + "/healthz", 8, 5, {}, "p95.lua")
        wrk(create_url, 8, 5, headers, "post_complaint.lua")
        for _ in range(args.rounds):
            # The floor before and after the creation run, divided by the higher of the two:
            # wrk's 8 keep-alive connections sometimes all land on one worker, which halves
            # /healthz for that run and would flatter the ratio.
            before = wrk(base + "/healthz", 8, args.duration, {}, "p95.lua")
            create = wrk(create_url, 8, args.duration, headers, "post_complaint.lua")
            after = wrk(base + "/healthz", 8, args.duration, {}, "p95.lua")
            floor = max(before, after, key=lambda run: run["rps"])
            ratio = round(create["rps"] / floor["rps"], 3)
            report["rounds"].append(
                {
                    "healthz": floor,
                    "healthz_runs": [before, after],
                    "create": create,
                    "ratio": ratio,
                }
            )
            print(f"healthz {before['rps']}/s, {after['rps']}/s (p95 {floor['p95_ms']} ms) · "
                  f"create {create['rps']}/s p95 {create['p95_ms']} ms · ratio {ratio}"
                  f" · errors {create['errors'] + create['non_2xx']}", flush=True)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)
    (HERE / "journeys-results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for row in report.get("static", []):
        print(f"| {row['path']} | {row['bytes_sent']:,} | {row['encoding']} | "
              f"{row['cache_control']} |")  # fmt: skip


if __name__ == "__main__":
    main()
