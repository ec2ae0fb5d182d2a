"""The complaint conversation in a locality's LINE Official Account.

A citizen sends a photo, shares a location and types what is wrong, in any order. The bot
keeps a draft, asks for whatever is still missing, shows what it understood (category from the
classifier, nearby open cases: "is this yours?") and files the complaint when the citizen
confirms; the case number and tracking link come back in the chat, and later status changes
and the rating request arrive as pushes. Replies go through the outbox, so a LINE outage
delays them and loses nothing. Thai, or English when the user's LINE language is English.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongthin.core.errors import DomainError, NotFound
from thongthin.core.i18n import Localized, Message, render_in
from thongthin.core.models import Citizen, Locality
from thongthin.core.services.line import line_citizen, line_reply
from thongthin.core.thai import validate_point

from . import classifier, selectors, services
from .models import LineDraft

log = logging.getLogger("thongthin.complaints.line")

# What citizens type, in Thai, English and Malay (the deep south writes in Malay).
YES = {"ยืนยัน", "ใช่", "ตกลง", "ส่ง", "confirm", "yes", "ok", "send", "ya", "hantar"}
CANCEL = {"ยกเลิก", "cancel", "batal"}
NO_PHOTO = {"ไม่มีรูป", "ข้าม", "no photo", "skip", "tiada gambar", "langkau"}
START = {"แจ้งปัญหา", "ร้องทุกข์", "แจ้งเรื่อง", "report", "complaint", "aduan", "lapor"}


class LineFetchError(Exception):
    """LINE did not give us the content; the event stays pending and is retried."""


class _Joined:
    """Texts joined by ``separator``, each read in the reader's language when this is."""

    def __init__(self, separator: Any, parts: list[Any]) -> None:
        self.separator, self.parts = separator, parts

    def __str__(self) -> str:
        return str(self.separator).join(str(part) for part in self.parts)


def _say(
    locality: Locality,
    citizen: Citizen,
    event: dict,
    text: Any,
    quick: list[tuple[Any, str]] | None = None,
) -> None:
    """Queue a reply in the citizen's language; ``quick`` are (label, postback data) buttons."""
    labels = [(render_in(citizen.language, label), data) for label, data in quick or []]
    line_reply(
        locality=locality,
        citizen=citizen,
        event=event,
        text=text,
        quick_replies=[{"label": label, "data": data, "text": label} for label, data in labels],
    )


def _citizen(locality: Locality, citizen: Citizen | None, event: dict) -> Citizen | None:
    return line_citizen(locality=locality, citizen=citizen, event=event)


