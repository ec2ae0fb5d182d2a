"""Measure the war-room module on this machine (SQLite, and PostgreSQL unless --skip-postgres):

- the chart query for one station over a year of 10-minute readings with 100 stations stored
  (5.3 million readings), and over a week;
- the time from a reading that crosses a rule's level to its alert being ready (the alert is
  created in the same call that stores the reading);
- readings ingested per second over MQTT (2,000 QoS-1 messages of 10 readings through
  Mosquitto on 127.0.0.1:1883 to the `thongthin mqtt` subscriber);
- readings ingested per second over HTTP: wrk posting batches of 500 readings (100 stations)
  to /api/v1/warroom/readings with a device key, 8 connections, against `thongthin serve`.

    .venv/bin/python bench/warroom.py [--days 365] [--duration 10] [--skip-postgres]

Prints a Markdown table and writes bench/warroom-results.json.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from complaints import wrk  # noqa: E402
from run import free_port, wait_for  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/thongthin_bench_warroom"


def bench_database(label: str, env: dict, days: int, duration: int, workers: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(HERE / "warroom_inproc.py")], env={**env, "BENCH_DAYS": str(days)},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    key = result.pop("api_key")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "serve", "--port", str(port), "--workers", str(workers),
         "--insecure-cookies"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        url = f"{base}/api/v1/warroom/readings"
        wrk(url, 2, 2, {"X-API-Key": key}, "post_readings.lua")
        result["http"] = [
            {**wrk(url, clients, duration, {"X-API-Key": key}, "post_readings.lua"), "clients": clients}
            for clients in (4, 8)
        ]  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["label"] = label
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    machine = f"{platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}"
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    var = tempfile.mkdtemp(prefix="thongthin-bench-warroom-")
    runs = [bench_database("SQLite", {**base_env, "THONGTHIN_VAR_DIR": var}, args.days,
                           args.duration, args.workers)]  # fmt: skip
    if not args.skip_postgres:
        name = PG_URL.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],  # noqa: S607
                       check=False)  # fmt: skip
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S607
        runs.append(bench_database("PostgreSQL", {**base_env, "THONGTHIN_VAR_DIR": var,
                                                  "DATABASE_URL": PG_URL},
                                   args.days, args.duration, args.workers))  # fmt: skip
    shutil.rmtree(var, ignore_errors=True)
    (HERE / "warroom-results.json").write_text(
        json.dumps({"machine": machine, "days": args.days, "runs": runs}, indent=2)
    )
    print(f"\n{machine}\n")
    print("| database | measure | result |")
    print("|---|---|---|")
    for r in runs:
        db = r["label"]
        print(f"| {db} | readings stored | {r['readings']:,} (seeded in {r['seed_seconds']} s) |")
        for span in ("year", "week"):
            c = r["chart"][span]
            print(f"| {db} | chart, one station, a {span} ({c['points']} points) | "
                  f"p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms |")  # fmt: skip
        x = r["crossing_to_alert"]
        print(f"| {db} | crossing reading → alert ready | p50 {x['p50_ms']} ms, "
              f"p95 {x['p95_ms']} ms, max {x['max_ms']} ms |")  # fmt: skip
        m = r["mqtt"]
        print(f"| {db} | MQTT ingestion ({m['messages']} messages × 10) | "
              f"{m['readings_per_second']} readings/s ({m['messages_per_second']} msg/s) |")  # fmt: skip
        for h in r["http"]:
            print(f"| {db} | HTTP ingestion, batches of 500, {h['clients']} clients | "
                  f"{h['readings_per_second']} readings/s (p95 {h['p95_ms']} ms, "
                  f"{h['errors'] + h['non_2xx']} errors) |")  # fmt: skip


if __name__ == "__main__":
    main()
