"""The counter queue on LINE: "คิว" (queue, giliran) shows the lines as buttons; pressing one
takes a ticket, answered with its number, how many are ahead and its live page; when it is
called, LINE says to which counter. These handlers run before the complaint conversation and
stop it for the messages they answer."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import DomainError
from thongthin.core.i18n import Localized, Message, localized
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.line import line_citizen, line_reply

from .models import QueueGroup
from .services import queue as q

WORDS = {"คิว", "บัตรคิว", "รับคิว", "queue", "ticket", "giliran", "nombor giliran"}
PREFIX = "queue:take:"


def on_text(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    text = ((event.get("message") or {}).get("text") or "").strip().lower()
    if text not in WORDS:
        return
    citizen = line_citizen(locality=locality, citizen=citizen, event=event)
    if citizen is None:
        return
    event["_handled"] = True
    groups = list(QueueGroup.objects.for_locality(locality).filter(active=True)[:13])
    if not groups:
        line_reply(
            locality=locality, citizen=citizen, event=event,
            text=_("The counter queue is not set up yet."),
        )  # fmt: skip
        return
    buttons = [
        {"label": f"{g.letter} {localized(g, 'name')}"[:20], "data": f"{PREFIX}{g.letter}"}
        for g in groups
    ]
    line_reply(
        locality=locality, citizen=citizen, event=event,
        text=_("Which queue? Press a button to take a ticket for the counter today."),
        quick_replies=buttons,
    )  # fmt: skip


def on_postback(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    data = str((event.get("postback") or {}).get("data", ""))
    if not data.startswith(PREFIX):
        return
    citizen = line_citizen(locality=locality, citizen=citizen, event=event)
    if citizen is None:
        return
    event["_handled"] = True
    group = (
        QueueGroup.objects.for_locality(locality)
        .filter(active=True, letter=data[len(PREFIX) :][:1])
        .first()
    )
    if group is None:
        return
    try:
        ticket = q.ticket_take(
            locality=locality, group=group, channel="line", citizen=citizen,
            once_per_citizen=True, remote=True,
        )  # fmt: skip
    except DomainError as exc:
        line_reply(locality=locality, citizen=citizen, event=event, text=exc.message)
        return
    link = settings.THONGTHIN["PUBLIC_BASE_URL"] + reverse(
        "eservices:ticket", kwargs={"slug": locality.slug, "token": ticket.token}
    )
    line_reply(
        locality=locality, citizen=citizen, event=event,
        text=Message(
            _("Your queue ticket: %(code)s (%(group)s). Waiting before you: %(ahead)s. "
              "We will tell you here when you are called. Follow it: %(link)s"),
            code=ticket.code, group=Localized(group, "name"), ahead=q.ticket_ahead(ticket),
            link=link,
        ),
    )  # fmt: skip
