from django.apps import AppConfig


class EmsConfig(AppConfig):
    name = "thongthin.modules.ems"
    label = "ems"
    verbose_name = "Emergency medical services (การแพทย์ฉุกเฉิน)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Wiring only: the case kind, API, pages, LINE SOS, demo data.
        from thongthin.core import registry

        from . import api, demo, line, workflow  # noqa: F401

        registry.register_module(
            registry.ModuleInfo(
                "ems", "การแพทย์ฉุกเฉิน", "Emergency medical services", "1669-style dispatch"
            )
        )
        registry.register_api_router("/ems", api.router)
        registry.register_urls("", "thongthin.modules.ems.urls")
        registry.register_demo_loader(demo.load)
        link = registry.Link("ems:sos", "แจ้งเหตุฉุกเฉิน (SOS)", "Emergency (SOS)")
        if link not in registry.PORTAL_LINKS:
            registry.PORTAL_LINKS.insert(0, link)
        for link in (
            registry.Link("ems:room", "ศูนย์สั่งการ", "Dispatch room"),
            registry.Link("ems:crew", "หน่วยของฉัน", "My unit"),
            registry.Link("ems:reports", "รายงาน EMS", "EMS reports"),
        ):
            if link not in registry.STAFF_LINKS:
                registry.STAFF_LINKS.append(link)
