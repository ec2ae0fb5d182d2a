"""War-room pages: the public CAP feed (``public``) and the staff side (``staff``)."""

from .public import cap_alert, cap_feed
from .staff import (
    affected_csv,
    alert_action,
    alert_list,
    people_action,
    people_page,
    room,
    stream,
)

__all__ = [
    "affected_csv", "alert_action", "alert_list", "cap_alert", "cap_feed", "people_action",
    "people_page", "room", "stream",
]  # fmt: skip
