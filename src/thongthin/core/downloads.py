"""Sending a stored file without holding it in memory.

Under ASGI, Django reads a response streamed from a synchronous iterator (``FileResponse``
included) whole into a list before sending any of it; a response whose content is an
asynchronous iterator is sent as it is read, 64 KB at a time. Under WSGI (the browser tests'
live server) it is the other way round, so the iterator matches the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from typing import IO

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse

CHUNK = 64 * 1024


async def _chunks(handle: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        # Read in a thread: a slow disk or network storage must not stall the event loop.
        while chunk := await asyncio.to_thread(handle.read, CHUNK):
            yield chunk
    finally:
        handle.close()


def _chunks_sync(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK):
            yield chunk
    finally:
        handle.close()


def file_download(
    request: HttpRequest,
    handle: IO[bytes],
    *,
    content_type: str,
    filename: str = "",
    as_attachment: bool = False,
) -> StreamingHttpResponse:
    """A response sending the open file ``handle`` (closed once sent) with its length."""
    chunks = _chunks(handle) if isinstance(request, ASGIRequest) else _chunks_sync(handle)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    # Also closed with the response if it is never read to the end (as FileResponse does).
    response._resource_closers.append(handle.close)  # type: ignore[attr-defined]
    # A storage whose files are not on this disk has no file number: sent without a length.
    with contextlib.suppress(AttributeError, OSError, ValueError):
        response["Content-Length"] = str(os.fstat(handle.fileno()).st_size)
    if filename:
        kind = "attachment" if as_attachment else "inline"
        response["Content-Disposition"] = f'{kind}; filename="{filename}"'
    return response
