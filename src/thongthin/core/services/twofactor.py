"""The second factor for staff log-ins (django-otp): a TOTP app and ten one-time recovery codes.

Who must use it: anyone who enrolled, platform admins and superusers (unless
``REQUIRE_2FA_PLATFORM_ADMINS`` is turned off, as the demo does), and, in a locality that
requires it (``Locality.require_2fa``), everyone there who may read citizens' personal data.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import has_capability
from ..module import PERSONAL_DATA
from .audit import AuditAction, audit_record

RECOVERY_CODES = 10
APP_DEVICE = "app"
RECOVERY_DEVICE = "recovery"


def has_device(user: Any) -> bool:
    return bool(user.is_authenticated) and django_otp.user_has_device(user)


def required_for(user: Any) -> bool:
    """Whether this signed-in person must pass the second factor before anything else."""
    if not user.is_authenticated:
        return False
    if has_device(user):
        return True
    if user.is_platform_admin or user.is_superuser:
        return bool(settings.THONGTHIN["REQUIRE_2FA_PLATFORM_ADMINS"])
    locality = user.locality
    return bool(
        locality is not None
        and locality.require_2fa
        and has_capability(user, locality, PERSONAL_DATA)
    )


def enrolment_start(user: Any) -> TOTPDevice:
    """A new key for this enrolment only: any earlier unconfirmed one is dropped, so a key
    someone else saw (with the password, before the owner enrolled) never becomes the one the
    owner confirms."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def enrolment_device(user: Any, pk: Any) -> TOTPDevice | None:
    """The unconfirmed device this session started enrolling, if it is still there."""
    if not isinstance(pk, int):
        return None
    return TOTPDevice.objects.filter(user=user, pk=pk, confirmed=False).first()


def secret_text(device: TOTPDevice) -> str:
    """The key for typing into an app by hand, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="TOTP")


def confirm(request: Any, device: TOTPDevice, token: str, *, ip: str | None) -> list[str] | None:
    """Confirm enrolment with a first code; returns the recovery codes (shown once) or None."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    user = request.user
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
        audit_record(
            action=AuditAction.TWO_FACTOR_ENROLLED,
            locality=user.locality,
            actor=user,
            obj=user,
            ip=ip,
        )
    django_otp.login(request, device)
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(request: Any, token: str, *, ip: str | None) -> bool:
    """Check a code against the person's devices (each throttles its own failures); a recovery
    code works once."""
    user = request.user
    device = django_otp.match_token(user, token.strip().replace(" ", ""))
    if device is None:
        audit_record(
            action=AuditAction.TWO_FACTOR_FAILED, locality=user.locality, actor=user, ip=ip
        )
        return False
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        audit_record(
            action=AuditAction.TWO_FACTOR_RECOVERY_USED,
            locality=user.locality,
            actor=user,
            obj=user,
            ip=ip,
        )
    return True


def reset(user: Any, *, actor_label: str) -> int:
    """Remove someone's second factor (a lost phone); they enrol again at their next log-in."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        audit_record(
            action=AuditAction.TWO_FACTOR_RESET,
            locality=user.locality,
            actor_label=actor_label,
            obj=user,
        )
    return removed
