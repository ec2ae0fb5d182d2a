"""Measure the EMS module on this machine (SQLite, and PostgreSQL unless --skip-postgres):

- unit recommendation latency with 50 and 5,000 units (in one process; bench/ems_inproc.py);
- time from a unit's status change (POST /api/v1/ems/units/<code>/status through the server)
  to the dispatch board's live stream delivering it (server-sent events, read by a client here);
- incident creation throughput (POST /api/v1/ems/incidents as a logged-in dispatcher) at 8 and
  32 clients.

    .venv/bin/python bench/ems.py [--duration 10] [--changes 40] [--skip-postgres]

Needs `wrk` (apt-get install wrk). Prints a Markdown table and writes bench/ems-results.json.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from complaints import wrk  # noqa: E402
from run import free_port, wait_for  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/thongthin_bench_ems"
PASSWORD = "test-pass-1234"  # thongthin.core.testing.PASSWORD, set by ems_inproc.py


def login(base: str) -> tuple[str, str]:
    """Log in as the bench dispatcher through the login form; returns (session, csrf token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/staff/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "bench-dispatcher", "password": PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(base + "/staff/login/", form, {"Referer": base}))
    cookies = {c.name: c.value for c in jar}
    return cookies["sessionid"], cookies["csrftoken"]


def stream_latency(port: int, session: str, csrf: str, changes: int) -> dict:
    """Flip a unit's status ``changes`` times; time each until the stream shows it."""
    cookie = f"sessionid={session}; csrftoken={csrf}"
    seen: dict[str, float] = {}
    ready = threading.Event()
    stop = threading.Event()

    def listen() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/staff/ems/stream/", headers={"Cookie": cookie})
        response = conn.getresponse()
        buffer = b""
        while not stop.is_set():
            chunk = response.read1(65536)
            if not chunk:  # the stream ended (it lives a minute): reconnect
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", "/staff/ems/stream/", headers={"Cookie": cookie})
                response = conn.getresponse()
                continue
            buffer += chunk
            while b"\n\n" in buffer:
                frame, buffer = buffer.split(b"\n\n", 1)
                if b"data: " not in frame:
                    continue
                board = json.loads(frame.split(b"data: ", 1)[1])
                unit = next(u for u in board["units"] if u["code"] == "u00001")
                seen.setdefault(f"{unit['status']}:{unit['status_at']}", time.perf_counter())
                ready.set()

    threading.Thread(target=listen, daemon=True).start()
    ready.wait(30)
    samples = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(changes):
        status = "out_of_service" if i % 2 == 0 else "available"
        body = json.dumps({"status": status})
        before = len(seen)
        started = time.perf_counter()
        conn.request("POST", "/api/v1/ems/units/u00001/status", body, headers={
            "Cookie": cookie, "X-CSRFToken": csrf, "Content-Type": "application/json"})  # fmt: skip
        response = conn.getresponse()
        assert response.status == 200, response.read()
        response.read()
        deadline = time.perf_counter() + 10
        while len(seen) == before and time.perf_counter() < deadline:
            time.sleep(0.002)
        arrived = max(seen.values())
        samples.append((arrived - started) * 1000)
        time.sleep(0.3)
    stop.set()
    samples.sort()
    return {
        "changes": changes,
        "p50_ms": round(statistics.median(samples)),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1]),
        "max_ms": round(samples[-1]),
    }


def bench_database(label: str, env: dict, duration: int, changes: int, workers: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(HERE / "ems_inproc.py")], env=env, capture_output=True, text=True, check=True
    ).stdout
    recommend = json.loads(out.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "serve", "--port", str(port), "--workers", str(workers),
         "--insecure-cookies"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        session, csrf = login(base)
        stream = stream_latency(port, session, csrf, changes)
        headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}
        url = f"{base}/api/v1/ems/incidents"
        wrk(url, 8, 2, headers, "post_incident.lua")
        creation = []
        for clients in (8, 32):
            result = wrk(url, clients, duration, headers, "post_incident.lua")
            result.update(clients=clients)
            creation.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"recommend": recommend, "stream": stream, "create": creation, "label": label}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    machine = f"{platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}"
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    runs = []
    var = tempfile.mkdtemp(prefix="thongthin-bench-ems-")
    runs.append(bench_database("SQLite", {**base_env, "THONGTHIN_VAR_DIR": var},
                               args.duration, args.changes, args.workers))  # fmt: skip
    if not args.skip_postgres:
        name = PG_URL.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],  # noqa: S607
                       check=False)  # fmt: skip
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S607
        pg_env = {**base_env, "THONGTHIN_VAR_DIR": var, "DATABASE_URL": PG_URL}
        runs.append(bench_database("PostgreSQL", pg_env, args.duration, args.changes, args.workers))
    shutil.rmtree(var, ignore_errors=True)
    (HERE / "ems-results.json").write_text(
        json.dumps({"machine": machine, "runs": runs}, indent=2, ensure_ascii=False)
    )
    print(f"\n{machine}\n")
    print("| database | measure | p50 | p95 | max / req/s |")
    print("|---|---|---|---|---|")
    for run in runs:
        db = run["label"]
        for units in ("50", "5000"):
            r = run["recommend"][f"units_{units}"]
            print(f"| {db} | recommend, {units} units | {r['p50_ms']} ms | {r['p95_ms']} ms | "
                  f"max {r['max_ms']} ms |")  # fmt: skip
        s = run["stream"]
        print(f"| {db} | status change → board stream ({s['changes']} changes) | {s['p50_ms']} ms "
              f"| {s['p95_ms']} ms | max {s['max_ms']} ms |")  # fmt: skip
        for c in run["create"]:
            print(f"| {db} | create incident, {c['clients']} clients | {c['p50_ms']} ms | "
                  f"{c['p95_ms']} ms | {c['rps']} req/s ({c['errors'] + c['non_2xx']} errors) |")  # fmt: skip


if __name__ == "__main__":
    main()
