"""Test helpers shared by the core's and the modules' tests: factories, service checks and a
local server that speaks LINE's Messaging API."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from . import modules
from .models import Locality, Province, SubDistrict, User
from .modules import Module, install, uninstall
from .services.accounts import locality_create, staff_create

_seq = count(1)
PASSWORD = "test-pass-1234"


def services_required() -> bool:
    """In CI a missing service is a failure, not a skip."""
    return os.environ.get("THONGTHIN_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def screenshot_dir() -> Path:
    """Where the browser tests save their screenshots: the documentation's own folder only when
    asked (``THONGTHIN_SCREENSHOTS=1``, to refresh the README's pictures), else the test run's
    var directory, so a test run leaves the checkout as it found it."""
    if os.environ.get("THONGTHIN_SCREENSHOTS") == "1":
        folder = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
    else:
        folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def need_service(name: str, host: str, port: int) -> None:
    try:
        with socket.create_connection((host, port), timeout=1):
            return
    except OSError:
        message = f"{name} is not reachable on {host}:{port}"
        if services_required():
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)


def make_province() -> Province:
    province, _ = Province.objects.get_or_create(
        id=63, defaults={"name_th": "นครศรีธรรมราช", "name_en": "Nakhon Si Thammarat"}
    )
    return province


def make_subdistrict(code: int = 800101, lat: float = 8.408, lon: float = 99.972) -> SubDistrict:
    from .models import District

    district, _ = District.objects.get_or_create(
        id=code // 100,
        defaults={"name_th": "เมือง", "name_en": "Mueang", "province": make_province()},
    )
    sub, _ = SubDistrict.objects.get_or_create(
        id=code,
        defaults={
            "name_th": f"ตำบล{code}",
            "name_en": f"Tambon {code}",
            "district": district,
            "postcode": "80000",
            "lat": lat,
            "lon": lon,
        },
    )
    return sub


def make_locality(slug: str | None = None, **extra) -> Locality:
    slug = slug or f"loc{next(_seq)}"
    sub = make_subdistrict()
    return locality_create(
        slug=slug,
        type=extra.pop("type", "city"),
        name_th=extra.pop("name_th", f"เทศบาล {slug}"),
        name_en=extra.pop("name_en", f"{slug} Municipality"),
        province=make_province(),
        center_lat=extra.pop("center_lat", 8.43),
        center_lon=extra.pop("center_lon", 99.96),
        subdistrict_ids=[sub.pk],
        **extra,
    )


def make_staff(locality: Locality | None, role: str = "officer", department: str = "palad") -> User:
    if role not in modules.roles():
        # Only in CI's runs with a module left out (THONGTHIN_WITHOUT): its roles are gone too.
        pytest.skip(f"the role {role!r} comes with a module left out of this run")
    return staff_create(
        username=f"user{next(_seq)}",
        password=PASSWORD,
        role=role,
        locality=locality,
        department_code=department if locality is not None else "",
    )


def pdf(pages: int = 1) -> bytes:
    """A real (blank, A4) PDF of ``pages`` pages, written by pypdf."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg(color: tuple[int, int, int] = (120, 120, 120), gps: bool = False) -> bytes:
    """A small JPEG photo, with a GPS position in its EXIF when ``gps``."""
    import io

    from PIL import Image

    image = Image.new("RGB", (64, 48), color)
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (8.0, 25.0, 48.0), 3: "E", 4: (99.0, 57.0, 36.0)}
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@contextmanager
def temporary_module(**declaration: Any) -> Iterator[Module]:
    """Install a module for one test (its LINE handlers, case kinds, jobs...), then remove it.
    It is on in every locality unless ``always_on=False``:
    ``temporary_module(name="probe", line_handlers=(...))``."""
    declaration.setdefault("label", declaration["name"])
    declaration.setdefault("always_on", True)
    module = install(Module(**declaration))
    try:
        yield module
    finally:
        uninstall(module.name)


