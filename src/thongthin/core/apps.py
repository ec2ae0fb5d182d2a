from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thongthin.core"
    label = "core"
    verbose_name = "Thongthin core"

    def ready(self) -> None:
        # Wiring only: the core case kind and the system checks.
        from . import checks, signals, workflow  # noqa: F401
