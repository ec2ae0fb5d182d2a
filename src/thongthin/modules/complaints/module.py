"""The complaints module (ร้องทุกข์ออนไลน์), declared once: Traffy-class intake from LINE, the web,
phone and Open311, routed by category to a division with a service window."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from thongthin.core.modules import (
    AdminSection,
    AuditAction,
    Capability,
    Job,
    LineHandler,
    Module,
    NavLink,
    Panel,
    Readiness,
    Setting,
)

from .workflow import COMPLAINT

VIEW = "complaints.view"
WORK = "complaints.work"
FILE = "complaints.file"
WORKERS = frozenset({VIEW, WORK})


class Audit(StrEnum):
    CATEGORY = "complaint.category"
    RATED = "complaint.rated"
    ESCALATED = "complaint.escalated"
    HANDOVER_UPDATE = "complaint.handover_update"


HERE = "thongthin.modules.complaints"

MODULE = Module(
    name="complaints",
    label=_("Citizen complaints"),
    description=_("Traffy-class intake from LINE, the web, phone and Open311"),
    case_kinds=(COMPLAINT,),
    capabilities=(
        Capability(VIEW, _("See every complaint of the locality"), api_key=True),
        Capability(
            FILE, _("File complaints on behalf of citizens (call centres, Open311)"), api_key=True
        ),
        Capability(WORK, _("Work complaints: accept, route, resolve, forward, merge")),
    ),
    grants={"locality_admin": WORKERS, "executive": WORKERS, "officer": WORKERS},
    api=f"{HERE}.api.router",
    urls=f"{HERE}.urls",
    intake=NavLink("complaints:report", _("Report a problem"), order=20),
    portal_nav=(
        NavLink("complaints:report", _("Report a problem"), order=20),
        NavLink("complaints:map", _("Complaints map"), order=30),
        NavLink("complaints:stats", _("Statistics"), order=40),
    ),
    admin=(
        AdminSection(
            "categories",
            _("Complaint categories"),
            form=f"{HERE}.views.admin_forms.CategoryForm",
            columns=("name_th", "name_en", "department", "sla_hours", "active"),
        ),
    ),
    readiness=(
        Readiness(
            _("Complaint categories routed to divisions"),
            f"{HERE}.selectors.ready_categories",
            "admin-list",
            {"module": "complaints", "code": "categories"},
        ),
    ),
    staff_nav=(
        NavLink("complaints:staff-queue", _("Complaints"), capability=VIEW, order=20),
        NavLink("complaints:staff-new", _("Phone/walk-in"), capability=WORK, order=21),
    ),
    panels=(
        Panel("complaint", "complaints/staff/_panel.html", f"{HERE}.views.staff_panel_context"),
        Panel(
            "complaint",
            "complaints/portal/_track_panel.html",
            f"{HERE}.views.track_panel_context",
            public=True,
        ),
    ),
    audit_actions=(
        AuditAction(Audit.CATEGORY, _("Complaint category set")),
        AuditAction(Audit.RATED, _("Complaint rated")),
        AuditAction(Audit.ESCALATED, _("Complaint escalated")),
        AuditAction(Audit.HANDOVER_UPDATE, _("Update from the organisation a case went to")),
    ),
    jobs=(Job(300, f"{HERE}.services.escalate_overdue"),),
    locality_setup=f"{HERE}.services.categories_seed",
    demo=f"{HERE}.demo.load",
    line_handlers=(
        LineHandler("message", f"{HERE}.line.on_text", message="text"),
        LineHandler("message", f"{HERE}.line.on_image", message="image"),
        LineHandler("message", f"{HERE}.line.on_location", message="location"),
        LineHandler("postback", f"{HERE}.line.on_postback"),
        LineHandler("follow", f"{HERE}.line.on_follow"),
    ),
    settings=(
        Setting(
            "CONFIDENCE",
            0.35,
            env="THONGTHIN_COMPLAINT_CONFIDENCE",
            help="Below this classifier probability a complaint waits for a person.",
        ),
        Setting(
            "MAP_CACHE_SECONDS",
            10.0,
            env="THONGTHIN_MAP_CACHE_SECONDS",
            help="The public map may lag writes by this many seconds (per-process cache).",
        ),
    ),
)
