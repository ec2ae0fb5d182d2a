from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmsConfig(AppConfig):
    name = "thongthin.modules.ems"
    label = "ems"
    verbose_name = _("Emergency medical services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thongthin.core.modules import install

        from .module import MODULE

        install(MODULE)
