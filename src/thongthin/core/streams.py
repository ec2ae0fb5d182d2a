"""Live pages by server-sent events: send a snapshot whenever a change log moves.

A module keeps an append-only change log per locality (one row per change, written in the
change's transaction). Each open stream checks the newest id a few times a second (one indexed
query) and sends the module's whole snapshot when it moved, so a change made by any process or
worker reaches every screen without a message broker, on SQLite and PostgreSQL alike. Streams end
after a minute; the browser's EventSource reconnects at once with Last-Event-ID, so nothing is
missed in between. Under ASGI the stream is an async generator that borrows a thread only for
each check (the server's request slot is given back while streaming, see config/handler.py).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse

POLL_SECONDS = 0.2
KEEPALIVE_SECONDS = 10.0
LIFETIME_SECONDS = 60.0

Version = Callable[[], int]
Snapshot = Callable[[], dict]


def _frame(version: Version, snapshot: Snapshot, event: str, last: int) -> tuple[int, str | None]:
    if version() == last:
        return last, None
    data = snapshot()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return data["version"], f"id: {data['version']}\nevent: {event}\ndata: {text}\n\n"


def _sync_frames(version: Version, snapshot: Snapshot, event: str, last: int) -> Iterator[str]:
    yield "retry: 500\n\n"
    started = beat = time.monotonic()
    while time.monotonic() - started < LIFETIME_SECONDS:
        last, frame = _frame(version, snapshot, event, last)
        if frame:
            yield frame
            beat = time.monotonic()
        elif time.monotonic() - beat > KEEPALIVE_SECONDS:
            yield ": keepalive\n\n"
            beat = time.monotonic()
        time.sleep(POLL_SECONDS)


async def _async_frames(
    version: Version, snapshot: Snapshot, event: str, last: int
) -> AsyncIterator[str]:
    yield "retry: 500\n\n"
    frame_of = sync_to_async(_frame)
    started = beat = time.monotonic()
    while time.monotonic() - started < LIFETIME_SECONDS:
        last, frame = await frame_of(version, snapshot, event, last)
        if frame:
            yield frame
            beat = time.monotonic()
        elif time.monotonic() - beat > KEEPALIVE_SECONDS:
            yield ": keepalive\n\n"
            beat = time.monotonic()
        await asyncio.sleep(POLL_SECONDS)


def change_stream(
    request, *, version: Version, snapshot: Snapshot, event: str
) -> StreamingHttpResponse:
    """``snapshot()`` must return a dict with its ``version`` (the change log's newest id)."""
    header = request.headers.get("Last-Event-ID") or request.GET.get("since") or ""
    last = int(header) if header.isascii() and header.isdigit() and len(header) <= 18 else -1
    frames = (
        _async_frames(version, snapshot, event, last)
        if isinstance(request, ASGIRequest)
        else _sync_frames(version, snapshot, event, last)
    )
    response = StreamingHttpResponse(frames, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
