"""LINE for the war room: "รับแจ้งเตือน" then a location subscribes to warnings for that place;
"น้ำท่วม" / "ขอความช่วยเหลือ" / "อพยพ" then a location files a rescue request (a disaster case)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import DomainError
from thongthin.core.i18n import Message, render_in
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.line import line_citizen, line_reply

from .models import LinePending, Subscription
from .services.line_requests import (
    line_request_begin,
    line_request_locate,
    line_request_note,
)

# Thai, English and Malay (amaran: warnings; banjir: flood; bantuan: help; pindah: evacuate).
SUBSCRIBE = {"รับแจ้งเตือน", "แจ้งเตือนน้ำท่วม", "subscribe", "alerts", "amaran", "amaran banjir"}
RESCUE = {"น้ำท่วม", "ขอความช่วยเหลือ", "อพยพ", "flood", "rescue", "banjir", "bantuan", "pindah"}
PENDING = timedelta(minutes=15)


def _location_button(citizen: Citizen) -> list[dict]:
    """LINE's share-location button, labelled in the citizen's language."""
    return [{"type": "location", "label": render_in(citizen.language, _("Share location"))}]


def _say(locality: Locality, citizen: Citizen, event: dict, text, quick=None) -> None:
    line_reply(locality=locality, citizen=citizen, event=event, text=text, quick_replies=quick)


def on_text(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    text = ((event.get("message") or {}).get("text") or "").strip()
    word = text.lower()
    if word not in SUBSCRIBE and word not in RESCUE:
        if citizen is not None:
            pending = (
                LinePending.objects.for_locality(locality)
                .filter(citizen=citizen, started_at__gte=timezone.now() - PENDING, purpose="rescue")
                .first()
            )
            if pending is not None:  # what happened, while we wait for the location
                line_request_note(pending=pending, text=text)
                event["_handled"] = True
        return
    citizen = line_citizen(locality=locality, citizen=citizen, event=event)
    if citizen is None:
        return
    purpose = "subscribe" if word in SUBSCRIBE else "rescue"
    line_request_begin(locality=locality, citizen=citizen, purpose=purpose)
    event["_handled"] = True
    if purpose == "subscribe":
        _say(
            locality,
            citizen,
            event,
            _("Share your home's location to get warnings for that area."),
            _location_button(citizen),
        )
    else:
        _say(
            locality,
            citizen,
            event,
            _("Share where help is needed and type how many people and what they need."),
            _location_button(citizen),
        )


def on_location(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    if citizen is None:
        return
    pending = (
        LinePending.objects.for_locality(locality)
        .filter(citizen=citizen, started_at__gte=timezone.now() - PENDING)
        .first()
    )
    if pending is None:
        return
    event["_handled"] = True
    message = event.get("message") or {}
    lat, lon = message.get("latitude"), message.get("longitude")
    try:
        made = line_request_locate(
            pending=pending, lat=lat, lon=lon, address=str(message.get("address") or "")
        )
    except DomainError as exc:
        _say(
            locality,
            citizen,
            event,
            Message(_("Could not use this location: %(reason)s"), reason=exc),
            _location_button(citizen),
        )
        return
    if isinstance(made, Subscription):
        _say(locality, citizen, event, _("Done: you will get warnings for this area on LINE."))
    else:
        _say(
            locality,
            citizen,
            event,
            Message(
                _("The operations centre has your request, number %(number)s."),
                number=made.number,
            ),
        )
