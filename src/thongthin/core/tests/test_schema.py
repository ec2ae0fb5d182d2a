"""A new database built from the models in one pass (what ``thongthin demo`` does) has the
schema the migrations build step by step: every table, column, index, foreign key and check,
compared on two real SQLite files."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

import pytest

BUILD = (
    "import django; django.setup()\n"
    "from django.core.management import call_command\n"
    "from thongthin.core.db.schema import schema_ready\n"
    "import sys\n"
    "print(schema_ready() if sys.argv[1] == 'fresh' else call_command('migrate', verbosity=0))\n"
)


def _build(how: str, var_dir) -> sqlite3.Connection:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(THONGTHIN_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="thongthin.config.settings")
    subprocess.run([sys.executable, "-c", BUILD, how], env=env, check=True, timeout=300)  # noqa: S603
    return sqlite3.connect(var_dir / "thongthin.sqlite3")


def _checks(sql: str) -> set[str]:
    return {" ".join(m.split()) for m in re.findall(r"CHECK \((.*?)\)(?:,|\s*\)$)", sql or "")}


def _schema(db: sqlite3.Connection) -> dict:
    tables = [
        (name, sql)
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    schema = {}
    for table, sql in tables:
        columns = {
            row[1]: (row[2].upper(), bool(row[3]), row[4], bool(row[5]))
            for row in db.execute(f'PRAGMA table_info("{table}")')
        }
        indexes = set()
        for row in db.execute(f'PRAGMA index_list("{table}")'):
            name, unique, origin, partial = row[1], row[2], row[3], row[4]
            cols = tuple(r[2] for r in db.execute(f'PRAGMA index_info("{name}")'))
            where = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).fetchone()
            condition = (
                (where[0] or "").split(" WHERE ", 1)[1] if where and where[0] and partial else ""
            )
            # Django names a unique or an index after its model's constraint name; automatic
            # indexes (UNIQUE columns) are named by SQLite, so only their columns count.
            indexes.add((name if origin == "c" else "", bool(unique), cols, condition))
        keys = {
            (row[3], row[2], row[4]) for row in db.execute(f'PRAGMA foreign_key_list("{table}")')
        }
        schema[table] = {
            "columns": columns,
            "indexes": indexes,
            "keys": keys,
            "checks": _checks(sql),
        }
    return schema


@pytest.mark.slow
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="compares SQLite files; runs in the SQLite suite"
)
def test_a_schema_from_the_models_is_the_one_the_migrations_build(tmp_path):
    fresh = _schema(_build("fresh", tmp_path / "fresh"))
    migrated = _schema(_build("migrate", tmp_path / "migrated"))
    assert sorted(fresh) == sorted(migrated)
    for table in migrated:
        for part in ("columns", "indexes", "keys", "checks"):
            assert fresh[table][part] == migrated[table][part], f"{table}: {part}"
    with sqlite3.connect(tmp_path / "fresh" / "thongthin.sqlite3") as db:
        applied = {
            row[0] + "." + row[1] for row in db.execute("SELECT app, name FROM django_migrations")
        }
    from django.db.migrations.loader import MigrationLoader

    every = {f"{app}.{name}" for app, name in MigrationLoader(None).graph.nodes}
    assert applied == every  # recorded, each of them, and nothing else
