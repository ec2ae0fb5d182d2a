"""SOS over LINE: "SOS" (or ฉุกเฉิน, ช่วยด้วย, 1669), then the location, and the incident is
on the dispatcher's board. These handlers run before the complaint conversation and stop it for
the messages they answer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import DomainError
from thongthin.core.i18n import Message, render_in
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.line import line_citizen, line_reply

from . import services
from .models import LineSos

# Thai, English and Malay (kecemasan: emergency; tolong: help).
WORDS = {"sos", "ฉุกเฉิน", "แจ้งเหตุฉุกเฉิน", "ช่วยด้วย", "1669", "emergency", "kecemasan", "tolong"}
PENDING = timedelta(minutes=15)


def _say(locality: Locality, citizen: Citizen, event: dict, text, *, ask_location=False) -> None:
    """Answer in the citizen's language; ``ask_location`` adds the "Send location" button."""
    quick = None
    if ask_location:
        quick = [{"type": "location", "label": render_in(citizen.language, _("Send location"))}]
    line_reply(locality=locality, citizen=citizen, event=event, text=text, quick_replies=quick)


def _pending(locality: Locality, citizen: Citizen) -> LineSos | None:
    return (
        LineSos.objects.for_locality(locality)
        .filter(citizen=citizen, started_at__gte=timezone.now() - PENDING)
        .first()
    )


def on_text(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    text = ((event.get("message") or {}).get("text") or "").strip()
    if text.lower() not in WORDS:
        if citizen is None:
            return
        if pending := _pending(locality, citizen):
            services.sos_line_note(pending=pending, text=text)
            event["_handled"] = True
        elif incident := services.sos_open(locality=locality, citizen=citizen):
            # After the SOS: what they type (their phone number, the patient's state) goes to
            # the dispatcher, not into a complaint.
            services.sos_add_note(incident=incident, text=text)
            event["_handled"] = True
        return
    citizen = line_citizen(locality=locality, citizen=citizen, event=event)
    if citizen is None:
        return
    services.sos_line_begin(locality=locality, citizen=citizen)
    event["_handled"] = True
    _say(
        locality, citizen, event,
        _("🚑 Emergency: press \"Send location\" to share where you are and type what happened. "
          "If someone is unconscious or not breathing, call 1669 now."),
        ask_location=True,
    )  # fmt: skip


def on_location(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    if citizen is None:
        return
    pending = _pending(locality, citizen)
    if pending is None:
        return
    event["_handled"] = True
    message = event.get("message") or {}
    try:
        incident = services.sos_line_locate(
            pending=pending,
            lat=message.get("latitude"),
            lon=message.get("longitude"),
            address=str(message.get("address") or ""),
        )
    except DomainError as exc:
        # The error's message is read in the citizen's language, like the rest of the answer.
        _say(
            locality, citizen, event,
            Message(_("Could not use this location: %(reason)s"), reason=exc),
            ask_location=True,
        )  # fmt: skip
        return
    _say(
        locality, citizen, event,
        Message(
            _("The dispatch room has your emergency, number %(number)s. Type your phone number "
              "so they can call you back."),
            number=incident.case.number,
        ),
    )  # fmt: skip
