"""One-time links: issued (an invitation or a new password), sent through the outbox or shown
once, opened and spent."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...crypto import token_digest
from ...errors import ValidationFailed
from ...i18n import Message, render_in
from ...models import Invitation, Locality, User
from ..audit import AuditAction, audit_record
from ..notifications import notify_enqueue
from ._common import INVITATION_DAYS, RESET_HOURS


def invitation_url(token: str) -> str:
    return f"{settings.THONGTHIN['PUBLIC_BASE_URL']}/staff/welcome/{token}/"


def _send_link(
    *, locality: Locality, user: User, invitation: Invitation, token: str, channel: str
) -> None:
    url = invitation_url(token)
    if invitation.purpose == Invitation.Purpose.INVITE:
        text = Message(
            _("%(locality)s invites you to Thongthin. Set your password here (valid %(days)s "
              "days, once): %(url)s"),
            locality=locality.name_th, days=INVITATION_DAYS, url=url,
        )  # fmt: skip
    else:
        text = Message(
            _("Set a new Thongthin password here (valid %(hours)s hours, once): %(url)s"),
            hours=RESET_HOURS, url=url,
        )  # fmt: skip
    recipient = user.email if channel == "email" else user.phone
    rendered = render_in("th", text)
    notify_enqueue(
        locality=locality,
        channel=channel,
        recipient=recipient,
        payload={"text": rendered, "subject": render_in("th", _("Thongthin: set your password"))},
        dedupe_key=f"invitation:{invitation.pk}",
    )


def _channel_for(user: User, channel: str) -> str:
    """Where the link goes: the channel asked for if the person can be reached there; "link"
    means the admin copies it (to send in LINE, say) and nothing is sent."""
    if channel == "email" and not user.email:
        raise ValidationFailed(
            _("Give an e-mail address to send the link by e-mail."), code="email_required"
        )
    if channel == "sms":
        if not user.phone:
            raise ValidationFailed(
                _("Give a mobile number to send the link by SMS."), code="phone_required"
            )
        if not settings.THONGTHIN["SMS_GATEWAY_URL"]:
            raise ValidationFailed(
                _("No SMS gateway is set up on this server."), code="sms_unavailable"
            )
    if channel not in ("email", "sms", "link"):
        raise ValidationFailed(_("Unknown channel."), code="channel_unknown")
    return channel


def _link_issue(
    *, locality: Locality, user: User, purpose: str, channel: str, actor: User | None
) -> tuple[Invitation, str]:
    """A new one-time link for ``user`` (earlier unused ones stop working); sent through the
    outbox unless ``channel`` is "link". Call inside a transaction."""
    Invitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
    token = secrets.token_urlsafe(32)
    lifetime = (
        timedelta(days=INVITATION_DAYS)
        if purpose == Invitation.Purpose.INVITE
        else timedelta(hours=RESET_HOURS)
    )
    invitation = Invitation.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_digest(token),
        channel=channel,
        created_by=actor,
        expires_at=timezone.now() + lifetime,
    )
    if channel != "link":
        _send_link(
            locality=locality, user=user, invitation=invitation, token=token, channel=channel
        )
    return invitation, token


LINK_USED = _("This link has already been used. Log in, or ask your administrator for a new one.")


def invitation_open(token: str) -> Invitation:
    """The invitation a link carries, if it can still be used; ValidationFailed otherwise
    (used, expired, or never issued all read the same)."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=token_digest(token)).first()
    )
    if invitation is None:
        raise ValidationFailed(
            _("This link is not valid. Ask your administrator for a new one."),
            code="invitation_invalid",
        )
    if invitation.used_at is not None:
        raise ValidationFailed(LINK_USED, code="invitation_used")
    if invitation.expires_at <= timezone.now() or not invitation.user.is_active:
        raise ValidationFailed(
            _("This link has expired. Ask your administrator for a new one."),
            code="invitation_expired",
        )
    return invitation


PASSWORD_REASONS = {
    "password_too_short": _("it needs at least %(min_length)s characters."),
    "password_too_common": _("it is one of the passwords people guess first."),
    "password_entirely_numeric": _("it cannot be digits only."),
    "password_too_similar": _("it is too like your name or username."),
}


def _password_reason(error: DjangoValidationError) -> str:
    """Django's password checks, said in the reader's language (Django's Thai is incomplete)."""
    reason = PASSWORD_REASONS.get(error.code or "")
    if reason is None:
        return " ".join(error.messages)
    return str(reason) % (error.params or {})


def invitation_accept(*, token: str, password: str, ip: str | None = None) -> User:
    """Set the password the link was for, once; the link is spent in the same transaction."""
    with transaction.atomic():
        invitation = invitation_open(token)
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.used_at is not None:
            raise ValidationFailed(LINK_USED, code="invitation_used")
        user = invitation.user
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationFailed(
                _("Choose another password: %(reasons)s"),
                code="password_weak",
                params={"reasons": " ".join(_password_reason(e) for e in exc.error_list)},
            ) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        audit_record(
            action=AuditAction.INVITATION_ACCEPTED,
            locality=user.locality,
            actor=user,
            obj=user,
            ip=ip,
            detail={"purpose": invitation.purpose},
        )
    return user
