"""Flood warnings and rescue requests begun on LINE: the word first ("รับแจ้งเตือน", "น้ำท่วม"),
then the location. ``line.py`` holds the conversation; these are its writes."""

from __future__ import annotations

from django.db import transaction

from thongthin.core import thai
from thongthin.core.models import Case, Citizen, Locality
from thongthin.core.models.cases import Channel

from ..models import LinePending, Subscription
from .people import incident_report


def line_request_begin(*, locality: Locality, citizen: Citizen, purpose: str) -> LinePending:
    pending, _created = LinePending.objects.for_locality(locality).update_or_create(
        locality=locality, citizen=citizen, defaults={"purpose": purpose, "text": ""}
    )
    return pending


def line_request_note(*, pending: LinePending, text: str) -> LinePending:
    """What happened, typed while we wait for the location of a rescue request."""
    pending.text = (pending.text + " " + text).strip()[:500]
    pending.save(update_fields=["text", "started_at"])
    return pending


def line_request_locate(
    *, pending: LinePending, lat: float | None, lon: float | None, address: str = ""
) -> Case | Subscription:
    """The location arrived: a subscription to warnings for that place, or a rescue request
    for the operations centre; the waiting ends either way."""
    locality, citizen = pending.locality, pending.citizen
    with transaction.atomic():
        made: Case | Subscription
        if pending.purpose == "subscribe":
            thai.validate_point(lat, lon)
            made = Subscription.objects.create(
                locality=locality, citizen=citizen, lat=lat, lon=lon, label=address[:100]
            )
        else:
            made = incident_report(
                locality=locality,
                category="rescue",
                lat=lat,
                lon=lon,
                citizen=citizen,
                description=pending.text or address,
                channel=Channel.LINE,
            )
        pending.delete()
    return made
