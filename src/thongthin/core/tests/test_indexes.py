"""The tables every filing writes carry no index another already serves: on SQLite each index
is one more page written under the database's one write lock. Read from the real database
(SQLite or PostgreSQL), so a model change that brings one back fails here."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

# Written by every case (core) and every complaint (the complaints module, when installed).
FILING_TABLES = {
    "core": ["core_case", "core_caseevent", "core_auditevent", "core_casesequence"],
    "complaints": ["complaints_complaint", "complaints_mapcell"],
}


def _installed(label: str) -> bool:
    return label in {config.label for config in apps.get_app_configs()}


def _tables() -> list[str]:
    return [t for app, names in FILING_TABLES.items() if _installed(app) for t in names]


def _indexes(table: str) -> dict[str, tuple[list[str], bool]]:
    """Name → (columns, partial) of each index on ``table``, unique ones included."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
        partial: set[str] = set()
        if connection.vendor == "sqlite":
            partial = {
                name
                for name, sql in cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                    [table],
                )
                if sql and " WHERE " in sql.upper()
            }
        else:
            cursor.execute(
                "SELECT indexrelid::regclass::text FROM pg_index "
                "WHERE indrelid = %s::regclass AND indpred IS NOT NULL",
                [table],
            )
            partial = {row[0] for row in cursor.fetchall()}
    return {
        name: (list(info["columns"]), name in partial)
        for name, info in found.items()
        if (info["index"] or info["unique"]) and not info["primary_key"] and info["columns"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("table", _tables())
def test_no_index_is_the_start_of_another(table):
    indexes = _indexes(table)
    redundant = [
        (name, other)
        for name, (columns, partial) in indexes.items()
        for other, (wider, other_partial) in indexes.items()
        if other != name
        and not partial
        and not other_partial
        and len(wider) > len(columns)
        and wider[: len(columns)] == columns
    ]
    assert redundant == [], f"{table}: an index another one starts with: {redundant}"


@pytest.mark.django_db
def test_lookups_by_a_person_still_use_an_index():
    """The person columns are indexed only where set; finding (or deleting) by one still
    reads an index, not the table."""
    if connection.vendor != "sqlite":
        pytest.skip("the query plan is read from SQLite's EXPLAIN QUERY PLAN")
    lookups = {
        "SELECT id FROM core_case WHERE assignee_id IN (1, 2)": "case_assignee_set",
        "SELECT id FROM core_case WHERE reporter_id = 1": "case_reporter_set",
        "SELECT id FROM core_caseevent WHERE actor_id IN (1)": "case_event_actor_set",
        "SELECT id FROM core_auditevent WHERE actor_id = 1": "audit_actor_set",
        "SELECT id FROM core_case WHERE locality_id = 1": "",  # any index leading with it
    }
    if _installed("complaints"):
        sql = "SELECT id FROM complaints_complaint WHERE merged_into_id IN (1, 2)"
        lookups[sql] = "complaint_merged_set"
    with connection.cursor() as cursor:
        for sql, index in lookups.items():
            plan = " ".join(str(row[-1]) for row in cursor.execute("EXPLAIN QUERY PLAN " + sql))
            # A SEARCH through the index, not a SCAN of a whole table or index.
            assert plan.startswith("SEARCH") and f"INDEX {index}" in plan, f"{sql}: {plan}"
