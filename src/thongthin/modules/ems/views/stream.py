"""The dispatch board's live stream (server-sent events, see thongthin.core.streams)."""

from __future__ import annotations

from django.http import StreamingHttpResponse

from thongthin.core.streams import change_stream

from ..module import BOARD
from ..selectors import board_snapshot, board_version
from ..services._common import require


def event_stream(request, locality) -> StreamingHttpResponse:
    user = request.user
    require(user, locality, BOARD)
    return change_stream(
        request,
        version=lambda: board_version(locality),
        snapshot=lambda: board_snapshot(locality=locality, actor=user),
        event="board",
    )
