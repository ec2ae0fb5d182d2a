from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thongthin.core"
    label = "core"
    verbose_name = "Thongthin core"

    def ready(self) -> None:
        # Wiring only: the core case kind and the system checks.
        from django.db.models.signals import post_migrate

        from . import checks, signals, workflow  # noqa: F401

        post_migrate.connect(sqlite_wal, sender=self)


def sqlite_wal(using: str = "default", **kwargs: object) -> None:
    """Switch a SQLite database file to WAL once; the mode is kept in the file itself."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
