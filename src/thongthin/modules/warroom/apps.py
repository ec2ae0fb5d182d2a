from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarroomConfig(AppConfig):
    name = "thongthin.modules.warroom"
    label = "warroom"
    verbose_name = _("Disaster war room")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thongthin.core.modules import install

        from .module import MODULE

        install(MODULE)
