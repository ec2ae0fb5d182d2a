"""Fixed-window rate limits on public writes, counted in the cache (Redis when configured)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from .errors import RateLimited


def rate_limit_check(*, scope: str, ident: str, rate: str | None = None) -> None:
    """Raise RateLimited when ``ident`` made more than N requests in the window ("N/seconds")."""
    count_text, seconds_text = str(rate or settings.THONGTHIN["PUBLIC_WRITE_RATE"]).split("/")
    limit, window = int(count_text), int(seconds_text)
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{ident}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return
    if count > limit:
        raise RateLimited(detail={"limit": limit, "window_seconds": window})
