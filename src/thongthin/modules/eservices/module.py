"""E-services (บริการออนไลน์) and the One Stop Service counter, declared once: the locality's
catalogue of services, each with its citizen's manual as the Licensing Facilitation Act 2015
asks. Applications, fees, receipts and the counter queue come next (docs/modules.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.modules import AdminSection, Module, NavLink, Readiness

HERE = "thongthin.modules.eservices"

MODULE = Module(
    name="eservices",
    label=_("E-services"),
    description=_("The locality's services with their citizen's manuals"),
    api=f"{HERE}.api.router",
    urls=f"{HERE}.urls",
    portal_nav=(NavLink("eservices:catalogue", _("Services and manuals"), order=50),),
    admin=(
        AdminSection(
            "services",
            _("Services (citizen's manuals)"),
            form=f"{HERE}.views.admin_forms.ServiceForm",
            columns=("name_th", "kind", "department", "time_limit", "active"),
        ),
    ),
    readiness=(
        Readiness(
            _("Services offered, each with its division"),
            f"{HERE}.selectors.ready_catalogue",
            "admin-list",
            {"module": "eservices", "code": "services"},
        ),
    ),
    locality_setup=f"{HERE}.services.catalogue_seed",
    demo=f"{HERE}.demo.load",
)
