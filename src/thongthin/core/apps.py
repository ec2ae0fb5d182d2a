from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thongthin.core"
    label = "core"
    verbose_name = "Thongthin core"

    def ready(self) -> None:
        # Wiring only: the core's declaration, its system checks, WAL for SQLite files.
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401
        from .module import MODULE
        from .modules import install

        install(MODULE)
        post_migrate.connect(sqlite_wal, sender=self)


def sqlite_wal(using: str = "default", **kwargs: object) -> None:
    """Switch a SQLite database file to WAL once; the mode is kept in the file itself."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
