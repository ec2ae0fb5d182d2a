"""Against the real parts: Redis for shared rate limits, and the real server from `demo`."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from thongthin.core.errors import RateLimited
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.testing import need_service


def test_rate_limits_are_shared_through_redis(settings):
    need_service("Redis", "127.0.0.1", 6379)
    # Counted in Redis when REDIS_URL is set (otherwise in the database, not per process).
    settings.REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"test-{os.getpid()}-{time.time_ns()}",
        }
    }
    for _ in range(3):
        rate_limit_check(scope="t", ident="203.0.113.9", rate="3/3600")
    with pytest.raises(RateLimited):
        rate_limit_check(scope="t", ident="203.0.113.9", rate="3/3600")
    rate_limit_check(scope="t", ident="203.0.113.10", rate="3/3600")  # another client is fine
    import redis

    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert any(
        b"rl:t:203.0.113.9" in key
        for key in client.keys(f"*{settings.CACHES['default']['KEY_PREFIX']}*")
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_demo_serves_the_site_with_a_production_server(tmp_path):
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["THONGTHIN_VAR_DIR"] = str(tmp_path / "var")
    process = subprocess.Popen(
        [sys.executable, "-m", "thongthin.cli", "demo", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/nakhonsi/", timeout=2
                ) as response:
                    body = response.read().decode()
                    server = response.headers.get("server", "")
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.5)
        assert "เทศบาลนครนครศรีธรรมราช" in body, (
            process.stdout.read() if process.poll() is not None else ""
        )
        assert "runserver" not in server.lower() and "WSGIServer" not in server
        assert (tmp_path / "var" / "thongthin.sqlite3").exists()
        assert (tmp_path / "var" / "secret_key").exists()
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "nakhonsi-admin" in output and "thongthin-demo" in output
