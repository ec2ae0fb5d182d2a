"""The core's own declaration: its roles and capabilities, the general request, the staff menu,
its timeline event kinds and audit actions. Modules declare theirs the same way."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .modules import (
    AdminSection,
    AuditAction,
    Capability,
    EventKind,
    Job,
    Module,
    NavLink,
    Readiness,
    Role,
)
from .services.audit import AuditAction as A
from .workflow import GENERAL

ADMINISTER = "core.administer"
AUDIT = "core.audit"
PERSONAL_DATA = "core.personal_data"
VIEW_CASES = "core.view_cases"
WORK_CASES = "core.work_cases"
OVERSEE_CASES = "core.oversee_cases"

CASE_WORK = frozenset({VIEW_CASES, WORK_CASES, PERSONAL_DATA})

MODULE = Module(
    name="core",
    label=_("Thongthin core"),
    always_on=True,
    case_kinds=(GENERAL,),
    capabilities=(
        Capability(ADMINISTER, _("Administer the locality")),
        Capability(AUDIT, _("Read the audit log")),
        Capability(PERSONAL_DATA, _("Read citizens' personal data (each read is logged)")),
        Capability(VIEW_CASES, _("See every general request of the locality"), api_key=True),
        Capability(WORK_CASES, _("Work general requests"), api_key=True),
        Capability(OVERSEE_CASES, _("See all open work of the locality in My work")),
    ),
    roles=(
        Role("platform_admin", _("Platform admin")),
        Role(
            "locality_admin",
            _("Locality admin"),
            CASE_WORK | {ADMINISTER, AUDIT, OVERSEE_CASES},
        ),
        Role("executive", _("Executive"), CASE_WORK | {AUDIT, OVERSEE_CASES}),
        Role("officer", _("Officer"), CASE_WORK),
    ),
    staff_nav=(
        NavLink("staff:audit", _("Audit log"), capability=AUDIT, order=900),
        NavLink("staff:admin", _("Administration"), capability=ADMINISTER, order=910),
    ),
    admin=(
        AdminSection(
            "divisions",
            _("Divisions"),
            form="thongthin.core.views.admin_forms.DepartmentForm",
            columns=("code", "name_th", "name_en", "head"),
            order=10,
        ),
    ),
    readiness=(
        Readiness(
            _("Contacts: phone and e-mail"), "thongthin.core.selectors.ready_contacts", "settings"
        ),
        Readiness(
            _("A boundary drawn or uploaded"), "thongthin.core.selectors.ready_boundary", "settings"
        ),
        Readiness(
            _("Division heads named (they receive escalations)"),
            "thongthin.core.selectors.ready_division_heads",
            "admin-list",
            {"module": "core", "code": "divisions"},
        ),
        Readiness(_("Officers invited"), "thongthin.core.selectors.ready_officers", "admin-staff"),
        Readiness(
            _("LINE Official Account connected"),
            "thongthin.core.selectors.ready_line",
            "admin-line",
        ),
    ),
    jobs=(
        Job(600, "thongthin.core.ratelimit.ratelimit_prune"),
        Job(3600, "thongthin.core.services.idempotency.idempotency_prune"),
        Job(3600, "thongthin.core.db.statistics.statistics_refresh"),
    ),
    event_kinds=(
        EventKind("created", _("created"), public=True),
        EventKind("transition", pgettext_lazy("timeline", "status changed"), public=True),
        EventKind("assigned", _("assigned")),
        EventKind("note", _("internal note")),
        EventKind("attachment", _("attached a file"), public=True, public_label=_("Photo added")),
        EventKind("rating", _("rated"), public=True, public_label=_("Rated by the reporter")),
        EventKind("escalated", _("escalated (overdue)")),
    ),
    audit_actions=(
        AuditAction(A.CASE_CREATED, _("Case created")),
        AuditAction(A.CASE_TRANSITION, _("Case status changed")),
        AuditAction(A.CASE_ASSIGNED, _("Case assigned")),
        AuditAction(A.CASE_NOTE, _("Note added")),
        AuditAction(A.CASE_ATTACHMENT, _("File attached")),
        AuditAction(A.CASE_LOCATED, _("Case placed on the map")),
        AuditAction(A.CASE_RATED, _("Case rated")),
        AuditAction(A.PII_READ, _("Personal data read")),
        AuditAction(A.LOCALITY_CREATED, _("Locality created")),
        AuditAction(A.LOCALITY_UPDATED, _("Locality settings changed")),
        AuditAction(A.STAFF_CREATED, _("Staff account created")),
        AuditAction(A.STAFF_INVITED, _("Staff member invited")),
        AuditAction(A.STAFF_UPDATED, _("Staff member changed")),
        AuditAction(A.STAFF_DEACTIVATED, _("Staff member deactivated")),
        AuditAction(A.STAFF_ACTIVATED, _("Staff member reactivated")),
        AuditAction(A.STAFF_PASSWORD_RESET, _("New password link sent")),
        AuditAction(A.INVITATION_ACCEPTED, _("Password set from a link")),
        AuditAction(A.REFERENCE_CREATED, _("Reference data added")),
        AuditAction(A.REFERENCE_UPDATED, _("Reference data changed")),
        AuditAction(A.APIKEY_CREATED, _("API key created")),
        AuditAction(A.APIKEY_REVOKED, _("API key revoked")),
        AuditAction(A.LINE_FOLLOW, _("LINE follow")),
        AuditAction(A.LINE_UNFOLLOW, _("LINE unfollow")),
        AuditAction(A.LOGIN, _("Logged in")),
        AuditAction(A.LOGIN_FAILED, _("Failed login")),
        AuditAction(A.LOGIN_LOCKED, _("Log-in locked after failed attempts")),
        AuditAction(A.LOGIN_UNLOCKED, _("Log-in unlocked")),
        AuditAction(A.TWO_FACTOR_ENROLLED, _("Second factor set up")),
        AuditAction(A.TWO_FACTOR_FAILED, _("Wrong second-factor code")),
        AuditAction(A.TWO_FACTOR_RECOVERY_USED, _("Recovery code used")),
        AuditAction(A.TWO_FACTOR_RESET, _("Second factor removed")),
        AuditAction(A.PASSWORD_RESET_ASKED, _("Password reset asked for")),
        AuditAction(A.PASSWORD_RESET, _("Password reset")),
        AuditAction(A.CREDENTIALS_ROTATED, _("Stored credentials re-encrypted")),
    ),
)
