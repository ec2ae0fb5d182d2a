"""Readings in, a station's chart, and the whole situation (now or replayed)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from thongthin.core.api.auth import STAFF_ONLY, STAFF_OR_KEY, principal_of
from thongthin.core.api.schemas import ERRORS
from thongthin.core.errors import ValidationFailed

from .. import selectors, situation
from ..module import READINGS
from ..services._common import require
from ..services.readings import readings_ingest
from ._router import router, watcher
from .schemas import ChartOut, ReadingsIn, ReadingsOut, SituationOut


@router.post("/readings", auth=STAFF_OR_KEY, response={200: ReadingsOut, **ERRORS})
def post_readings(request, payload: ReadingsIn, locality: str | None = None):
    """A batch of ``{station, observed_at, value}``; each is stored once, impossible ones are
    kept aside and listed under ``rejected`` with the reason."""
    principal = principal_of(request, locality)
    require(principal.actor, principal.locality, READINGS)
    result = readings_ingest(locality=principal.locality, items=payload.readings, source="http")
    if payload.readings and not result.stored and not result.duplicates:
        raise ValidationFailed(
            _("No reading could be used; they are kept aside with the reasons."),
            code="readings_rejected",
            detail=result.as_dict(),
        )
    return result.as_dict()


@router.get("/stations/{code}/chart", auth=STAFF_OR_KEY, response={200: ChartOut, **ERRORS})
def station_chart(request, code: str, days: int = 7, locality: str | None = None):
    principal = principal_of(request, locality)
    station = selectors.access_station(
        actor=principal.actor, locality=principal.locality, code=code
    )
    return situation.chart(station, days=days)


@router.get("/situation", auth=STAFF_ONLY, response={200: SituationOut, **ERRORS})
def get_situation(request, at: datetime | None = None, locality: str | None = None):
    principal, _actor = watcher(request, locality)
    return situation.snapshot(principal.locality, at=at)
