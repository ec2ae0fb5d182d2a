"""Django's ASGI handler with reusable request threads.

Django runs each request's sync code (views, ORM) in a thread of its own, started for the
request and torn down after it, and the database connection of that thread goes with it. On a
small VM that start, teardown and reconnect cost more than a simple view. Here each request
borrows a long-lived single-thread executor from a small pool instead (asgiref's
``ThreadSensitiveContext(executor=...)``), so threads and their connections are reused while
requests still run in parallel, one request per thread at a time, as in stock Django.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler

# More threads than this are still started under a burst, but not kept afterwards.
POOL_KEEP = 16


class PooledThreadASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self._idle: list[ThreadPoolExecutor] = []
        self._lock = threading.Lock()

    def _borrow(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")

    def _give_back(self, executor: ThreadPoolExecutor) -> None:
        with self._lock:
            if len(self._idle) < POOL_KEEP:
                self._idle.append(executor)
                return
        executor.shutdown(wait=False)

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self._borrow()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self._give_back(executor)
