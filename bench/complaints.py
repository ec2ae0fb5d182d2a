"""Measure the complaints module on this machine, on SQLite and PostgreSQL:

- complaint creation through the API (POST /api/v1/complaints with an API key) at 8 and 32
  concurrent clients;
- the public map (clusters at three zoom levels and single points) and the public list with
  1,000,000 complaints in the database;
- the per-report duplicate check and classification (in one process).

    .venv/bin/python bench/complaints.py [--rows 1000000] [--duration 10] [--skip-postgres]

Needs `wrk` (apt-get install wrk). Prints a Markdown table for bench/README.md and writes
bench/complaints-results.json. The classifier's accuracy is measured by
bench/classifier_accuracy.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import free_port, tree_rss_mb, wait_for  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/thongthin_bench_complaints"
# The demo locality's centre is 8.4304, 99.9631; the seeded complaints spread ~3 km around it.
CITY = "99.90,8.37,100.03,8.49"
DISTRICT = "99.95,8.42,99.98,8.44"
STREET = "99.960,8.428,99.966,8.433"


def wrk(url: str, connections: int, duration: int, headers: dict, script: str) -> dict:
    args = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{duration}s",
            "--timeout", "10s", "-s", str(HERE / script)]  # fmt: skip
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return json.loads(out.strip().splitlines()[-1])


def bench_database(label: str, env: dict, rows: int, duration: int, workers: int) -> dict:
    started = time.monotonic()
    seed = subprocess.run(  # noqa: S603
        [PYTHON, str(HERE / "seed_complaints.py"), str(rows)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seed_seconds = time.monotonic() - started
    key = seed.stdout.strip().splitlines()[-1]
    per_report = json.loads(
        subprocess.run(  # noqa: S603
            [PYTHON, str(HERE / "per_report.py")], env=env, capture_output=True, text=True,
            check=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "serve", "--port", str(port), "--workers", str(workers),
         "--insecure-cookies"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    results = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        api = f"{base}/api/v1/complaints"
        reads = {
            "map, whole city (zoom 12, H3 res 7 clusters)": f"{api}/map?locality=nakhonsi&zoom=12&bbox={CITY}",
            "map, region (zoom 9, res 5 clusters)": f"{api}/map?locality=nakhonsi&zoom=9&bbox={CITY}",
            "map, district (zoom 15, res 9 clusters)": f"{api}/map?locality=nakhonsi&zoom=15&bbox={DISTRICT}",
            "map, street (zoom 17, single points)": f"{api}/map?locality=nakhonsi&zoom=17&bbox={STREET}",
            "map, city, open road cases only": f"{api}/map?locality=nakhonsi&zoom=12&bbox={CITY}&status=open&category=road",
            "public list, newest 20": f"{api}/public?locality=nakhonsi&limit=20",
            "public list, road, open": f"{api}/public?locality=nakhonsi&limit=20&category=road&status=open",
        }  # fmt: skip
        for name, url in reads.items():
            wrk(url, 8, 2, {}, "p95.lua")  # warm up every worker
            for clients in (8, 32):
                result = wrk(url, clients, duration, {}, "p95.lua")
                result.update(database=label, target=name, clients=clients)
                results.append(result)
        headers = {"X-API-Key": key}
        wrk(api, 8, 2, headers, "post_complaint.lua")
        for clients in (8, 32):
            result = wrk(api, clients, duration, headers, "post_complaint.lua")
            result.update(database=label, target="create complaint (POST)", clients=clients,
                          rss_mb=round(tree_rss_mb(server.pid), 1))  # fmt: skip
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"seed_seconds": round(seed_seconds), "per_report": per_report, "http": results}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    report = {
        "machine": f"{platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}",
        "rows": args.rows,
        "databases": {},
    }
    var = tempfile.mkdtemp(prefix="thongthin-bench-complaints-")
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    sqlite_env = {**base_env, "THONGTHIN_VAR_DIR": var}
    report["databases"]["SQLite"] = bench_database(
        "SQLite", sqlite_env, args.rows, args.duration, args.workers
    )
    if not args.skip_postgres:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",  # noqa: S607
                        PG_URL.rsplit("/", 1)[1]], check=False)  # fmt: skip
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres",  # noqa: S607
                        PG_URL.rsplit("/", 1)[1]], check=True)  # fmt: skip
        pg_env = {**base_env, "THONGTHIN_VAR_DIR": var, "DATABASE_URL": PG_URL}
        report["databases"]["PostgreSQL"] = bench_database(
            "PostgreSQL", pg_env, args.rows, args.duration, args.workers
        )
    shutil.rmtree(var, ignore_errors=True)
    (HERE / "complaints-results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\n{report['machine']}, {args.rows:,} complaints\n")
    print("| database | target | clients | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for label, data in report["databases"].items():
        for r in data["http"]:
            print(f"| {label} | {r['target']} | {r['clients']} | {r['rps']} | {r['p50_ms']} | "
                  f"{r['p95_ms']} | {r['p99_ms']} | {r['errors'] + r['non_2xx']} |")  # fmt: skip
    print("\n| database | per report | median ms | p95 ms | max ms |\n|---|---|---|---|---|")
    for label, data in report["databases"].items():
        for name, r in data["per_report"].items():
            print(f"| {label} | {name} | {r['median_ms']} | {r['p95_ms']} | {r['max_ms']} |")


if __name__ == "__main__":
    main()