def _fetch_content(locality: Locality, message_id: str) -> bytes:
    base = settings.THONGTHIN["LINE_DATA_API_BASE_URL"]
    request = urllib.request.Request(  # noqa: S310 - LINE's host from the operator's settings
        f"{base}/v2/bot/message/{message_id}/content",
        headers={"Authorization": f"Bearer {locality.line_channel_access_token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.read(settings.THONGTHIN["UPLOAD_MAX_BYTES"] + 1)
    except (urllib.error.URLError, OSError) as exc:
        raise LineFetchError(f"LINE content {message_id}: {exc}") from exc


def _next_step(locality: Locality, citizen: Citizen, draft: LineDraft, event: dict) -> None:
    """Ask for what is missing, or show the summary and ask for confirmation."""
    missing = []
    if not draft.photo_ids and not draft.skip_photo:
        missing.append(_('send a photo of the problem (or type "no photo")'))
    if draft.lat is None:
        missing.append(_("share the location (+ then Location)"))
    if not draft.text.strip():
        missing.append(_("type what is wrong"))
    if missing:
        _say(
            locality, citizen, event,
            Message(_("Got it. Please %(steps)s."), steps=_Joined(_(" and "), missing)),
        )  # fmt: skip
        return
    prediction = classifier.classify(locality, draft.text)
    category = None
    if prediction is not None and prediction.confidence >= classifier.threshold():
        category = (
            selectors.categories(locality=locality).filter(code=prediction.category_code).first()
        )
    services.draft_ready(draft=draft)
    kind = Localized(category, "name") if category else _("an officer will sort it")
    assert draft.lat is not None and draft.lon is not None  # checked above
    nearby = services.duplicates_near(
        locality=locality, category=category, lat=draft.lat, lon=draft.lon, limit=3
    )
    quick: list[tuple[Any, str]] = [(pgettext_lazy("LINE button", "Send"), "complaint:confirm")]
    lines: list[Any] = [
        _("Your report"),
        Message(_("Category: %(category)s"), category=kind),
        Message(_("Details: %(details)s"), details=draft.text[:300]),
        Message(_("Photos: %(n)s"), n=len(draft.photo_ids)),
    ]
    if nearby:
        candidate = nearby[0].complaint
        first = candidate.case
        lines += [
            Message(
                _("Someone reported something similar %(distance)s m away: %(number)s %(title)s"),
                distance=round(nearby[0].distance_m),
                number=first.number,
                title=first.title,
            ),
            _('If it is the same, tap "Same problem" to follow it.'),
        ]
        quick.append(
            (pgettext_lazy("LINE button", "Same problem"), f"complaint:same:{candidate.pk}")
        )
    quick.append((pgettext_lazy("LINE button", "Cancel"), "complaint:cancel"))
    lines.append(_("Tap Send or type yes."))
    _say(locality, citizen, event, _Joined("\n", lines), quick)


def _file(locality: Locality, citizen: Citizen, draft: LineDraft, event: dict) -> None:
    try:
        services.draft_file(draft=draft, citizen=citizen)
    except DomainError as exc:
        _say(locality, citizen, event, Message(_("Could not file it: %(reason)s"), reason=exc))
    # The case number and tracking link arrive through the case engine's own notification.


def on_text(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    citizen = _citizen(locality, citizen, event)
    if citizen is None:
        return
    text = ((event.get("message") or {}).get("text") or "").strip()
    lowered = text.lower()
    draft = services.draft_get(locality=locality, citizen=citizen)
    if lowered in CANCEL:
        services.draft_discard(draft=draft)
        _say(locality, citizen, event, _("Cancelled your report."))
        return
    if draft.awaiting_confirm and lowered in YES:
        _file(locality, citizen, draft, event)
        return
    starting = lowered in START and not draft.text
    draft = services.draft_update(
        draft=draft,
        text="" if lowered in NO_PHOTO or starting else text,
        skip_photo=lowered in NO_PHOTO,
    )
    _next_step(locality, citizen, draft, event)


def on_image(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    citizen = _citizen(locality, citizen, event)
    if citizen is None:
        return
    draft = services.draft_get(locality=locality, citizen=citizen)
    if len(draft.photo_ids) >= services.PHOTOS_MAX:
        _say(locality, citizen, event, Message(_("At most %(n)s photos."), n=services.PHOTOS_MAX))
        return
    data = event.get("_content")
    if data is None:  # called without its prepare step
        data = _fetch_content(locality, str((event.get("message") or {}).get("id", "")))
    try:
        draft = services.draft_update(draft=draft, photo=data)
    except DomainError as exc:
        _say(locality, citizen, event, Message(_("Photo refused: %(reason)s"), reason=exc))
        return
    _next_step(locality, citizen, draft, event)


def _prefetch_image(locality: Locality, event: dict) -> None:
    event["_content"] = _fetch_content(locality, str((event.get("message") or {}).get("id", "")))


on_image.prepare = _prefetch_image  # type: ignore[attr-defined]


def on_location(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    citizen = _citizen(locality, citizen, event)
    if citizen is None:
        return
    message = event.get("message") or {}
    try:
        lat, lon = float(message["latitude"]), float(message["longitude"])
        validate_point(lat, lon)
    except (KeyError, TypeError, ValueError, DomainError):
        _say(
            locality, citizen, event, _("That location is not in Thailand; please share it again.")
        )
        return
    draft = services.draft_update(
        draft=services.draft_get(locality=locality, citizen=citizen),
        location=(lat, lon, str(message.get("address") or message.get("title") or "")),
    )
    _next_step(locality, citizen, draft, event)


def on_postback(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    citizen = _citizen(locality, citizen, event)
    if citizen is None:
        return
    data = str((event.get("postback") or {}).get("data", ""))
    parts = data.split(":")
    if parts[0] == "rate" and len(parts) == 3:
        _rate(locality, citizen, event, parts[1], parts[2])
        return
    if parts[0] != "complaint":
        return
    draft = LineDraft.objects.for_locality(locality).filter(citizen=citizen).first()
    if draft is None:
        _say(locality, citizen, event, _("There is no report in progress."))
        return
    if parts[1:] == ["confirm"] and draft.awaiting_confirm:
        _file(locality, citizen, draft, event)
    elif parts[1:] == ["cancel"]:
        services.draft_discard(draft=draft)
        _say(locality, citizen, event, _("Cancelled your report."))
    elif len(parts) == 3 and parts[1] == "same":
        try:
            complaint = selectors.access_public_complaint(locality=locality, pk=parts[2])
        except NotFound:
            return
        services.draft_follow(draft=draft, complaint=complaint, citizen=citizen)
        _say(
            locality, citizen, event,
            Message(
                _(
                    "Thank you. This was already reported (%(number)s); "
                    "we will tell you about its progress too."
                ),
                number=complaint.case.number,
            ),
        )  # fmt: skip


def _rate(locality: Locality, citizen: Citizen, event: dict, case_id: str, stars: str) -> None:
    try:
        complaint = selectors.access_complaint_of_reporter(
            locality=locality, citizen=citizen, case_id=case_id
        )
    except NotFound:
        return
    if not stars.isdigit():
        return
    try:
        services.complaint_rate(complaint=complaint, stars=int(stars))
    except DomainError as exc:
        _say(locality, citizen, event, exc)  # its message, read in the citizen's language
        return
    _say(
        locality, citizen, event,
        Message(
            _("Thank you for rating %(number)s %(stars)s stars."),
            number=complaint.case.number,
            stars=stars,
        ),
    )  # fmt: skip


def on_follow(locality: Locality, citizen: Citizen | None, event: dict) -> None:
    if citizen is None:
        return
    # The core set the citizen's language from their LINE profile when they followed.
    _say(
        locality, citizen, event,
        Message(
            _(
                "Hello from %(locality)s.\nTo report a problem: send a photo, share the location "
                "and type what is wrong."
            ),
            locality=Localized(locality, "name"),
        ),
    )  # fmt: skip
