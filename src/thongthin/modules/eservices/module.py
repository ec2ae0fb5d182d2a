"""E-services (บริการออนไลน์) and the One Stop Service counter, declared once: the locality's
catalogue of services, each with its citizen's manual as the Licensing Facilitation Act 2015
asks; applications filed on the web or at the counter as cases worked by the Act's steps; fees
by Thai QR or cash with receipts, reconciled from the bank's statement; issued documents with a
public check page; the counter's walk-in queue with its display, and appointments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.modules import (
    AdminSection,
    Capability,
    EventKind,
    Job,
    LineHandler,
    Module,
    NavLink,
    Panel,
    Readiness,
    Setting,
)

from .workflow import APPLICATION

HERE = "thongthin.modules.eservices"
VIEW = "eservices.view"
WORK = "eservices.work"

MODULE = Module(
    name="eservices",
    label=_("E-services"),
    description=_("The locality's services with their citizen's manuals"),
    case_kinds=(APPLICATION,),
    capabilities=(
        Capability(VIEW, _("See every application of the locality")),
        Capability(WORK, _("Check, consider and decide applications")),
    ),
    grants={
        "locality_admin": frozenset({VIEW, WORK}),
        "officer": frozenset({VIEW, WORK}),
        "executive": frozenset({VIEW}),
    },
    panels=(
        Panel("application", "eservices/staff/_panel.html", f"{HERE}.views.staff_panel_context"),
        Panel(
            "application",
            "eservices/portal/_panel.html",
            f"{HERE}.views.public_panel_context",
            public=True,
        ),
    ),
    jobs=(
        Job(3600, f"{HERE}.services.applications_close_overdue"),
        Job(3600, f"{HERE}.services.applications_tell_delay"),
        Job(3600, f"{HERE}.services.documents_remind_renewal"),
        Job(3600, f"{HERE}.services.appointments.appointments_remind"),
        Job(3600, f"{HERE}.services.appointments.appointments_mark_missed"),
        Job(600, f"{HERE}.services.appointments.appointments_cancel_closed"),
    ),
    event_kinds=(
        EventKind("inspection", _("site inspection"), public=True),
        EventKind(
            "delay_told",
            _("told the applicant of the delay"),
            public=True,
            public_label=_("Past the time limit: you are told every 7 days until it is decided"),
        ),
    ),
    settings=(
        Setting(
            "MISSING_DOCUMENTS_WORKING_DAYS",
            7,
            env="THONGTHIN_MISSING_DOCUMENTS_DAYS",
            help="Working days an applicant has to supply missing documents (s. 8 of the Act).",
        ),
        Setting(
            "APPOINTMENT_DAYS_AHEAD",
            14,
            env="THONGTHIN_APPOINTMENT_DAYS_AHEAD",
            help="How many days ahead a citizen can book a time at the counter (the DIW takes "
            "2-15 days, MOC's Q-Online 10 working days).",
        ),
        Setting(
            "APPOINTMENT_LEAD_HOURS",
            1,
            env="THONGTHIN_APPOINTMENT_LEAD_HOURS",
            help="The latest a slot can be booked, in hours before it starts.",
        ),
        Setting(
            "BOOKINGS_PER_ADDRESS_DAY",
            3,
            env="THONGTHIN_BOOKINGS_PER_ADDRESS_DAY",
            help="Appointments one internet address can book a day (the phone number is not "
            "verified, so the cap is by address, as for other anonymous writes).",
        ),
        Setting(
            "QUEUE_OFFICE_NETWORKS",
            "127.0.0.0/8, ::1/128",
            env="THONGTHIN_QUEUE_OFFICE_NETWORKS",
            help="The office's own addresses (CIDR, comma-separated), where the kiosk stands: "
            "tickets taken there are not capped per address. Elsewhere a ticket is remote. "
            "The default is this machine only.",
        ),
        Setting(
            "QUEUE_REMOTE_PER_LINE",
            100,
            env="THONGTHIN_QUEUE_REMOTE_PER_LINE",
            help="Tickets a line gives a day from outside the office (the web, LINE); the "
            "rest of its numbers stay for the kiosk and the officers.",
        ),
        Setting(
            "QUEUE_REMOTE_PER_ADDRESS_DAY",
            3,
            env="THONGTHIN_QUEUE_REMOTE_PER_ADDRESS_DAY",
            help="Tickets one address outside the office can take a day.",
        ),
        Setting(
            "OPDC_DELAY_EMAIL",
            "",
            env="THONGTHIN_OPDC_DELAY_EMAIL",
            help="Where a copy of each delay notice goes (s. 10 of the Act: to OPDC); empty: no "
            "copy is sent. The address is not published here: set the one OPDC gives.",
        ),
    ),
    api=f"{HERE}.api.router",
    urls=f"{HERE}.urls",
    portal_nav=(NavLink("eservices:catalogue", _("Services and manuals"), order=50),),
    staff_nav=(
        NavLink("eservices:counter", _("Counter queue"), capability=WORK, order=40),
        NavLink("eservices:walk_in", _("Walk-in application"), capability=WORK, order=39),
        NavLink("eservices:appointments", _("Appointments"), capability=WORK, order=40),
        NavLink("eservices:statements", _("Bank statements"), capability=WORK, order=41),
        NavLink("eservices:reports", _("One-stop service report"), capability=VIEW, order=42),
    ),
    admin=(
        AdminSection(
            "services",
            _("Services (citizen's manuals)"),
            form=f"{HERE}.views.admin_forms.ServiceForm",
            columns=("name_th", "kind", "department", "time_limit", "active"),
        ),
        AdminSection(
            "payment-account",
            _("Where fees are paid (Thai QR)"),
            form=f"{HERE}.views.admin_forms.PaymentAccountForm",
            columns=("name", "biller_id", "promptpay_id"),
        ),
        AdminSection(
            "queue-lines",
            _("Counter queue: lines"),
            form=f"{HERE}.views.admin_forms.QueueGroupForm",
            columns=("letter", "name_th", "active"),
        ),
        AdminSection(
            "counters",
            _("Counter queue: counters"),
            form=f"{HERE}.views.admin_forms.CounterForm",
            columns=("number", "name", "letters", "active"),
        ),
        AdminSection(
            "slot-rules",
            _("Appointment times"),
            form=f"{HERE}.views.admin_forms.SlotRuleForm",
            columns=("service", "counter", "weekdays", "start", "end", "minutes", "capacity"),
        ),
        AdminSection(
            "closures",
            _("Days closed to appointments"),
            form=f"{HERE}.views.admin_forms.ClosureForm",
            columns=("day", "reason"),
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
    line_handlers=(
        # Before the complaint conversation: "คิว" and the button that follows are the queue's.
        LineHandler("message", f"{HERE}.line.on_text", message="text", order=30),
        LineHandler("postback", f"{HERE}.line.on_postback", order=30),
    ),
    locality_setup=f"{HERE}.services.locality_setup",
    demo=f"{HERE}.demo.load",
)
