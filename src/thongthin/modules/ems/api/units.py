"""Units and the board: positions from the crew's phone or a tracker, statuses, the live
board's snapshot, and the response-time report."""

from __future__ import annotations

from datetime import date

from thongthin.core.api.auth import STAFF_ONLY, STAFF_OR_KEY, client_ip, principal_of
from thongthin.core.api.schemas import ERRORS

from .. import reports, selectors, services
from ._router import person, router
from .schemas import (
    BoardOut,
    PositionIn,
    PositionOut,
    ResponseReportOut,
    StatusIn,
    UnitOut,
    UnitStatusOut,
)


@router.get("/units", auth=STAFF_OR_KEY, response={200: list[UnitOut], **ERRORS})
def units(request, locality: str | None = None):
    principal = principal_of(request, locality)
    snapshot = selectors.board_snapshot(locality=principal.locality, actor=person(principal))
    return snapshot["units"]


@router.post("/units/{code}/position", auth=STAFF_OR_KEY, response={200: PositionOut, **ERRORS})
def position(request, code: str, payload: PositionIn, locality: str | None = None):
    """From a crew member's phone (their login) or a vehicle tracker (the locality's key)."""
    principal = principal_of(request, locality)
    unit = selectors.access_unit(actor=principal.actor, locality=principal.locality, code=code)
    stored = services.unit_position(
        unit=unit, actor=principal.user, lat=payload.lat, lon=payload.lon, at=payload.at,
        device=principal.user is None,
    )  # fmt: skip
    return {"unit": unit.code, "stored": stored}


@router.post("/units/{code}/status", auth=STAFF_ONLY, response={200: UnitStatusOut, **ERRORS})
def unit_status(request, code: str, payload: StatusIn, locality: str | None = None):
    principal = principal_of(request, locality)
    user = person(principal)
    unit = selectors.access_unit(actor=user, locality=principal.locality, code=code)
    unit = services.unit_set_status(
        unit=unit, status=payload.status, actor=user, ip=client_ip(request)
    )
    return {"unit": unit.code, "status": unit.status}


@router.get("/board", auth=STAFF_ONLY, response={200: BoardOut, **ERRORS})
def board(request, locality: str | None = None):
    principal = principal_of(request, locality)
    return selectors.board_snapshot(locality=principal.locality, actor=person(principal))


@router.get("/reports/response", auth=STAFF_ONLY, response={200: ResponseReportOut, **ERRORS})
def report(
    request, locality: str | None = None, start: date | None = None, end: date | None = None
):
    principal = principal_of(request, locality)
    return reports.response_report(
        locality=principal.locality, actor=person(principal), start=start, end=end
    )
