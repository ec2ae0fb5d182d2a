"""The one router every war-room endpoint registers on, and what they share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router

from thongthin.core.api.auth import Principal, principal_of
from thongthin.core.errors import PermissionDenied
from thongthin.core.models import User

from ..module import WATCH
from ..services._common import require

router = Router(tags=["warroom"])


def person(principal: Principal) -> User:
    if principal.user is None:
        raise PermissionDenied(_("This needs a person's login."), code="login_required")
    return principal.user


def watcher(request, locality: str | None) -> tuple[Principal, User]:
    """The signed-in person watching the war room of the locality they act in."""
    principal = principal_of(request, locality)
    user = person(principal)
    require(user, principal.locality, WATCH)
    return principal, user
