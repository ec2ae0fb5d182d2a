"""A locality's staff, kept by its admin on the web: invitations (a one-time link; the person
sets their own password), roles and divisions, deactivation (never deletion: the audit trail
keeps them), password resets by a new link, and many at once from a CSV file."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import modules, thai
from ..crypto import token_digest
from ..errors import NotFound, PermissionDenied, ValidationFailed
from ..i18n import Message, render_in
from ..models import Department, Invitation, Locality, User
from ..models.accounts import PLATFORM_ADMIN
from .audit import AuditAction, audit_record
from .notifications import notify_enqueue

INVITATION_DAYS = 7
RESET_HOURS = 24
IMPORT_ROWS_MAX = 500
IMPORT_HEADER = ("first_name", "last_name", "email", "phone", "role", "division")
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


def invitation_url(token: str) -> str:
    return f"{settings.THONGTHIN['PUBLIC_BASE_URL']}/staff/welcome/{token}/"


def _snapshot(user: User) -> dict[str, object]:
    return {
        "role": user.role,
        "division": user.department.code if user.department is not None else "",
        "is_active": user.is_active,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
    }


def _changes(before: dict, after: dict) -> dict[str, list[object]]:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def _check_role(role: str) -> None:
    """A locality admin gives only their locality's roles, never the platform admin's."""
    if role not in modules.roles() or role == PLATFORM_ADMIN:
        raise ValidationFailed(
            _("Unknown role '%(role)s'."), code="unknown_role", params={"role": role}
        )


def _gate(*, actor: User, locality: Locality) -> None:
    """Only this locality's admin (or a platform admin) keeps its staff; anyone else is told
    there is nothing here."""
    from ..access import has_capability
    from ..module import ADMINISTER

    if not has_capability(actor, locality, ADMINISTER):
        raise NotFound()


def staff_of(*, actor: User, locality: Locality, pk: int) -> User:
    """One staff member of this locality, through the admin gate."""
    _gate(actor=actor, locality=locality)
    user = User.objects.filter(pk=pk, locality=locality).first()
    if user is None or (
        (user.is_platform_admin or user.is_superuser) and not actor.is_platform_admin
    ):
        raise NotFound()
    return user


def _department(locality: Locality, code: str) -> Department | None:
    if not code:
        return None
    department = Department.objects.for_locality(locality).filter(code=code).first()
    if department is None:
        raise ValidationFailed(
            _("No division '%(code)s' here."), code="division_unknown", params={"code": code}
        )
    return department


def _username_for(locality: Locality, email: str, first_name: str, last_name: str) -> str:
    """A free username from the e-mail's local part (or a Latin name), lower-case ASCII; for a
    Thai name without e-mail, the locality's web name and a number (khohong2)."""
    seed = email.split("@", 1)[0] if email else f"{first_name}.{last_name}"
    base = "".join(c for c in seed.lower() if c in USERNAME_CHARS).strip("._-")[:30]
    base = base if len(base) >= 3 else locality.slug[:30]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


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


@dataclass
class StaffIn:
    """A person to invite, as the form or a CSV row gives them."""

    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""
    role: str = "officer"
    division: str = ""
    username: str = ""


def _clean_person(person: StaffIn, *, user: User | None = None) -> StaffIn:
    """The person as typed, checked; ``user`` is who they already are (their own address is
    not "taken")."""
    first = person.first_name.strip()[:150]
    if not first:
        raise ValidationFailed(_("A first name is required."), code="first_name_required")
    email = person.email.strip().lower()
    if email:
        try:
            if len(email) > 254:
                raise DjangoValidationError("too long")
            validate_email(email)
        except DjangoValidationError:
            raise ValidationFailed(
                _("'%(email)s' is not an e-mail address."),
                code="email_invalid",
                params={"email": email},
            ) from None
        others = User.objects.filter(email__iexact=email, is_active=True)
        if user is not None:
            others = others.exclude(pk=user.pk)
        if others.exists():
            raise ValidationFailed(
                _("Someone already has the e-mail address '%(email)s'."),
                code="email_taken",
                params={"email": email},
            )
    phone = ""
    if person.phone.strip():
        phone = thai.normalize_thai_mobile(person.phone) or ""
        if not phone:
            raise ValidationFailed(
                _("The phone number is not a Thai mobile number."), code="phone_invalid"
            )
    username = person.username.strip().lower()
    if username:
        if set(username) - USERNAME_CHARS or len(username) > 150:
            raise ValidationFailed(
                _("A username has only letters a-z, digits, dots, dashes and underscores."),
                code="username_invalid",
            )
        if User.objects.filter(username=username).exists():
            raise ValidationFailed(
                _("The username '%(username)s' is taken."),
                code="username_taken",
                params={"username": username},
            )
    return StaffIn(
        first_name=first,
        last_name=person.last_name.strip()[:150],
        email=email,
        phone=phone,
        role=person.role.strip(),
        division=person.division.strip(),
        username=username,
    )


