"""A new database's schema in one pass.

Applying every migration in turn to an empty database re-renders the whole model state after
each operation (each model points at ``core.Locality``, so every change reloads them all): on
the 2-core machines here that is 30–40 s for a schema that the models themselves create in
about a second. So an empty database gets its tables straight from the models, the way Django
builds a test database with ``MIGRATE = False``, and every migration is recorded as applied;
any database that has migrations recorded is migrated as usual. ``makemigrations --check`` (CI)
keeps the migrations equal to the models, and a test builds a database both ways and compares
every table, column, index and constraint.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def schema_ready(*, database: str = DEFAULT_DB_ALIAS, verbosity: int = 0) -> str:
    """Bring the database's schema up to date; answer "created" or "migrated". A database with
    no migration recorded yet is built from the models (tables that already exist, left by a
    build that was stopped, are kept) and every migration is then recorded in one transaction;
    any other is migrated as usual."""
    connection = connections[database]
    recorder = MigrationRecorder(connection)
    if recorder.has_table() and recorder.applied_migrations():
        call_command("migrate", database=database, interactive=False, verbosity=verbosity)
        return "migrated"
    kept = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    try:
        call_command(
            "migrate", database=database, run_syncdb=True, interactive=False, verbosity=verbosity
        )
    finally:
        settings.MIGRATION_MODULES = kept
    recorder.ensure_schema()
    with transaction.atomic(using=database):
        for app_label, name in MigrationLoader(connection).graph.nodes:
            recorder.record_applied(app_label, name)
    return "created"
