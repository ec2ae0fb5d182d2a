from django.apps import AppConfig


class WarroomConfig(AppConfig):
    name = "thongthin.modules.warroom"
    label = "warroom"
    verbose_name = "Flood and disaster war room (ห้องปฏิบัติการ)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Wiring only: the case kind, API, pages, CAP feed, LINE, the worker's job, demo data.
        from thongthin.core import registry

        from . import api, demo, forecast, line, workflow  # noqa: F401
        from .services._common import changes_prune

        registry.register_module(
            registry.ModuleInfo("warroom", "ห้องปฏิบัติการภัยพิบัติ", "Disaster war room", "Flood warnings")
        )
        registry.register_api_router("/warroom", api.router)
        registry.register_urls("", "thongthin.modules.warroom.urls")
        registry.register_periodic_job(24 * 3600, forecast.learn_all)
        registry.register_periodic_job(3600, changes_prune)
        registry.register_demo_loader(demo.load)
        for link in (
            registry.Link("warroom:room", "ห้องปฏิบัติการ", "War room"),
            registry.Link("warroom:alerts", "ประกาศเตือนภัย", "Warnings"),
            registry.Link("warroom:people", "ศูนย์พักพิงและการช่วยเหลือ", "Shelters and relief"),
        ):
            if link not in registry.STAFF_LINKS:
                registry.STAFF_LINKS.append(link)
