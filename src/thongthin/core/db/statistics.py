"""The query planner's statistics, kept current as a database grows.

SQLite has none until ``ANALYZE`` runs (``demo`` runs it over the demo's few hundred cases) and
never refreshes them by itself: on a database that has grown since, the planner still believes
each locality holds a few hundred cases, and may walk a whole index where a few lookups would
do. The worker refreshes them every hour, each index sampled (``analysis_limit``) so the cost
stays small whatever the size. PostgreSQL's autovacuum does the same by itself.
"""

from __future__ import annotations

from django.db import connection, transaction

# Rows sampled per index: SQLite's documentation suggests 100 to 1000 for an approximate
# ANALYZE that the planner still reads as well as a full one.
ANALYSIS_LIMIT = 1000


def statistics_refresh() -> bool:
    """Refresh SQLite's statistics; False (nothing done) on another database."""
    if connection.vendor != "sqlite":
        return False
    # In a transaction, so it queues for the write lock like every other writer.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True
