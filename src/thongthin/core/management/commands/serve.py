import os

from django.conf import settings
from django.core.management.base import BaseCommand


def run_server(*, host: str, port: int, workers: int, secure_cookies: bool) -> None:
    """Serve the ASGI app with uvicorn (a production server), DEBUG off."""
    import uvicorn

    # Child worker processes read settings from the environment; this process already has them.
    os.environ["SECURE_COOKIES"] = "1" if secure_cookies else "0"
    os.environ["DEBUG"] = "0"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = secure_cookies
    settings.DEBUG = False
    uvicorn.run(
        "thongthin.config.asgi:application",
        host=host,
        port=port,
        workers=workers,
        lifespan="off",
        log_level=os.environ.get("UVICORN_LOG_LEVEL", "warning"),
        proxy_headers=True,
        server_header=False,
    )


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
