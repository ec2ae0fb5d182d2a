"""Fixed-window rate limits, shared by every server process: counted in Redis when it is
configured, otherwise in the database (one upsert a request), never per process."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .errors import RateLimited
from .http import address_bucket


def _parse(rate: str) -> tuple[int, int]:
    count_text, seconds_text = rate.split("/")
    return int(count_text), int(seconds_text)


def _count_in_cache(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def _count_in_database(key: str, expires: float) -> int:
    from .models import RateCount

    table = RateCount._meta.db_table
    expires_at = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(expires, tz=UTC))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, expires_at],
        )
        return int(cursor.fetchone()[0])


def rate_limit_check(*, scope: str, ident: str, rate: str | None = None) -> None:
    """Raise RateLimited when ``ident`` made more than N requests in the window ("N/seconds");
    ``rate`` defaults to ``PUBLIC_WRITE_RATE``."""
    limit, window = _parse(str(rate or settings.THONGTHIN["PUBLIC_WRITE_RATE"]))
    ident = address_bucket(ident) or ident  # an IPv6 client counts by its /64
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{ident}:{bucket}"[:200]
    if settings.REDIS_URL:
        count = _count_in_cache(key, window)
    else:
        count = _count_in_database(key, (bucket + 1) * window + 1)
    if count > limit:
        raise RateLimited(detail={"limit": limit, "window_seconds": window})


def ratelimit_prune() -> int:
    """Drop expired counts (the worker runs this)."""
    from .models import RateCount

    deleted, _ = RateCount.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
