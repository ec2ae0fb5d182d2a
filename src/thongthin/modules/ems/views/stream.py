"""The board's live stream (server-sent events): a snapshot whenever the change log moves.

Each open stream checks the newest change id of its locality a few times a second (one indexed
query) and sends the whole board when it moved, so every process and every worker's change
reaches every screen without a message broker. Streams end after a minute; the browser's
EventSource reconnects at once and sends Last-Event-ID, so nothing is missed in between.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse

from ..selectors import board_snapshot, board_version
from ..services._common import BOARD_ROLES, require

POLL_SECONDS = 0.2
KEEPALIVE_SECONDS = 10.0
LIFETIME_SECONDS = 60.0


def _frame(locality, user, last: int) -> tuple[int, str | None]:
    version = board_version(locality)
    if version == last:
        return last, None
    snapshot = board_snapshot(locality=locality, actor=user)
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    return snapshot["version"], f"id: {snapshot['version']}\nevent: board\ndata: {data}\n\n"


def _sync_frames(locality, user, last: int) -> Iterator[str]:
    yield "retry: 500\n\n"
    started = beat = time.monotonic()
    while time.monotonic() - started < LIFETIME_SECONDS:
        last, frame = _frame(locality, user, last)
        if frame:
            yield frame
            beat = time.monotonic()
        elif time.monotonic() - beat > KEEPALIVE_SECONDS:
            yield ": keepalive\n\n"
            beat = time.monotonic()
        time.sleep(POLL_SECONDS)


async def _async_frames(locality, user, last: int) -> AsyncIterator[str]:
    yield "retry: 500\n\n"
    frame_of = sync_to_async(_frame)
    started = beat = time.monotonic()
    while time.monotonic() - started < LIFETIME_SECONDS:
        last, frame = await frame_of(locality, user, last)
        if frame:
            yield frame
            beat = time.monotonic()
        elif time.monotonic() - beat > KEEPALIVE_SECONDS:
            yield ": keepalive\n\n"
            beat = time.monotonic()
        await asyncio.sleep(POLL_SECONDS)


def event_stream(request, locality) -> StreamingHttpResponse:
    """Under ASGI an async generator (no thread held while waiting); under WSGI a plain one."""
    header = request.headers.get("Last-Event-ID") or request.GET.get("since") or ""
    last = int(header) if header.isdigit() else -1
    user = request.user
    require(user, locality, BOARD_ROLES)
    frames = (
        _async_frames(locality, user, last)
        if isinstance(request, ASGIRequest)
        else _sync_frames(locality, user, last)
    )
    response = StreamingHttpResponse(frames, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
