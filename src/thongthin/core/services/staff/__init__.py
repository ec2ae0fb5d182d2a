"""A locality's staff, kept by its admin on the web: invitations (a one-time link; the person
sets their own password), roles and divisions, deactivation (never deletion: the audit trail
keeps them), password resets by a new link, and many at once from a CSV file."""

from ._common import INVITATION_DAYS, RESET_HOURS, USERNAME_CHARS, StaffIn, staff_of
from .importing import IMPORT_HEADER, IMPORT_ROWS_MAX, ImportReport, staff_import
from .links import LINK_USED, invitation_accept, invitation_open, invitation_url
from .onboarding import locality_onboard
from .people import staff_invite, staff_password_reset, staff_set_active, staff_update

__all__ = [
    "IMPORT_HEADER", "IMPORT_ROWS_MAX", "INVITATION_DAYS", "LINK_USED", "RESET_HOURS",
    "USERNAME_CHARS", "ImportReport", "StaffIn", "invitation_accept", "invitation_open",
    "invitation_url", "locality_onboard", "staff_import", "staff_invite", "staff_of",
    "staff_password_reset", "staff_set_active", "staff_update",
]  # fmt: skip
