"""An SOS begun on LINE: "SOS" first, then the location. Between the two the citizen is
waiting (``LineSos``); what they type meanwhile goes with the call. ``line.py`` holds the
conversation; these are its writes."""

from __future__ import annotations

from django.db import transaction

from thongthin.core.models import Citizen, Locality

from ..models import Incident, LineSos, Source
from .incidents import sos_create


def sos_line_begin(*, locality: Locality, citizen: Citizen) -> LineSos:
    pending, _created = LineSos.objects.for_locality(locality).update_or_create(
        locality=locality, citizen=citizen, defaults={"reason": ""}
    )
    return pending


def sos_line_note(*, pending: LineSos, text: str) -> LineSos:
    pending.reason = (pending.reason + " " + text).strip()[:500]
    pending.save(update_fields=["reason", "started_at"])
    return pending


def sos_line_locate(
    *, pending: LineSos, lat: float | None, lon: float | None, address: str = ""
) -> Incident:
    """The location arrived: the SOS goes to the dispatch room and the waiting ends."""
    with transaction.atomic():
        incident, _created = sos_create(
            locality=pending.locality,
            citizen=pending.citizen,
            lat=lat,
            lon=lon,
            reason=(pending.reason or address or "")[:500],
            source=Source.LINE,
        )
        pending.delete()
    return incident
