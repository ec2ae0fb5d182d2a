"""Audit log search for admins and executives of a locality (platform admins: all)."""

from __future__ import annotations

from datetime import date

from ninja import Router

from ..models import User
from ..selectors import access_locality, audit_search
from .auth import STAFF_ONLY
from .schemas import ERRORS, AuditOut

router = Router(tags=["audit"], auth=STAFF_ONLY)


@router.get("", response={200: list[AuditOut], **ERRORS})
def search_audit(
    request,
    action: str = "",
    q: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    locality: str | None = None,
    limit: int = 100,
):
    user: User = request.auth
    scope = access_locality(locality) if (locality and user.is_platform_admin) else None
    qs = audit_search(
        actor=user,
        locality=scope,
        action=action,
        q=q,
        object_id=object_id,
        date_from=date_from,
        date_to=date_to,
    )
    return list(qs[: max(1, min(limit, 500))])
