"""Who may do what in the war room, and its change log."""

from __future__ import annotations

from thongthin.core.models import Locality
from thongthin.core.models.accounts import Role
from thongthin.core.services.accounts import has_role_in, require_role_in

from ..models import WarChange

# Watch the war room, review alerts, work shelters and relief.
WATCH_ROLES = frozenset({Role.LOCALITY_ADMIN, Role.EXECUTIVE, Role.OFFICER, Role.DISPATCHER})
ISSUE_ROLES = frozenset({Role.LOCALITY_ADMIN, Role.EXECUTIVE, Role.OFFICER})
# Households' members and their vulnerabilities: personal data, audited when read.
PEOPLE_ROLES = frozenset({Role.LOCALITY_ADMIN, Role.EXECUTIVE, Role.OFFICER})

# The core's role checks, under the names the war-room services use.
allowed = has_role_in
require = require_role_in


def changed(locality: Locality, kind: str, **data) -> None:
    WarChange.objects.create(locality=locality, kind=kind, data=data)