def staff_invite(
    *,
    locality: Locality,
    actor: User,
    person: StaffIn,
    channel: str = "email",
    ip: str | None = None,
) -> tuple[User, str]:
    """Create an account without a password and a one-time link to set it; returns the user
    and the link (shown to the admin once, to send by LINE when ``channel`` is "link")."""
    _gate(actor=actor, locality=locality)
    person = _clean_person(person)
    _check_role(person.role)
    department = _department(locality, person.division)
    with transaction.atomic():
        user = User(
            username=person.username
            or _username_for(locality, person.email, person.first_name, person.last_name),
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone=person.phone,
            role=person.role,
            locality=locality,
            department=department,
        )
        user.set_unusable_password()
        user.save()
        _channel_for(user, channel)
        _invitation, token = _link_issue(
            locality=locality,
            user=user,
            purpose=Invitation.Purpose.INVITE,
            channel=channel,
            actor=actor,
        )
        audit_record(
            action=AuditAction.STAFF_INVITED,
            locality=locality,
            actor=actor,
            obj=user,
            ip=ip,
            detail={"after": _snapshot(user), "username": user.username, "channel": channel},
        )
    return user, invitation_url(token)


def staff_update(
    *,
    locality: Locality,
    actor: User,
    user: User,
    role: str,
    division: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    ip: str | None = None,
) -> User:
    """Change someone's role, division or contacts. Nobody changes their own role (an admin
    cannot raise or drop themselves)."""
    _gate(actor=actor, locality=locality)
    if user.locality_id != locality.pk:
        raise NotFound()
    if user.pk == actor.pk and role != user.role:
        raise PermissionDenied(_("You cannot change your own role."), code="own_role")
    _check_role(role)
    cleaned = _clean_person(
        StaffIn(first_name=first_name, last_name=last_name, email=email, phone=phone, role=role),
        user=user,
    )
    department = _department(locality, division)
    before = _snapshot(user)
    with transaction.atomic():
        user.role, user.department = role, department
        user.first_name, user.last_name = cleaned.first_name, cleaned.last_name
        user.email, user.phone = cleaned.email, cleaned.phone
        user.save()
        changes = _changes(before, _snapshot(user))
        if "email" in changes or "phone" in changes:
            # A link sent to the old address must not outlive it.
            Invitation.objects.filter(user=user, used_at__isnull=True).update(
                expires_at=timezone.now()
            )
        if changes:
            audit_record(
                action=AuditAction.STAFF_UPDATED,
                locality=locality,
                actor=actor,
                obj=user,
                ip=ip,
                detail={"changes": changes},
            )
    return user


def staff_set_active(
    *, locality: Locality, actor: User, user: User, active: bool, ip: str | None = None
) -> User:
    """Deactivate (they can no longer log in; their name stays on every record) or bring back."""
    _gate(actor=actor, locality=locality)
    if user.locality_id != locality.pk:
        raise NotFound()
    if user.pk == actor.pk:
        raise PermissionDenied(_("You cannot deactivate yourself."), code="own_account")
    if user.is_active == active:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            Invitation.objects.filter(user=user, used_at__isnull=True).update(
                expires_at=timezone.now()
            )
        audit_record(
            action=AuditAction.STAFF_ACTIVATED if active else AuditAction.STAFF_DEACTIVATED,
            locality=locality,
            actor=actor,
            obj=user,
            ip=ip,
            detail={"changes": {"is_active": [not active, active]}},
        )
    return user


def staff_password_reset(
    *, locality: Locality, actor: User, user: User, channel: str, ip: str | None = None
) -> str:
    """A new one-time link for ``user`` to set a new password; the old password stops working
    at once (whoever knew it is locked out). Returns the link."""
    from ..access import has_capability
    from ..module import ADMINISTER

    _gate(actor=actor, locality=locality)
    if user.locality_id != locality.pk or not user.is_active:
        raise NotFound()
    if (
        channel == "link"
        and has_capability(user, locality, ADMINISTER)
        and not actor.is_platform_admin
    ):
        # Shown to another admin, the link would let them log in as this one.
        raise PermissionDenied(
            _("Another admin's new password link goes to them by e-mail or SMS."),
            code="admin_link",
        )
    with transaction.atomic():
        _channel_for(user, channel)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        _invitation, token = _link_issue(
            locality=locality,
            user=user,
            purpose=Invitation.Purpose.RESET,
            channel=channel,
            actor=actor,
        )
        audit_record(
            action=AuditAction.STAFF_PASSWORD_RESET,
            locality=locality,
            actor=actor,
            obj=user,
            ip=ip,
            detail={"channel": channel},
        )
    return invitation_url(token)


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


