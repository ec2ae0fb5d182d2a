"""The flood and disaster war room (ห้องปฏิบัติการภัยพิบัติ), declared once: gauges over HTTP and
MQTT, warning rules and CAP 1.2 alerts, households, shelters, relief and disaster incidents."""

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
    Readiness,
    Setting,
)

from .workflow import DISASTER

WATCH = "warroom.watch"
ACT = "warroom.act"
PEOPLE = "warroom.people"
RESPOND = "warroom.respond"
READINGS = "warroom.readings"

STAFF = frozenset({WATCH, ACT, PEOPLE, RESPOND, READINGS})


class Audit(StrEnum):
    ALERT_ISSUED = "warroom.alert_issued"
    ALERT_DISCARDED = "warroom.alert_discarded"


HERE = "thongthin.modules.warroom"

MODULE = Module(
    name="warroom",
    label=_("Disaster war room"),
    description=_("Flood warnings"),
    case_kinds=(DISASTER,),
    capabilities=(
        Capability(WATCH, _("Watch the war room: stations, warnings, incidents")),
        Capability(ACT, _("Issue warnings, run shelters and relief")),
        Capability(PEOPLE, _("See households and who to evacuate (personal data, logged)")),
        Capability(RESPOND, _("Respond to disaster incidents")),
        Capability(READINGS, _("Send gauge readings"), api_key=True),
    ),
    grants={
        "locality_admin": STAFF,
        "executive": STAFF,
        "officer": STAFF,
        # The EMS module's roles, when it is installed.
        "dispatcher": frozenset({WATCH, RESPOND, READINGS}),
        "responder": frozenset({RESPOND}),
    },
    api=f"{HERE}.api.router",
    urls=f"{HERE}.urls",
    admin=(
        AdminSection(
            "stations",
            _("Gauging stations"),
            form=f"{HERE}.views.admin_forms.StationForm",
            columns=("code", "name", "kind", "river", "warning_level", "active"),
        ),
        AdminSection(
            "rules",
            _("Warning rules"),
            form=f"{HERE}.views.admin_forms.AlertRuleForm",
            columns=("station", "threshold", "severity", "auto_issue", "active"),
            order=110,
        ),
        AdminSection(
            "shelters",
            _("Shelters"),
            form=f"{HERE}.views.admin_forms.ShelterForm",
            columns=("name", "capacity", "status", "phone"),
            order=120,
        ),
        AdminSection(
            "stores",
            _("Relief stores"),
            form=f"{HERE}.views.admin_forms.StoreForm",
            columns=("name", "shelter"),
            order=130,
        ),
    ),
    readiness=(
        Readiness(
            _("A gauging station"),
            f"{HERE}.selectors.ready_stations",
            "admin-list",
            {"module": "warroom", "code": "stations"},
        ),
        Readiness(
            _("Shelters for evacuation"),
            f"{HERE}.selectors.ready_shelters",
            "admin-list",
            {"module": "warroom", "code": "shelters"},
        ),
    ),
    staff_nav=(
        NavLink("warroom:room", _("War room"), capability=WATCH, order=40),
        NavLink("warroom:alerts", _("Warnings"), capability=WATCH, order=41),
        NavLink("warroom:people", _("Shelters and relief"), capability=WATCH, order=42),
    ),
    audit_actions=(
        AuditAction(Audit.ALERT_ISSUED, _("Warning issued")),
        AuditAction(Audit.ALERT_DISCARDED, _("Warning draft discarded")),
    ),
    jobs=(
        Job(24 * 3600, f"{HERE}.forecast.learn_all"),
        Job(3600, f"{HERE}.services.changes_prune"),
    ),
    demo=f"{HERE}.demo.load",
    line_handlers=(
        # Flood reports and subscriptions first, then EMS's SOS, then complaints.
        LineHandler("message", f"{HERE}.line.on_text", message="text", order=10),
        LineHandler("message", f"{HERE}.line.on_location", message="location", order=10),
    ),
    settings=(
        Setting(
            "MQTT_URL",
            "",
            env="THONGTHIN_MQTT_URL",
            help="The MQTT broker `thongthin mqtt` reads stations from.",
        ),
        Setting(
            "TRAVEL_HOURS",
            24.0,
            env="THONGTHIN_WARROOM_TRAVEL_HOURS",
            help="Hours a rise takes between stations until one is learned from past rises.",
        ),
    ),
)
