"""Care on LINE: a relative (or the person) links their LINE to a person in care by sending
the code on the person's card ("ดูแล K7Q2M9XA"); then a message with a blood pressure
("ความดัน 150/90", "150/90") or a finger-prick sugar ("น้ำตาล 130") is kept as a home reading
and answered with its colour band (an alert band also tells the nurses, as on the web), and
"ขอรถ" answers with the person's own page to ask for the Smart Car. Everything is answered
with the event's reply token. Messages from a LINE user linked to nobody pass on to the other
modules (the complaint conversation)."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import DomainError
from thongthin.core.i18n import Message
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.line import line_citizen, line_reply

from . import ncd
from .models import Contact, Person
from .services.clinic import reading_record
from .services.people import contact_link_line

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
LINK = re.compile(r"^(?:ดูแล|care|jaga)\s*([A-Za-z0-9]{8})$", re.IGNORECASE)
PRESSURE = re.compile(r"^(?:ความดัน|bp|tekanan(?: darah)?)?\s*(\d{2,3})\s*/\s*(\d{2,3})$", re.I)
SUGAR = re.compile(r"^(?:น้ำตาล|dtx|sugar|gula)\s*(\d{2,3})$", re.IGNORECASE)
RIDE = {"ขอรถ", "smart car", "รถรับส่ง", "kereta", "minta kereta"}


def _person_of(locality: Locality, citizen: Citizen) -> Person | None:
    """The person this LINE user is linked to: themself, else the latest they linked to."""
    own = (
        Person.objects.for_locality(locality)
        .filter(citizen=citizen, status=Person.Status.ACTIVE)
        .first()
    )
    if own is not None:
        return own
    contact = (
        Contact.objects.for_locality(locality)
        .filter(citizen=citizen, person__status=Person.Status.ACTIVE)
        .select_related("person")
        .order_by("-id")
        .first()
    )
    return contact.person if contact else None


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
    person = _person_of(locality, citizen)
    if person is None:
        return  # not linked: the message is for another module
    event["_handled"] = True
    if text.lower() in RIDE:
        page = settings.THONGTHIN["PUBLIC_BASE_URL"] + reverse(
            "care:my_care", args=[locality.slug, person.reading_token]
        )
        line_reply(
            locality=locality, citizen=citizen, event=event,
            text=Message(_("Ask for the Smart Car for %(name)s here: %(link)s"),
                         name=person.first_name, link=f"{page}#h-ride"),
        )  # fmt: skip
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
        line_reply(locality=locality, citizen=citizen, event=event, text=exc.message)
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
