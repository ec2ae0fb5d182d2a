"""Who may do what where: capabilities, checked in a locality.

A staff account holds the capabilities of its role (:func:`thongthin.core.modules.roles`) in its
own locality; a platform admin holds every capability everywhere; an API key holds the
capabilities declared ``api_key=True`` in its locality. A capability of a module the locality
has switched off is held by no one there.
"""

from __future__ import annotations

from typing import Any

from . import modules
from .errors import PermissionDenied
from .models import ApiKey, Locality, User

Actor = User | ApiKey | None


def _locality_id(locality: Locality | int) -> int:
    return locality if isinstance(locality, int) else locality.pk


def has_capability(actor: Actor | Any, locality: Locality, code: str) -> bool:
    """Whether ``actor`` holds capability ``code`` in ``locality``."""
    declared = modules.capability(code)  # an unknown code is a programming error
    if actor is None or not modules.enabled_in(locality, declared.module):
        return False
    if isinstance(actor, ApiKey):
        return (
            declared.api_key
            and actor.locality_id == locality.pk
            and not actor.revoked_at
            and (actor.scopes is None or code in actor.scopes)
        )
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_platform_admin:
        return True
    return actor.locality_id == locality.pk and code in modules.role_capabilities(actor.role)


def require_capability(actor: Actor | Any, locality: Locality, code: str) -> None:
    if not has_capability(actor, locality, code):
        raise PermissionDenied()


def has_any(actor: Actor | Any, locality: Locality, codes: frozenset[str] | set[str]) -> bool:
    return any(has_capability(actor, locality, code) for code in codes)


def capabilities_in(actor: Actor | Any, locality: Locality) -> frozenset[str]:
    """Every capability ``actor`` holds in ``locality`` (for menus)."""
    return frozenset(
        c.code for c in modules.capabilities() if has_capability(actor, locality, c.code)
    )
