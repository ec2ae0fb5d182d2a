"""Measure the e-services module on this machine (SQLite, and PostgreSQL unless --skip-postgres):

- application submission throughput through the service layer, against a raw one-row INSERT
  per transaction measured in the same run (bench/eservices_inproc.py);
- receipt and licence PDF generation time (target: p95 under 300 ms);
- the counter queue: the officer presses "call next" on the counter page (a POST through the
  server) until the TV display's live stream (server-sent events, read by a client here) shows
  the ticket called (target: under 1 s).

    .venv/bin/python bench/eservices.py [--calls 30] [--submissions 300] [--skip-postgres]

Prints a Markdown table and writes bench/eservices-results.json.
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
from run import free_port, wait_for  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/thongthin_bench_eservices"
PASSWORD = "test-pass-1234"  # thongthin.core.testing.PASSWORD
SLUG = "benchsvc"


def login(base: str, username: str) -> tuple[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/staff/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(base + "/staff/login/", form, {"Referer": base}))
    cookies = {c.name: c.value for c in jar}
    return cookies["sessionid"], cookies["csrftoken"]


def call_latency(port: int, session: str, csrf: str, calls: int) -> dict:
    """Give ``calls`` tickets, then call them one by one at counter 1; time each call until the
    display stream's newest call is that ticket."""
    cookie = f"sessionid={session}; csrftoken={csrf}"
    headers = {"Cookie": cookie, "X-CSRFToken": csrf,
               "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
    shown: dict[str, float] = {}
    ready, stop = threading.Event(), threading.Event()
    path = f"/{SLUG}/queue/display/stream/"

    def listen() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", path)
        response = conn.getresponse()
        buffer = b""
        while not stop.is_set():
            chunk = response.read1(65536)
            if not chunk:  # the stream ends after a minute: reconnect, as the browser does
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", path)
                response = conn.getresponse()
                continue
            buffer += chunk
            while b"\n\n" in buffer:
                frame, buffer = buffer.split(b"\n\n", 1)
                if b"data: " not in frame:
                    continue
                snapshot = json.loads(frame.split(b"data: ", 1)[1])
                for call in snapshot["calls"][:1]:
                    shown.setdefault(call["ticket"], time.perf_counter())
                ready.set()

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(body: dict) -> str:
        conn.request("POST", "/staff/eservices/counter/", urllib.parse.urlencode(body), headers)
        response = conn.getresponse()
        text = response.read().decode()
        assert response.status == 200, (response.status, text[:500])
        return text

    page = post({"what": "ticket", "group": "A"})
    counter = re.search(r'<option value="(\d+)"', page).group(1)
    for _ in range(calls - 1):
        post({"what": "ticket", "group": "A"})
    threading.Thread(target=listen, daemon=True).start()
    ready.wait(30)
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        text = post({"what": "call", "counter": counter})
        code = re.search(r'data-testid="current">([A-Z]\d{3})<', text).group(1)
        deadline = time.perf_counter() + 10
        while code not in shown and time.perf_counter() < deadline:
            time.sleep(0.002)
        samples.append((shown.get(code, deadline) - started) * 1000)
        time.sleep(0.3)
    stop.set()
    samples.sort()
    return {
        "calls": calls,
        "p50_ms": round(statistics.median(samples)),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)]),
        "max_ms": round(samples[-1]),
    }


def bench_database(label: str, env: dict, calls: int, workers: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(HERE / "eservices_inproc.py")], env=env, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    inproc = json.loads(out.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "thongthin.cli", "serve", "--port", str(port), "--workers", str(workers),
         "--insecure-cookies"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", timeout=300)
        session, csrf = login(base, "bench-officer")
        queue = call_latency(port, session, csrf, calls)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"label": label, **inproc, "queue_call_to_display": queue}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    machine = f"{platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}"
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    base_env["BENCH_SUBMISSIONS"] = str(args.submissions)
    runs = []
    var = tempfile.mkdtemp(prefix="thongthin-bench-eservices-")
    runs.append(bench_database("SQLite", {**base_env, "THONGTHIN_VAR_DIR": var}, args.calls,
                               args.workers))  # fmt: skip
    if not args.skip_postgres:
        name = PG_URL.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],  # noqa: S607
                       check=False)  # fmt: skip
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S607
        pg_var = tempfile.mkdtemp(prefix="thongthin-bench-eservices-pg-")
        pg_env = {**base_env, "THONGTHIN_VAR_DIR": pg_var, "DATABASE_URL": PG_URL}
        runs.append(bench_database("PostgreSQL", pg_env, args.calls, args.workers))
        shutil.rmtree(pg_var, ignore_errors=True)
    shutil.rmtree(var, ignore_errors=True)
    (HERE / "eservices-results.json").write_text(
        json.dumps({"machine": machine, "runs": runs}, indent=2, ensure_ascii=False)
    )
    print(f"\n{machine}\n")
    print("| database | measure | p50 | p95 | max / rate |")
    print("|---|---|---|---|---|")
    for run in runs:
        db, s = run["label"], run["submission_ms"]
        print(f"| {db} | submit an application ({run['submissions']}) | {s['p50_ms']} ms | "
              f"{s['p95_ms']} ms | {run['submissions_per_second']}/s; floor (raw insert) "
              f"{run['floor_inserts_per_second']}/s |")  # fmt: skip
        for key, label in (("submission_without_file_ms", "without a file"),
                           ("submission_with_scan_ms", f"with a {run['scan_bytes'] // 1024} KB scan"),
                           ("clean_upload_ms", "upload check of that scan alone")):  # fmt: skip
            t = run[key]
            print(f"| {db} | {label} ({t['n']}) | {t['p50_ms']} ms | {t['p95_ms']} ms | "
                  f"max {t['max_ms']} ms |")  # fmt: skip
        for kind in ("receipt", "licence"):
            p = run["pdf"][kind]
            print(f"| {db} | {kind} PDF ({p['n']}; first {p['first_ms']} ms) | {p['p50_ms']} ms "
                  f"| {p['p95_ms']} ms | max {p['max_ms']} ms |")  # fmt: skip
        q = run["queue_call_to_display"]
        print(f"| {db} | call next → display stream ({q['calls']} calls) | {q['p50_ms']} ms | "
              f"{q['p95_ms']} ms | max {q['max_ms']} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
