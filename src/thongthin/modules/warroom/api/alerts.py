"""Warnings: issuing a draft, discarding it, updates and cancels, and who to evacuate."""

from __future__ import annotations

from ninja import Status

from thongthin.core.api.auth import STAFF_ONLY, client_ip
from thongthin.core.api.schemas import ERRORS

from .. import selectors
from ..services import alerts, people
from ._router import router, watcher
from .schemas import AlertStateOut, EvacuationOut, FollowUpIn, FollowUpOut, ReasonIn


def _alert(request, identifier: str, locality: str | None):
    principal, user = watcher(request, locality)
    alert = selectors.access_alert(actor=user, locality=principal.locality, identifier=identifier)
    return alert, user


@router.post("/alerts/{identifier}/issue", auth=STAFF_ONLY, response={200: AlertStateOut, **ERRORS})
def issue(request, identifier: str, locality: str | None = None):
    alert, user = _alert(request, identifier, locality)
    alert = alerts.alert_issue(alert=alert, actor=user, ip=client_ip(request))
    return {"identifier": alert.identifier, "status": alert.status}


@router.post(
    "/alerts/{identifier}/discard", auth=STAFF_ONLY, response={200: AlertStateOut, **ERRORS}
)
def discard(request, identifier: str, payload: ReasonIn, locality: str | None = None):
    alert, user = _alert(request, identifier, locality)
    alert = alerts.alert_discard(alert=alert, actor=user, reason=payload.reason)
    return {"identifier": alert.identifier, "status": alert.status}


@router.post(
    "/alerts/{identifier}/follow-up", auth=STAFF_ONLY, response={201: FollowUpOut, **ERRORS}
)
def follow_up(request, identifier: str, payload: FollowUpIn, locality: str | None = None):
    alert, user = _alert(request, identifier, locality)
    new = alerts.alert_follow_up(alert=alert, actor=user, ip=client_ip(request), **payload.dict())
    return Status(
        201, {"identifier": new.identifier, "msg_type": new.msg_type, "references": identifier}
    )


@router.get(
    "/alerts/{identifier}/evacuation",
    auth=STAFF_ONLY,
    response={200: list[EvacuationOut], **ERRORS},
)
def evacuation(request, identifier: str, locality: str | None = None):
    alert, user = _alert(request, identifier, locality)
    return people.evacuation_list(alert=alert, actor=user, ip=client_ip(request))