@dataclass
class ImportReport:
    # (line, person, the link to send them when it was not sent: channel "link")
    invited: list[tuple[int, User, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def staff_import(
    *,
    locality: Locality,
    actor: User,
    data: bytes,
    channel: str = "email",
    ip: str | None = None,
) -> ImportReport:
    """Invite everyone in a CSV file (header ``first_name,last_name,email,phone,role,division``,
    UTF-8, Excel's BOM allowed). Good rows are invited, bad ones reported with their line and
    reason; a wrong header refuses the whole file."""
    _gate(actor=actor, locality=locality)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(
            _("The file is not UTF-8 text. Save it as 'CSV UTF-8'."), code="csv_encoding"
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = tuple(h.strip().lower() for h in next(reader, []))
    if header != IMPORT_HEADER:
        raise ValidationFailed(
            _("The first line must be: %(header)s"),
            code="csv_header",
            params={"header": ",".join(IMPORT_HEADER)},
        )
    report = ImportReport()
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ValidationFailed(
            _("The file is not a CSV file this can read: %(error)s"),
            code="csv_invalid",
            params={"error": exc},
        ) from None
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if number - 1 > IMPORT_ROWS_MAX:
            report.refused.append(
                (number, str(_("More than %(max)s rows.") % {"max": IMPORT_ROWS_MAX}))
            )
            break
        if len(row) != len(IMPORT_HEADER):
            report.refused.append(
                (
                    number,
                    str(
                        _("%(found)s columns, %(expected)s expected.")
                        % {"found": len(row), "expected": len(IMPORT_HEADER)}
                    ),
                )
            )
            continue
        person = StaffIn(**dict(zip(IMPORT_HEADER[:5], row[:5], strict=True)), division=row[5])
        row_channel = channel
        if row_channel == "email" and not person.email.strip() and person.phone.strip():
            row_channel = "sms" if settings.THONGTHIN["SMS_GATEWAY_URL"] else "link"
        try:
            user, url = staff_invite(
                locality=locality, actor=actor, person=person, channel=row_channel, ip=ip
            )
        except ValidationFailed as exc:
            report.refused.append((number, str(exc.message)))
            continue
        report.invited.append((number, user, url if row_channel == "link" else ""))
    return report


def locality_onboard(
    *,
    actor: User,
    slug: str,
    type: str,
    name_th: str,
    name_en: str,
    province_id: int,
    center_lat: float | None,
    center_lon: float | None,
    subdistrict_codes: list[int],
    admin: StaffIn,
    channel: str,
    ip: str | None = None,
) -> tuple[Locality, User, str]:
    """A platform admin creates a locality and invites its first admin (who does the rest on
    the web). The centre defaults to the middle of its sub-districts. All or nothing."""
    from ..models import Province, SubDistrict
    from .accounts import locality_create

    if not actor.is_platform_admin:
        raise NotFound()
    province = Province.objects.filter(pk=province_id).first()
    if province is None:
        raise ValidationFailed(_("Unknown province."), code="province_unknown")
    subs = list(SubDistrict.objects.filter(pk__in=subdistrict_codes, district__province=province))
    missing = sorted(set(subdistrict_codes) - {s.pk for s in subs})
    if missing:
        raise ValidationFailed(
            _("Not sub-districts of %(province)s: %(codes)s"),
            code="subdistrict_province",
            params={"province": province.name_th, "codes": " ".join(map(str, missing))},
        )
    if center_lat is None or center_lon is None:
        points = [(s.lat, s.lon) for s in subs if s.lat is not None and s.lon is not None]
        if not points:
            raise ValidationFailed(
                _("Give the centre, or sub-districts to take it from."), code="centre_required"
            )
        center_lat = sum(p[0] for p in points) / len(points)
        center_lon = sum(p[1] for p in points) / len(points)
    admin = StaffIn(**{**admin.__dict__, "role": "locality_admin", "division": ""})
    with transaction.atomic():
        locality = locality_create(
            slug=slug,
            type=type,
            name_th=name_th.strip(),
            name_en=name_en.strip(),
            province=province,
            center_lat=center_lat,
            center_lon=center_lon,
            subdistrict_ids=[s.pk for s in subs],
            actor=actor,
        )
        user, url = staff_invite(
            locality=locality, actor=actor, person=admin, channel=channel, ip=ip
        )
    return locality, user, url
