"""What the staff services share: the person as typed and checked, the admin gate, audit
snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from ... import modules, thai
from ...errors import NotFound, ValidationFailed
from ...models import Department, Locality, User
from ...models.accounts import PLATFORM_ADMIN

INVITATION_DAYS = 7
RESET_HOURS = 24
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


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
    from ...access import has_capability
    from ...module import ADMINISTER

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
