"""Forwarding reaches the organisation: an e-mail (through the outbox) with the case, its photos
and a secret link where the organisation, without an account, posts its progress and closes
its part; the citizen sees those updates on the tracking page and by LINE/SMS."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.crypto import token_digest
from thongthin.core.errors import NotFound
from thongthin.core.i18n import Message, for_records, render_in
from thongthin.core.models import Attachment
from thongthin.core.services import case_events
from thongthin.core.services.audit import audit_record
from thongthin.core.services.notifications import notify_citizen, notify_enqueue

from ..models import Complaint, Handover
from ..module import Audit
from ._common import TEXT_MAX, _refuse

HANDOVER_DAYS = 30


def handover_url(complaint: Complaint, token: str) -> str:
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    return f"{base}/{complaint.case.locality.slug}/complaints/handover/{token}/"


def handover_open(*, complaint: Complaint, organisation: str, email: str) -> Handover:
    """Inside the forwarding transaction: a link for the organisation and the e-mail carrying
    it (one per forwarding; nothing is sent when the transaction rolls back)."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except DjangoValidationError:
        raise _refuse(
            "email_invalid",
            _("'%(email)s' is not an e-mail address."),
            params={"email": email},
        ) from None
    case = complaint.case
    token = secrets.token_urlsafe(32)
    handover = Handover.objects.create(
        locality_id=complaint.locality_id,
        complaint=complaint,
        organisation=organisation[:200],
        email=email,
        token_hash=token_digest(token),
        expires_at=timezone.now() + timedelta(days=HANDOVER_DAYS),
    )
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    photos = [
        f"{base}{a.url}"
        for a in Attachment.objects.for_locality(complaint.locality_id).filter(
            case=case, public=True
        )
    ]
    lines = [
        Message(
            _("%(locality)s forwards case %(number)s to %(organisation)s."),
            locality=case.locality.name_th,
            number=case.number,
            organisation=organisation,
        ),
        case.title,
        case.description,
        Message(_("Place: %(address)s"), address=case.address or "-"),
    ]
    if case.lat is not None:
        lines.append(
            f"https://www.openstreetmap.org/?mlat={case.lat}&mlon={case.lon}#map=18/{case.lat}/{case.lon}"
        )
    lines += photos
    lines.append(
        Message(
            _(
                "Post your progress and close your part here, no account needed (valid %(days)s "
                "days, for this case only): %(url)s"
            ),
            days=HANDOVER_DAYS,
            url=handover_url(complaint, token),
        )  # fmt: skip
    )
    notify_enqueue(
        locality=case.locality,
        channel="email",
        recipient=email,
        payload={
            "subject": render_in("th", Message(_("Case %(number)s"), number=case.number)),
            "text": "\n\n".join(render_in("th", line) for line in lines if line),
        },
        dedupe_key=f"handover:{handover.pk}",
    )
    return handover


def handover_get(token: str) -> Handover:
    """The handover a link carries, while it works; "not found" otherwise (unknown, expired,
    or closed links all look the same). The token is the credential, so the lookup crosses
    localities on purpose."""
    handover = (
        Handover.objects.unscoped()
        .select_related("complaint__case__locality")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    if handover is None or handover.expires_at <= timezone.now():
        raise NotFound()
    return handover


def handover_post(*, token: str, message: str, close: bool, ip: str | None = None) -> Handover:
    """The organisation's update (public on the case's timeline, told to the citizen); with
    ``close`` it also closes its part, after which the link stops taking updates."""
    message = (message or "").strip()
    if not message:
        raise _refuse("message_required", _("Write what was done or what happens next."))
    if len(message) > TEXT_MAX:
        raise _refuse("message_too_long", _("At most %(n)s characters."), params={"n": TEXT_MAX})
    with transaction.atomic():
        handover = handover_get(token)
        locked = Handover.objects.unscoped().select_for_update().get(pk=handover.pk)
        if locked.closed_at is not None:
            raise _refuse("handover_closed", _("Your part of this case is already closed."))
        case = handover.complaint.case
        text = for_records(
            Message(
                _("%(organisation)s: %(message)s")
                if not close
                else _("%(organisation)s closed its part: %(message)s"),
                organisation=handover.organisation,
                message=message,
            )
        )
        event = case_events.event_note(
            case, actor=None, actor_label=handover.organisation[:60], message=text, public=True
        )
        if close:
            locked.closed_at = timezone.now()
            locked.save(update_fields=["closed_at"])
        audit_record(
            action=Audit.HANDOVER_UPDATE,
            locality=case.locality,
            actor_label=f"handover:{handover.organisation}"[:200],
            obj=case,
            ip=ip,
            detail={"handover": handover.pk, "closed": close},
        )
        notify_citizen(
            locality=case.locality,
            citizen=case.reporter,
            text=Message(_("Case %(number)s: %(text)s"), number=case.number, text=text),
            dedupe_key=f"case:{case.pk}:event:{event.pk}",
        )
    locked.complaint = handover.complaint
    return locked
