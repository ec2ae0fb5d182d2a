"""The local emergency medical service (การแพทย์ฉุกเฉิน), declared once: 1669-style call intake,
CBD triage, nearest-unit dispatch, the ITEMS timeline, care records and response-time reports."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from thongthin.core.modules import (
    AdminSection,
    AuditAction,
    Capability,
    LineHandler,
    Module,
    NavLink,
    Readiness,
    Role,
    Setting,
)

from .workflow import EMS

INCIDENTS = "ems.incidents"
DISPATCH = "ems.dispatch"
BOARD = "ems.board"
TIMELINE = "ems.timeline"
REPORTS = "ems.reports"
REPORT_PERSONAL_DATA = "ems.report_personal_data"
POSITION = "ems.position"

DISPATCHER = frozenset({INCIDENTS, DISPATCH, BOARD, TIMELINE, REPORTS, POSITION})


class Audit(StrEnum):
    UNIT_ASSIGNED = "ems.unit_assigned"
    UNIT_STATUS = "ems.unit_status"
    PATIENT_SAVED = "ems.patient_saved"
    STAMP_CORRECTED = "ems.stamp_corrected"
    SCENE_TRIAGE = "ems.scene_triage"


HERE = "thongthin.modules.ems"

MODULE = Module(
    name="ems",
    label=_("Emergency medical services"),
    description=_("1669-style dispatch"),
    case_kinds=(EMS,),
    capabilities=(
        Capability(INCIDENTS, _("See every EMS incident of the locality")),
        Capability(DISPATCH, _("Take emergency calls and dispatch units")),
        Capability(BOARD, _("See the dispatch board (no personal data)")),
        Capability(TIMELINE, _("Record the timeline of incidents one's unit is sent to")),
        Capability(REPORTS, _("Read EMS reports")),
        Capability(REPORT_PERSONAL_DATA, _("Export EMS reports with personal data")),
        Capability(POSITION, _("Send a unit's position"), api_key=True),
    ),
    roles=(
        Role("dispatcher", _("Dispatcher"), DISPATCHER),
        Role("responder", _("Responder"), frozenset({BOARD, TIMELINE, POSITION})),
    ),
    grants={
        "locality_admin": DISPATCHER | {REPORT_PERSONAL_DATA},
        "executive": frozenset({INCIDENTS, BOARD, REPORTS, REPORT_PERSONAL_DATA}),
    },
    api=f"{HERE}.api.router",
    urls=f"{HERE}.urls",
    portal_nav=(NavLink("ems:sos", _("Emergency (SOS)"), order=10),),
    admin=(
        AdminSection(
            "units",
            _("Ambulance units and bases"),
            form=f"{HERE}.views.admin_forms.UnitForm",
            columns=("code", "name", "level", "base_name"),
        ),
        AdminSection(
            "hospitals",
            _("Hospitals"),
            form=f"{HERE}.views.admin_forms.HospitalForm",
            columns=("name", "phone", "active"),
            order=110,
        ),
    ),
    readiness=(
        Readiness(
            _("An ambulance unit with its base"),
            f"{HERE}.selectors.ready_units",
            "admin-list",
            {"module": "ems", "code": "units"},
        ),
        Readiness(
            _("Hospitals to take patients to"),
            f"{HERE}.selectors.ready_hospitals",
            "admin-list",
            {"module": "ems", "code": "hospitals"},
        ),
    ),
    staff_nav=(
        NavLink("ems:room", _("Dispatch room"), capability=BOARD, order=30),
        NavLink("ems:crew", _("My unit"), capability=TIMELINE, order=31),
        NavLink("ems:reports", _("EMS reports"), capability=REPORTS, order=32),
    ),
    audit_actions=(
        AuditAction(Audit.UNIT_ASSIGNED, _("Unit sent")),
        AuditAction(Audit.UNIT_STATUS, _("Unit status changed")),
        AuditAction(Audit.PATIENT_SAVED, _("Patient care record saved")),
        AuditAction(Audit.STAMP_CORRECTED, _("Timeline time corrected")),
        AuditAction(Audit.SCENE_TRIAGE, _("Triage at the scene")),
    ),
    demo=f"{HERE}.demo.load",
    line_handlers=(
        # Before the complaint conversation: "SOS" and the location that follows are EMS's.
        LineHandler("message", f"{HERE}.line.on_text", message="text", order=20),
        LineHandler("message", f"{HERE}.line.on_location", message="location", order=20),
    ),
    settings=(
        Setting(
            "ROAD_FACTOR",
            1.4,
            env="THONGTHIN_EMS_ROAD_FACTOR",
            help="Road distance as a multiple of the straight line, for travel estimates.",
        ),
        Setting(
            "SPEED_KMH",
            45.0,
            env="THONGTHIN_EMS_SPEED_KMH",
            help="Average ambulance speed for travel estimates.",
        ),
        Setting(
            "ROUTER_URL",
            "",
            env="THONGTHIN_EMS_ROUTER_URL",
            help="An OSRM server whose table service gives road durations (empty: estimate).",
        ),
        Setting(
            "ROUTER_TIMEOUT",
            1.5,
            env="THONGTHIN_EMS_ROUTER_TIMEOUT",
            help="Seconds to wait for the OSRM server before estimating instead.",
        ),
    ),
)
