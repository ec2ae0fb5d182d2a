from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "thongthin.modules.complaints"
    label = "complaints"
    verbose_name = "Complaints (ร้องทุกข์)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Wiring only: the case kind, hooks into the case engine, LINE, API, URLs, demo.
        from thongthin.core import registry
        from thongthin.core.services.cases import (
            register_transition_applied,
            register_transition_guard,
        )

        from . import api, demo, line, services, views, workflow  # noqa: F401

        registry.register_module(
            registry.ModuleInfo(
                "complaints", "ร้องทุกข์ออนไลน์", "Citizen complaints", "Traffy-class intake"
            )
        )
        register_transition_guard("complaint", services.guard_transition)
        register_transition_applied("complaint", services.on_transition)
        registry.register_api_router("/complaints", api.router)
        registry.register_urls("open311/v2/", "thongthin.modules.complaints.open311")
        registry.register_urls("", "thongthin.modules.complaints.urls")
        registry.register_periodic_job(300, services.escalate_overdue)
        registry.register_locality_setup(services.categories_seed)
        registry.register_demo_loader(demo.load)
        for link in (
            registry.Link("complaints:report", "แจ้งปัญหา / ร้องทุกข์", "Report a problem"),
            registry.Link("complaints:map", "แผนที่เรื่องร้องทุกข์", "Complaints map"),
            registry.Link("complaints:stats", "สถิติ", "Statistics"),
        ):
            if link not in registry.PORTAL_LINKS:
                registry.PORTAL_LINKS.append(link)
        for link in (
            registry.Link("complaints:staff-queue", "เรื่องร้องทุกข์", "Complaints"),
            registry.Link("complaints:staff-new", "รับเรื่องทางโทรศัพท์/หน้าเคาน์เตอร์", "Phone/walk-in"),
        ):
            if link not in registry.STAFF_LINKS:
                registry.STAFF_LINKS.append(link)
        registry.register_case_panel(
            "complaint", registry.Panel("complaints/staff/_panel.html", views.staff_panel_context)
        )
        registry.register_case_panel(
            "complaint",
            registry.Panel("complaints/portal/_track_panel.html", views.track_panel_context),
            public=True,
        )
