"""System checks for configuration that would hurt a real deployment."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def check_database(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        return [
            Warning(
                "SQLite serves one อปท. on one machine; set DATABASE_URL to PostgreSQL for more.",
                id="thongthin.W001",
            )
        ]
    return []
