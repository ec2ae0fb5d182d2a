import hashlib
import os
import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand


def served_at(host: str, port: int) -> str:
    """The address a server started on ``host:port`` is reached at (a wildcard host is reached
    on this machine's loopback)."""
    if host in ("0.0.0.0", "", "::"):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def announce_address(host: str, port: int) -> str:
    """The site's public address: PUBLIC_BASE_URL when set, else where this server listens.
    Set for this process and the ones it starts (workers, uvicorn), so every link the site
    gives out points where it really serves."""
    from django.conf import settings

    os.environ["THONGTHIN_SERVED_AT"] = served_at(host, port)
    base = (os.environ.get("PUBLIC_BASE_URL") or os.environ["THONGTHIN_SERVED_AT"]).rstrip("/")
    settings.THONGTHIN["PUBLIC_BASE_URL"] = base
    return base


def _static_fingerprint() -> str:
    """Path, size and modification time of every static file the apps ship, hashed."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class StaticCollection:
    """Collecting the static files under names with a hash of their content, with gzip copies
    (``THONGTHIN_STATIC_COLLECTED``, settings), so browsers may keep them for ten years. Started
    in the background (``demo`` loads its data meanwhile) and skipped when no file changed
    since the last time (about 3 s saved on every start)."""

    def __init__(self) -> None:
        from django.conf import settings

        root = Path(settings.STATIC_ROOT)
        self.stamp = root / ".collected"
        self.fingerprint = _static_fingerprint()
        self.job: subprocess.Popen | None = None
        collected = (root / "staticfiles.json").exists() and self.stamp.exists()
        if collected and self.stamp.read_text() == self.fingerprint:
            return
        self.job = subprocess.Popen(  # noqa: S603 - our own entry point
            [sys.executable, "-m", "thongthin.cli", "collectstatic", "--noinput", "-v0"],
            env={**os.environ, "THONGTHIN_STATIC_COLLECTED": "1"},
        )

    def wait(self) -> dict[str, str]:
        """Wait for it; the environment the server needs to serve what it collected."""
        if self.job is not None:
            if self.job.wait() != 0:
                raise SystemExit("collectstatic failed")
            self.stamp.write_text(self.fingerprint)
            self.job = None
        return {"THONGTHIN_STATIC_COLLECTED": "1"}


def run_server(
    *,
    host: str,
    port: int,
    workers: int,
    secure_cookies: bool,
    static: StaticCollection | None = None,
) -> None:
    """Replace this process with uvicorn (a production ASGI server), DEBUG off.

    ``exec`` rather than calling uvicorn here: the supervising process then holds no Django,
    which saves ~70 MB, and it keeps this process id (``demo``'s worker watches it).
    """
    from thongthin.core.crypto import fernet

    fernet()  # the encryption key made (once) before the workers start, not by each of them
    announce_address(host, port)
    env = {
        **os.environ,
        **(static or StaticCollection()).wait(),
        "SECURE_COOKIES": "1" if secure_cookies else "0",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "thongthin.config.settings"
        ),
    }
    args = [
        sys.executable, "-m", "uvicorn", "thongthin.config.asgi:application",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--lifespan", "off", "--log-level", os.environ.get("UVICORN_LOG_LEVEL", "warning"),
        "--no-server-header",
    ]  # fmt: skip
    # X-Forwarded-For/-Proto only from the proxies the operator trusts; from anyone else they
    # are ignored (a client could otherwise claim any address and dodge the rate limits).
    trusted = os.environ.get("THONGTHIN_TRUSTED_PROXIES", "").strip()
    args += (
        ["--proxy-headers", "--forwarded-allow-ips", trusted] if trusted else ["--no-proxy-headers"]
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, args, env)  # noqa: S606 - our own interpreter and uvicorn


def add_server_arguments(parser) -> None:
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))


class Command(BaseCommand):
    help = "Serve Thongthin with uvicorn (ASGI), DEBUG off, secure cookies for HTTPS."

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument(
            "--insecure-cookies",
            action="store_true",
            help="allow session cookies over plain http (only for a trusted local network)",
        )

    def handle(self, *args, **o):
        secure = not o["insecure_cookies"] and os.environ.get("SECURE_COOKIES", "1") != "0"
        self.stdout.write(f"Thongthin on http://{o['host']}:{o['port']}/ ({o['workers']} workers)")
        run_server(host=o["host"], port=o["port"], workers=o["workers"], secure_cookies=secure)
