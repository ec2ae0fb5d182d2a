"""Invite, change, deactivate, reset: a locality admin keeps its staff (never deletes them)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...errors import NotFound, PermissionDenied
from ...models import Invitation, Locality, User
from ..audit import AuditAction, audit_record
from ._common import (
    StaffIn,
    _changes,
    _check_role,
    _clean_person,
    _department,
    _gate,
    _snapshot,
    _username_for,
)
from .links import _channel_for, _link_issue, invitation_url


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
    from ...access import has_capability
    from ...module import ADMINISTER

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
