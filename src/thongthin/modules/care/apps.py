from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "thongthin.modules.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Installs the declaration and nothing else: everything the module brings is in it.
        from thongthin.core.modules import install

        from .module import MODULE

        install(MODULE)
