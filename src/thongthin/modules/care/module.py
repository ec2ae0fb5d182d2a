"""Care for dependent people (long-term care under the NHSO), Smart Car rides to hospital and
the sub-district health centre (รพ.สต.), declared once. Used by care managers, caregivers,
nurses, the Smart Car coordinator and drivers, and the local health fund's LTC sub-committee.

Everything about a person in care is sensitive health data: only the care roles below see it,
and every read is written to the audit log.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from thongthin.core.modules import (
    AdminSection,
    AuditAction,
    Capability,
    Job,
    LineHandler,
    Module,
    NavLink,
    Readiness,
    Role,
    Setting,
    Task,
)

VIEW = "care.view"
ASSESS = "care.assess"
APPROVE = "care.approve"
VISIT = "care.visit"
TRANSPORT = "care.transport"
DRIVE = "care.drive"
CLINIC = "care.clinic"
SUMMARY = "care.summary"
NEARBY = "care.nearby"


class Audit(StrEnum):
    PERSON_REGISTERED = "care.person_registered"
    PERSON_UPDATED = "care.person_updated"
    ASSESSED = "care.assessed"
    PLAN_SAVED = "care.plan_saved"
    PLAN_DECIDED = "care.plan_decided"
    VISIT_RECORDED = "care.visit_recorded"
    RIDE_SAVED = "care.ride_saved"
    ROUTE_PLANNED = "care.route_planned"
    READING = "care.reading"
    APPOINTMENT_BOOKED = "care.appointment_booked"
    EXPORTED = "care.exported"


HERE = "thongthin.modules.care"

MODULE = Module(
    name="care",
    label=_("Care and health"),
    description=_("Long-term care, Smart Car rides to hospital, the health centre"),
    capabilities=(
        Capability(VIEW, _("See people in care and their health records (every read logged)")),
        Capability(ASSESS, _("Register people in care, screen them, write care plans")),
        Capability(APPROVE, _("Approve or return care plans (LTC sub-committee)")),
        Capability(VISIT, _("Make the home visits given to oneself")),
        Capability(TRANSPORT, _("Plan Smart Car rides and routes")),
        Capability(DRIVE, _("Drive the Smart Car routes given to oneself")),
        Capability(CLINIC, _("Health centre appointments and home readings")),
        Capability(SUMMARY, _("Care figures without names")),
        Capability(NEARBY, _("See who is bedridden or dependent at a place (emergencies)")),
    ),
    roles=(
        Role(
            "care_manager",
            _("Care manager"),
            frozenset({VIEW, ASSESS, TRANSPORT, CLINIC, SUMMARY, NEARBY}),
        ),
        Role("caregiver", _("Caregiver"), frozenset({VISIT})),
        Role("nurse", _("Health centre nurse"), frozenset({VIEW, ASSESS, CLINIC, SUMMARY, NEARBY})),
        Role("driver", _("Smart Car driver"), frozenset({DRIVE})),
        Role("ltc_committee", _("LTC sub-committee member"), frozenset({APPROVE, SUMMARY})),
    ),
    grants={
        "locality_admin": frozenset({SUMMARY}),
        # The executive commands the war room: at a flood warning, who cannot leave alone.
        "executive": frozenset({SUMMARY, NEARBY}),
        # The EMS module's dispatcher, when it is installed: who is bedridden at a call's place.
        "dispatcher": frozenset({NEARBY}),
    },
    api=f"{HERE}.api.router",
    urls=f"{HERE}.urls",
    staff_nav=(
        NavLink("care:people", _("People in care"), capability=VIEW, order=60),
        NavLink("care:my_visits", _("My visits"), capability=VISIT, order=61),
        NavLink("care:plans", _("Care plans"), capability=APPROVE, order=62),
        NavLink("care:rides", _("Smart Car"), capability=TRANSPORT, order=63),
        NavLink("care:my_route", _("My route"), capability=DRIVE, order=64),
        NavLink("care:clinic", _("Health centre"), capability=CLINIC, order=65),
        NavLink("care:reports", _("Care reports"), capability=SUMMARY, order=66),
    ),
    tasks=(
        Task(
            ngettext_lazy(
                "%(n)s home reading in a danger band, not yet seen",
                "%(n)s home readings in a danger band, not yet seen",
                "n",
            ),
            f"{HERE}.selectors.waiting_alerts",
            CLINIC,
            "care:clinic",
            urgent=True,
        ),
        Task(
            ngettext_lazy(
                "%(n)s care plan waiting for your decision",
                "%(n)s care plans waiting for your decision",
                "n",
            ),
            f"{HERE}.selectors.waiting_plans_to_decide",
            APPROVE,
            "care:plans",
        ),
        Task(
            ngettext_lazy(
                "%(n)s care plan returned for changes",
                "%(n)s care plans returned for changes",
                "n",
            ),
            f"{HERE}.selectors.waiting_plans_returned",
            ASSESS,
            "care:plans",
            "?status=returned",
        ),
        Task(
            ngettext_lazy(
                "%(n)s person with a missed home visit",
                "%(n)s people with a missed home visit",
                "n",
            ),
            f"{HERE}.selectors.waiting_missed_people",
            VIEW,
            "care:people",
            "?missed=1",
        ),
        Task(
            ngettext_lazy(
                "%(n)s ride request not yet on a route",
                "%(n)s ride requests not yet on a route",
                "n",
            ),
            f"{HERE}.selectors.waiting_rides",
            TRANSPORT,
            "care:rides",
            "?waiting=1",
        ),
        Task(
            ngettext_lazy("%(n)s home visit for you today", "%(n)s home visits for you today", "n"),
            f"{HERE}.selectors.waiting_my_visits",
            VISIT,
            "care:my_visits",
        ),
        Task(
            ngettext_lazy("%(n)s ride on your route today", "%(n)s rides on your route today", "n"),
            f"{HERE}.selectors.waiting_my_rides",
            DRIVE,
            "care:my_route",
        ),
    ),  # fmt: skip
    admin=(
        AdminSection(
            "vehicles",
            _("Smart Car vehicles"),
            form=f"{HERE}.views.admin_forms.VehicleForm",
            columns=("name", "plate", "seats", "wheelchair_places", "driver", "active"),
            order=150,
        ),
        AdminSection(
            "hospitals",
            _("Hospitals rides go to"),
            form=f"{HERE}.views.admin_forms.HospitalForm",
            columns=("name", "active"),
            order=151,
        ),
    ),
    readiness=(
        Readiness(
            _("A Smart Car vehicle with its driver"),
            f"{HERE}.selectors.ready_vehicles",
            "admin-list",
            {"module": "care", "code": "vehicles"},
        ),
        Readiness(
            _("A hospital for rides"),
            f"{HERE}.selectors.ready_hospitals",
            "admin-list",
            {"module": "care", "code": "hospitals"},
        ),
    ),
    audit_actions=(
        AuditAction(Audit.PERSON_REGISTERED, _("Person registered in care")),
        AuditAction(Audit.PERSON_UPDATED, _("Person in care updated")),
        AuditAction(Audit.ASSESSED, _("ADL screening recorded")),
        AuditAction(Audit.PLAN_SAVED, _("Care plan saved")),
        AuditAction(Audit.PLAN_DECIDED, _("Care plan approved or returned")),
        AuditAction(Audit.VISIT_RECORDED, _("Home visit recorded")),
        AuditAction(Audit.RIDE_SAVED, _("Smart Car ride saved")),
        AuditAction(Audit.ROUTE_PLANNED, _("Smart Car route planned")),
        AuditAction(Audit.READING, _("Home reading received")),
        AuditAction(Audit.APPOINTMENT_BOOKED, _("Health centre appointment booked")),
        AuditAction(Audit.EXPORTED, _("Care data exported (43 files)")),
    ),
    jobs=(
        Job(3600, f"{HERE}.services.visits.visits_generate_all"),
        Job(3600, f"{HERE}.services.visits.visits_mark_missed"),
        Job(3600, f"{HERE}.services.rides.rides_remind"),
        Job(3600, f"{HERE}.services.clinic.clinic_remind"),
        Job(3600, f"{HERE}.services.clinic.clinic_mark_missed"),
    ),
    demo=f"{HERE}.demo.load",
    # Before the war room's (10), e-services' (30) and the complaint conversation: it takes
    # only a link code, and readings or "ขอรถ" from LINE users linked to a person in care.
    line_handlers=(
        LineHandler("message", f"{HERE}.line.on_text", message="text", order=5),
        LineHandler("postback", f"{HERE}.line.on_postback", order=5),
    ),
    settings=(
        Setting(
            "TAI_GROUPS",
            "B5:1,C4:1,B3:2,B4:2,C2:3,C3:3,I1:4,I2:4,I3:4",
            env="THONGTHIN_CARE_TAI_GROUPS",
            help="TAI class → NHSO group inside its ADL band (unverified in the domain notes).",
        ),
        Setting(
            "VISITS_PER_MONTH",
            "0:0,1:1,2:2,3:4,4:4",
            env="THONGTHIN_CARE_VISITS_PER_MONTH",
            help="Home visits a month a new care plan proposes, by group (unverified).",
        ),
        Setting(
            "LTC_RATES",
            "2016-10-01:6000,2024-10-01:10442",
            env="THONGTHIN_CARE_LTC_RATES",
            help="Baht per person per year the fund pays for an approved plan, from each date.",
        ),
        Setting(
            "FAR_METRES",
            300,
            env="THONGTHIN_CARE_FAR_METRES",
            help="A visit checked in farther than this from the home is flagged.",
        ),
        Setting(
            "ALERT_COLOURS",
            "red,low",
            env="THONGTHIN_CARE_ALERT_COLOURS",
            help="Home-reading bands that alert the nurses at once.",
        ),
        Setting(
            "GLUCOSE_LOW",
            70,
            env="THONGTHIN_CARE_GLUCOSE_LOW",
            help="Capillary glucose (mg/dL) below which a reading is dangerously low "
            "(not in the domain notes: the usual hypoglycaemia limit).",
        ),
        Setting(
            "ROUTE_SECONDS",
            1.0,
            env="THONGTHIN_CARE_ROUTE_SECONDS",
            help="How long the route solver searches for a day's plan.",
        ),
        Setting(
            "ROUTE_SOLUTIONS",
            0,
            env="THONGTHIN_CARE_ROUTE_SOLUTIONS",
            help="Stop the route solver after this many plans (0: search for ROUTE_SECONDS). "
            "Tests set 1, so their plans do not depend on the machine's speed.",
        ),
        Setting(
            "ROUTER_URL",
            "",
            env="THONGTHIN_CARE_ROUTER_URL",
            help="An OSRM server (its table service) for road times and distances of the "
            "Smart Car routes; empty: straight line × ROAD_FACTOR at SPEED_KMH.",
        ),
        Setting(
            "ROUTER_TIMEOUT",
            5.0,
            env="THONGTHIN_CARE_ROUTER_TIMEOUT",
            help="Seconds to wait for the router before planning on straight lines.",
        ),
        Setting(
            "SPEED_KMH",
            40.0,
            env="THONGTHIN_CARE_SPEED_KMH",
            help="Average road speed for route times (straight line × ROAD_FACTOR).",
        ),
        Setting("ROAD_FACTOR", 1.3, env="THONGTHIN_CARE_ROAD_FACTOR", help="Road / straight."),
        Setting(
            "HOSPCODE",
            "00000",
            env="THONGTHIN_CARE_HOSPCODE",
            help="The health centre's 5-digit code written in the 43-file export.",
        ),
    ),
)
