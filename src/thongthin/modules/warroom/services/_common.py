"""Who may do what in the war room, and its change log."""

from __future__ import annotations

from thongthin.core.errors import PermissionDenied
from thongthin.core.models import Locality, User
from thongthin.core.models.accounts import Role

from ..models import WarChange

# Watch the war room, review alerts, work shelters and relief.
WATCH_ROLES = frozenset({Role.LOCALITY_ADMIN, Role.EXECUTIVE, Role.OFFICER, Role.DISPATCHER})
ISSUE_ROLES = frozenset({Role.LOCALITY_ADMIN, Role.EXECUTIVE, Role.OFFICER})
# Households' members and their vulnerabilities: personal data, audited when read.
PEOPLE_ROLES = frozenset({Role.LOCALITY_ADMIN, Role.EXECUTIVE, Role.OFFICER})


def allowed(actor: User | None, locality: Locality, roles: frozenset[str]) -> bool:
    if actor is None or not actor.is_active:
        return False
    return actor.is_platform_admin or (actor.locality_id == locality.pk and actor.role in roles)


def require(actor: User | None, locality: Locality, roles: frozenset[str]) -> None:
    if not allowed(actor, locality, roles):
        raise PermissionDenied()


def changed(locality: Locality, kind: str, **data) -> None:
    WarChange.objects.create(locality=locality, kind=kind, data=data)
