"""The locality's administration on the web (/staff/admin/): its profile and LINE account, staff
and invitations, API keys, and every module's reference data through one generic list and form
(:class:`~thongthin.core.modules.AdminSection`); a platform admin's localities and onboarding.

Every page answers "not found" to anyone without ``core.administer`` in the acting locality, so
a locality admin never reaches another locality's administration."""

from ._common import admin_home
from .keys import key_revoke, keys
from .locality import line, profile
from .people import staff_action, staff_edit, staff_import_page, staff_list, staff_new, welcome
from .platform import localities
from .reference import reference_edit, reference_list

__all__ = [
    "admin_home", "key_revoke", "keys", "line", "localities", "profile", "reference_edit",
    "reference_list", "staff_action", "staff_edit", "staff_import_page", "staff_list",
    "staff_new", "welcome",
]  # fmt: skip