class FakeLine:
    """A local HTTP server speaking the parts of LINE's Messaging API we call.

    ``down = True`` makes it answer 500 like an outage; ``pushes`` records accepted pushes and
    honours ``X-Line-Retry-Key`` the way LINE does (a repeated key answers 409).
    """

    def __init__(self, token: str = "test-token") -> None:
        self.token = token
        self.down = False
        self.pushes: list[dict] = []
        self.replies: list[dict] = []
        self.used_reply_tokens: set[str] = set()
        self.quota = 500  # the free plan's monthly pushes (unverified; LINE says per plan)
        self.expire_replies = False  # answer every reply as LINE does for an expired token
        self.delivered: list[tuple[str, dict]] = []  # (user, message) in the order LINE got them
        self.retry_keys: set[str] = set()
        self.requests = 0
        self.contents: dict[str, bytes] = {}  # message id -> bytes users "sent" (photos)
        self.profiles: dict[str, dict] = {}  # user id -> profile (displayName, language)
        self.bot_name = "เทศบาลทดสอบ"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                fake.requests += 1
                if fake.down:
                    return self._reply(500, {"message": "Internal error"})
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._reply(401, {"message": "Authentication failed"})
                parts = self.path.strip("/").split("/")
                if parts[:3] == ["v2", "bot", "message"] and parts[-1] == "content":
                    data = fake.contents.get(parts[3])
                    if data is None:
                        return self._reply(404, {"message": "Not found"})
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return None
                if parts == ["v2", "bot", "message", "quota"]:
                    return self._reply(200, {"type": "limited", "value": fake.quota})
                if parts == ["v2", "bot", "message", "quota", "consumption"]:
                    return self._reply(200, {"totalUsage": len(fake.pushes)})
                if parts == ["v2", "bot", "info"]:
                    return self._reply(
                        200,
                        {
                            "userId": "Ubot",
                            "basicId": "@thongthin",
                            "displayName": fake.bot_name,
                            "chatMode": "bot",
                            "markAsReadMode": "auto",
                        },
                    )
                if parts[:3] == ["v2", "bot", "profile"] and parts[3] in fake.profiles:
                    return self._reply(200, {"userId": parts[3], **fake.profiles[parts[3]]})
                return self._reply(404, {"message": "Not found"})

            def do_POST(self):
                fake.requests += 1
                body = json.loads(
                    self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}"
                )
                if fake.down:
                    return self._reply(500, {"message": "Internal error"})
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._reply(401, {"message": "Authentication failed"})
                if self.path == "/v2/bot/message/reply":
                    token = body.get("replyToken", "")
                    if fake.expire_replies or token in fake.used_reply_tokens:
                        return self._reply(400, {"message": "Invalid reply token"})
                    fake.used_reply_tokens.add(token)
                    fake.replies.append({"reply_token": token, "messages": body["messages"]})
                    # Test reply tokens name their user: rt-<user>-<n> (line_event_send).
                    user = token.split("-")[1] if token.startswith("rt-") else ""
                    fake.delivered += [(user, m) for m in body["messages"]]
                    return self._reply(200, {"sentMessages": [{"id": "r", "quoteToken": "q"}]})
                if self.path != "/v2/bot/message/push":
                    return self._reply(404, {"message": "Not found"})
                if not body.get("to") or not body.get("messages"):
                    return self._reply(400, {"message": "The request body has 1 error(s)"})
                if len(fake.pushes) >= fake.quota:
                    # What LINE answers once the plan's monthly pushes are used up.
                    return self._reply(429, {"message": "You have reached your monthly limit."})
                key = self.headers.get("X-Line-Retry-Key")
                if key and key in fake.retry_keys:
                    return self._reply(409, {"message": "The retry key is already accepted"})
                if key:
                    fake.retry_keys.add(key)
                fake.pushes.append(
                    {"to": body["to"], "messages": body["messages"], "retry_key": key}
                )
                fake.delivered += [(body["to"], m) for m in body["messages"]]
                return self._reply(
                    200, {"sentMessages": [{"id": str(len(fake.pushes)), "quoteToken": "q"}]}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def messages_to(self, user: str) -> list[dict]:
        """Every message that reached ``user``, replied or pushed, in order."""
        return [message for to, message in self.delivered if to == user]

    def __enter__(self) -> FakeLine:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


_line_event_ids = count(1)


def line_event_send(client, locality: Locality, user: str, secret: str, **event) -> None:
    """Post one signed LINE webhook event for ``user`` and let the worker handle it."""
    import base64
    import hashlib
    import hmac

    from django.core.management import call_command

    event = {
        "mode": "active",
        "timestamp": 1763900000000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": f"01TEST{next(_line_event_ids):020d}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": f"rt-{user}-{next(_line_event_ids)}",
        **event,
    }
    body = json.dumps({"destination": "Ubot", "events": [event]}).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    response = client.post(
        f"/line/webhook/{locality.slug}/",
        body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature.decode(),
    )
    assert response.status_code == 200
    call_command("worker", "--once")


class FakeOsrm:
    """A local server answering OSRM's table service (``/table/v1/driving/lon,lat;...``):
    ``table(points)`` gets the asked (lat, lon) points and gives ``durations`` and
    ``distances``; ``fail`` answers 500 as a router that is down. ``requests`` keeps the paths."""

    def __init__(
        self, table: Callable[[list[tuple[float, float]]], dict] | None = None, fail: bool = False
    ) -> None:
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.requests.append(self.path)
                if fail or table is None:
                    self.send_response(500)
                    self.end_headers()
                    return
                coords = self.path.split("/table/v1/driving/")[1].split("?")[0].split(";")
                points = [(float(c.split(",")[1]), float(c.split(",")[0])) for c in coords]
                body = json.dumps({"code": "Ok", **table(points)}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def content_of(response) -> bytes:  # type: ignore[no-untyped-def]
    """The body of any response: plain, or streamed by a synchronous or an asynchronous
    iterator (a download, ``core.downloads``), read the way the ASGI server reads it."""
    if not getattr(response, "streaming", False):
        return response.content
    if not response.is_async:
        return b"".join(response.streaming_content)
    from asgiref.sync import async_to_sync

    async def collect() -> bytes:
        return b"".join([part async for part in response.streaming_content])

    return async_to_sync(collect)()
