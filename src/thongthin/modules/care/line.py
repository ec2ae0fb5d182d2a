"""Care on LINE: a relative (or the person) links their LINE to a person in care by sending
the code on the person's card ("ดูแล K7Q2M9XA"); then a message with a blood pressure
("ความดัน 150/90", "150/90") or a finger-prick sugar ("น้ำตาล 130") is kept as a home reading
and answered with its colour band (an alert band also tells the nurses, as on the web).
"ขอรถ" asks for the Smart Car in a few taps: for whom (when linked to several people), the
hospital, the appointment's day and time (LINE's date picker), how the person moves, a
companion, then a summary to confirm. The answers so far travel in each button's postback data,
so nothing is kept half-done; the ride is kept only at "confirm", once (a second tap answers that
the person already has a ride that day). Everything is answered with the event's reply token.
Messages from a LINE user linked to nobody pass on to the other modules (the complaint
conversation)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongthin.core import thai
from thongthin.core.errors import DomainError, ValidationFailed
from thongthin.core.i18n import Message, render_in
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.line import line_citizen, line_reply

from . import ncd, selectors
from .models import Ride
from .services.clinic import reading_record
from .services.people import contact_link_line
from .services.rides import ride_request, ride_time_check

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
LINK = re.compile(r"^(?:ดูแล|care|jaga)\s*([A-Za-z0-9]{8})$", re.IGNORECASE)
PRESSURE = re.compile(r"^(?:ความดัน|bp|tekanan(?: darah)?)?\s*(\d{2,3})\s*/\s*(\d{2,3})$", re.I)
SUGAR = re.compile(r"^(?:น้ำตาล|dtx|sugar|gula)\s*(\d{2,3})$", re.IGNORECASE)
RIDE = {"ขอรถ", "smart car", "รถรับส่ง", "kereta", "minta kereta"}


def on_text(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    raw = ((event.get("message") or {}).get("text") or "").strip()
    text = " ".join(raw.translate(THAI_DIGITS).split())
    link = LINK.match(text)
    if link:
        _link(locality, citizen, event, link.group(1).upper())
        return
    pressure, sugar = PRESSURE.match(text), SUGAR.match(text)
    if not (pressure or sugar or text.lower() in RIDE):
        return
    if citizen is None:
        return
    people = selectors.people_of_citizen(locality=locality, citizen=citizen)
    if not people:
        return  # not linked: the message is for another module
    person = people[0]
    event["_handled"] = True
    if text.lower() in RIDE:
        _ride(locality, citizen, event, {}, people)
        return
    try:
        reading, _new = reading_record(
            person=person,
            sbp=int(pressure.group(1)) if pressure else None,
            dbp=int(pressure.group(2)) if pressure else None,
            glucose=int(sugar.group(1)) if sugar else None,
            channel="line",
            client_id=_event_key(event),
        )
    except DomainError as exc:
        line_reply(locality=locality, citizen=citizen, event=event, text=exc)
        return
    answer = Message(
        _("Reading kept for %(name)s: %(band)s."),
        name=person.first_name,
        band=ncd.LABELS[reading.colour],
    )
    if reading.alert:
        answer = Message(
            _("Reading kept for %(name)s: %(band)s. The health centre's nurses have been told. "
              "If they feel unwell (chest pain, weakness, confusion), call 1669 now."),
            name=person.first_name,
            band=ncd.LABELS[reading.colour],
        )  # fmt: skip
    line_reply(locality=locality, citizen=citizen, event=event, text=answer)


def _event_key(event: dict) -> str:
    """The reading's id from the LINE event's own id, so a redelivered event is one reading."""
    import uuid

    source = str(event.get("webhookEventId") or (event.get("message") or {}).get("id") or "")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"line:{source}")) if source else ""


def _link(locality: Locality, citizen: Citizen | None, event: dict, code: str) -> None:
    citizen = line_citizen(locality=locality, citizen=citizen, event=event)
    if citizen is None:
        return
    person = contact_link_line(code=code, citizen=citizen)
    if person is None:
        return  # not a code of ours: perhaps a complaint that happens to look like one
    event["_handled"] = True
    line_reply(
        locality=locality, citizen=citizen, event=event,
        text=Message(
            _("This LINE is now linked to the care of %(name)s. Send a blood pressure like "
              "\"ความดัน 150/90\" or a sugar like \"น้ำตาล 130\"; send \"ขอรถ\" to ask for the "
              "Smart Car. You will get reminders here."),
            name=person.first_name,
        ),
    )  # fmt: skip


# -- asking for the Smart Car ------------------------------------------------------------------

RIDE_DATA = "care:ride:"  # then the answers so far: "p=12;h=3;t=2026-12-10T09:30;m=walks;c=1"
RIDE_CANCEL = "care:ride-cancel"
# Short enough for a LINE button (20 characters).
MOBILITY = {
    Ride.Mobility.WALKS: pgettext_lazy("LINE button", "Walks with help"),
    Ride.Mobility.WHEELCHAIR: pgettext_lazy("LINE button", "Wheelchair"),
    Ride.Mobility.STRETCHER: pgettext_lazy("LINE button", "Lies on a stretcher"),
}


def _state(data: str) -> dict[str, str]:
    pairs = (part.split("=", 1) for part in data[len(RIDE_DATA) :].split(";") if "=" in part)
    return {key: value[:40] for key, value in pairs if key in {"p", "h", "t", "m", "c", "ok"}}


def _data(state: dict[str, str], **more: str) -> str:
    return RIDE_DATA + ";".join(f"{k}={v}" for k, v in {**state, **more}.items())


def _ask(locality, citizen, event, text, buttons: list[dict]) -> None:
    line_reply(
        locality=locality, citizen=citizen, event=event, text=text,
        quick_replies=[
            {**b, "label": render_in(citizen.language, b["label"]),
             "text": render_in(citizen.language, b.get("text", b["label"]))}
            for b in buttons
        ],
    )  # fmt: skip


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _picker(state: dict[str, str]) -> dict:
    """LINE's date-and-time picker, from two hours from now to 90 days ahead (as the service)."""
    now = timezone.localtime()
    first = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return {
        "type": "datetime",
        "label": pgettext_lazy("LINE button", "Pick day and time"),
        "data": _data({k: v for k, v in state.items() if k not in {"t", "ok"}}),
        "initial": f"{first:%Y-%m-%dT%H:%M}",
        "min": f"{now + timedelta(hours=2):%Y-%m-%dT%H:%M}",
        "max": f"{now + timedelta(days=90):%Y-%m-%dT%H:%M}",
    }


