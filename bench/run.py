"""Measure Thongthin on this machine: demo start-up, server memory under load, and throughput
and p95 latency of the portal home and a paginated API list with 100,000 cases, at 1, 8 and 32
concurrent clients, on SQLite and PostgreSQL. Needs `wrk` (apt-get install wrk).

    .venv/bin/python bench/run.py [--duration 10] [--skip-postgres]

Prints a Markdown table to paste into bench/README.md and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/thongthin_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 120) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS"))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pids.extend(int(c) for c in children)
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024


def demo_startup() -> float:
    """Seconds from `thongthin demo` on a fresh database to the first portal page."""
    var = tempfile.mkdtemp(prefix="thongthin-bench-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["THONGTHIN_VAR_DIR"] = var
    port = free_port()
    start = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/nakhonsi/")
        return time.monotonic() - start
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


def wrk(url: str, connections: int, duration: int, headers: dict[str, str]) -> dict:
    args = [
        "wrk",
        "-t",
        str(min(connections, 2)),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "p95.lua"),
    ]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return json.loads(out.strip().splitlines()[-1])


def bench_database(label: str, env: dict[str, str], duration: int, workers: int) -> list[dict]:
    seed = subprocess.run(  # noqa: S603
        [PYTHON, str(HERE / "seed_cases.py"), "100000"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    key = seed.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "thongthin.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--insecure-cookies",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        targets = {
            # The floor: the same server answering its cheapest request (one SELECT 1, no
            # template), so the figures below can be read against it on a noisy machine.
            "floor: /healthz": (base + "/healthz", {}),
            "portal home": (base + "/nakhonsi/", {}),
            "API list (100k cases)": (base + "/api/v1/cases?limit=20&offset=0", {"X-API-Key": key}),
        }
        for name, (url, headers) in targets.items():
            wrk(url, 32, 3, headers)  # warm up every worker
            for connections in (1, 8, 32):
                result = wrk(url, connections, duration, headers)
                result.update(
                    database=label,
                    target=name,
                    clients=connections,
                    rss_mb=round(tree_rss_mb(server.pid), 1),
                )
                rows.append(result)
                print(json.dumps(result, ensure_ascii=False), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    startups = [] if args.skip_startup else [demo_startup() for _ in range(3)]
    print(f"demo start-up: {startups}", flush=True)
    rows = []
    var = tempfile.mkdtemp(prefix="thongthin-bench-sqlite-")
    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    sqlite_env["THONGTHIN_VAR_DIR"] = var
    rows += bench_database("SQLite", sqlite_env, args.duration, args.workers)
    if not args.skip_postgres:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "thongthin_bench"],
            check=True,
        )  # noqa: S603, S607
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "thongthin_bench"], check=True
        )  # noqa: S603, S607
        pg_env = {**sqlite_env, "DATABASE_URL": PG_URL, "THONGTHIN_VAR_DIR": tempfile.mkdtemp()}
        rows += bench_database("PostgreSQL", pg_env, args.duration, args.workers)

    machine = f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}"
    (HERE / "results.json").write_text(
        json.dumps(
            {"machine": machine, "demo_startup_s": startups, "rows": rows},
            indent=1,
            ensure_ascii=False,
        )
    )
    print(f"\nMachine: {machine}\n")
    print(
        f"Demo start-up to first page (fresh database): {', '.join(f'{s:.1f} s' for s in startups)}\n"
    )
    print(
        "| database | target | clients | req/s | p50 ms | p95 ms | p99 ms | errors | server RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['database']} | {r['target']} | {r['clients']} | {r['rps']:.0f} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors'] + r['non_2xx']} | {r['rss_mb']:.0f} |"
        )
    floors = {(r["database"], r["clients"]): r for r in rows if r["target"].startswith("floor")}
    print("\nAgainst the floor (the same server's /healthz, same database and clients):\n")
    print("| database | target | clients | req/s ÷ floor | p95 ÷ floor |")
    print("|---|---|---|---|---|")
    for r in rows:
        floor = floors.get((r["database"], r["clients"]))
        if floor is None or r is floor:
            continue
        print(
            f"| {r['database']} | {r['target']} | {r['clients']} | {r['rps'] / floor['rps']:.2f} "
            f"| {r['p95_ms'] / floor['p95_ms']:.2f} |"
        )


if __name__ == "__main__":
    main()
