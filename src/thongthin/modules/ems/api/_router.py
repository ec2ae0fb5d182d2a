"""The one router every EMS endpoint registers on, and what they share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router

from thongthin.core.api.auth import Principal
from thongthin.core.errors import PermissionDenied
from thongthin.core.models import User

router = Router(tags=["ems"])


def person(principal: Principal) -> User:
    """The signed-in staff member: these actions need a person's login, not an API key."""
    if principal.user is None:
        raise PermissionDenied(
            _("This needs a person's login, not an API key."), code="login_required"
        )
    return principal.user