def _ride(locality, citizen, event, state: dict[str, str], people) -> None:
    """One step of asking for a ride: ask for the first answer still missing, or keep it."""
    person = next((p for p in people if str(p.pk) == state.get("p")), None)
    if person is None and len(people) == 1 and "p" not in state:
        person = people[0]
    if person is None:
        _ask(
            locality,
            citizen,
            event,
            _("Who is the ride for?"),
            [{"label": p.first_name, "data": _data({"p": str(p.pk)})} for p in people[:12]],
        )
        return
    state = {**state, "p": str(person.pk)}
    hospitals = list(selectors.hospitals(locality).order_by("name")[:12])
    hospital = next((h for h in hospitals if str(h.pk) == state.get("h")), None)
    if not hospitals:
        line_reply(
            locality=locality,
            citizen=citizen,
            event=event,
            text=_("The Smart Car is not taking requests on LINE yet: call the office."),
        )
        return
    if hospital is None:
        _ask(
            locality,
            citizen,
            event,
            Message(
                _("A Smart Car ride for %(name)s. Which hospital is the appointment at?"),
                name=person.first_name,
            ),
            [{"label": h.name, "data": _data(state, h=str(h.pk))} for h in hospitals],
        )
        return
    moment = _moment(state.get("t", ""))
    if moment is not None:
        try:
            ride_time_check(moment)
        except ValidationFailed as exc:
            _ask(locality, citizen, event, exc, [_picker(state)])
            return
    else:
        _ask(
            locality,
            citizen,
            event,
            _("When is the appointment? Tap the button to pick the day and time (07:00–17:00)."),
            [_picker(state)],
        )
        return
    if state.get("m") not in Ride.Mobility.values:
        _ask(
            locality,
            citizen,
            event,
            Message(_("How does %(name)s move?"), name=person.first_name),
            [{"label": label, "data": _data(state, m=code)} for code, label in MOBILITY.items()],
        )
        return
    if state.get("c") not in {"0", "1"}:
        _ask(
            locality,
            citizen,
            event,
            _("Will someone go with them?"),
            [
                {
                    "label": pgettext_lazy("LINE button", "With a companion"),
                    "data": _data(state, c="1"),
                },
                {"label": pgettext_lazy("LINE button", "Alone"), "data": _data(state, c="0")},
            ],
        )
        return
    summary = Message(
        _(
            "Smart Car for %(name)s to %(hospital)s, appointment %(day)s at %(time)s; "
            "%(how)s%(companion)s."
        ),
        name=person.first_name,
        hospital=hospital.name,
        day=thai.format_date_input(timezone.localdate(moment)),
        time=f"{timezone.localtime(moment):%H:%M}",
        how=Ride.Mobility(state["m"]).label,
        companion=_(", with a companion") if state["c"] == "1" else "",
    )
    if state.get("ok") != "1":
        _ask(
            locality,
            citizen,
            event,
            Message(_("%(summary)s Ask for it?"), summary=summary),
            [
                {
                    "label": pgettext_lazy("LINE button", "Ask for the ride"),
                    "data": _data(state, ok="1"),
                },
                {"label": pgettext_lazy("LINE button", "Cancel"), "data": RIDE_CANCEL},
            ],
        )
        return
    try:
        ride_request(
            person=person,
            hospital_id=hospital.pk,
            appointment_at=moment,
            mobility=state["m"],
            companion=state["c"] == "1",
            asked_by=citizen.display_name or "LINE",
            channel="line",
            citizen=citizen,
        )
    except ValidationFailed as exc:
        field = (exc.detail or {}).get("field") if isinstance(exc.detail, dict) else None
        again = [_picker(state)] if field == "appointment_at" else []
        _ask(locality, citizen, event, exc, again)  # the error, read in the citizen's language
        return
    line_reply(
        locality=locality,
        citizen=citizen,
        event=event,
        text=Message(
            _("Asked: %(summary)s The pick-up time comes here the day before."), summary=summary
        ),
    )


def on_postback(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    postback = event.get("postback") or {}
    data = str(postback.get("data", ""))
    if not (data.startswith(RIDE_DATA) or data == RIDE_CANCEL) or citizen is None:
        return
    event["_handled"] = True
    if data == RIDE_CANCEL:
        line_reply(locality=locality, citizen=citizen, event=event,
                   text=_("No ride was asked for. Send \"ขอรถ\" to start again."))  # fmt: skip
        return
    people = selectors.people_of_citizen(locality=locality, citizen=citizen)
    if not people:
        line_reply(
            locality=locality, citizen=citizen, event=event,
            text=_("This LINE is not linked to anyone in care. Send the code on the person's "
                   "card, like \"ดูแล K7Q2M9XA\"."),
        )  # fmt: skip
        return
    state = _state(data)
    if state.get("p") and not any(str(p.pk) == state["p"] for p in people):
        state = {}  # a button for someone no longer linked, or no longer in care: ask again
    picked = (postback.get("params") or {}).get("datetime")
    if picked:
        state["t"] = str(picked)[:16]
    _ride(locality, citizen, event, state, people)
