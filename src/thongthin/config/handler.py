"""Django's ASGI handler with reusable request threads.

Django runs each request's sync code (views, ORM) in a thread of its own, started for the
request and torn down after it, and the database connection of that thread goes with it. On a
small VM that start, teardown and reconnect cost more than a simple view. Here each request
borrows a long-lived single-thread executor from a small pool instead (asgiref's
``ThreadSensitiveContext(executor=...)``), so threads and their connections are reused while
requests still run in parallel, one request per thread at a time, as in stock Django, up to
``THONGTHIN_REQUEST_THREADS`` per process (default 4).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

# Requests running Django code at once in one process; more wait on the event loop. Threads
# beyond a few only contend for the GIL (measured: throughput fell from 8 to 32 clients).
MAX_THREADS = int(os.environ.get("THONGTHIN_REQUEST_THREADS", "4"))
# A one-item list per request, not a bool: Django runs the response in a child task (which gets
# a copy of the context), and a streaming response must be able to give the slot back.
_HOLDS_SLOT: contextvars.ContextVar[list[bool]] = contextvars.ContextVar("holds_slot")


class _TooLarge(Exception):
    """The body passed the limit while it was being read."""


class PooledThreadASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self._idle: list[ThreadPoolExecutor] = []
        self._slots: asyncio.Semaphore | None = None

    def _borrow(self) -> ThreadPoolExecutor:
        # Only the event loop thread touches the pool, so no lock is needed.
        if self._idle:
            return self._idle.pop()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")

    def _slots_for_loop(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(MAX_THREADS)
        return self._slots

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self._borrow()
        holds = [False]
        token = _HOLDS_SLOT.set(holds)
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self._release(holds)
            _HOLDS_SLOT.reset(token)
            self._idle.append(executor)

    def _release(self, holds: list[bool]) -> None:
        if holds[0]:
            holds[0] = False
            self._slots_for_loop().release()

    async def handle(self, scope, receive, send):  # type: ignore[no-untyped-def]
        # A body over the limit is refused before it is read (413 in the error shape): from its
        # Content-Length, or as soon as a body sent without one passes the limit.
        limit = settings.THONGTHIN["MAX_REQUEST_BYTES"]
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return await self._refuse(send)
        seen = 0

        async def counted():  # type: ignore[no-untyped-def]
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge()
            return message

        try:
            await super().handle(scope, counted, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send):  # type: ignore[no-untyped-def]
        from django.http import JsonResponse

        from thongthin.core.errors import BodyTooLarge

        error = BodyTooLarge()
        response = JsonResponse(
            error.as_dict(), status=413, json_dumps_params={"ensure_ascii": False}
        )
        response["Connection"] = "close"
        await super().send_response(response, send)

    async def read_body(self, receive):  # type: ignore[no-untyped-def]
        # A slow upload is read without holding a slot; the slot is taken once it is in.
        body = await super().read_body(receive)
        await self._slots_for_loop().acquire()
        _HOLDS_SLOT.get()[0] = True
        return body

    async def send_response(self, response, send):  # type: ignore[no-untyped-def]
        # A stream (the dispatch board's live events) lasts minutes and waits on the event
        # loop between events; it must not keep one of the few request slots all that time.
        if response.streaming:
            holds = _HOLDS_SLOT.get(None)
            if holds is not None:
                self._release(holds)
        return await super().send_response(response, send)
