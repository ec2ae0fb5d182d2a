"""Staff accounts with a locality, department and role; citizens who act with or without one."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from ..tenancy import TenantModel

# The core's roles; modules declare theirs, and what each may do, in their module.py.
PLATFORM_ADMIN = "platform_admin"
OFFICER = "officer"


class User(AbstractUser):
    """A staff member. Platform admins have no locality; everyone else has exactly one."""

    # Global on purpose (a reference table under Citus).
    tenant_global = "a username logs in before any locality is known"

    locality = models.ForeignKey(
        "core.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=40, default=OFFICER)
    phone = models.CharField(max_length=20, blank=True)
    line_user_id = models.CharField(max_length=64, blank=True)

    @property
    def is_platform_admin(self) -> bool:
        return self.role == PLATFORM_ADMIN

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Citizen(TenantModel):
    """A person who reports to a locality: anonymous, by LINE, or by phone.

    Personal data (name, phone, LINE id, national ID) is never shown publicly; staff reading it
    is audited. The national ID is kept only as a keyed hash and a masked form.
    """

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    display_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    line_user_id = models.CharField(max_length=64, blank=True)
    line_followed = models.BooleanField(default=False)
    language = models.CharField(max_length=8, default="th")
    national_id_hash = models.CharField(max_length=64, blank=True)
    national_id_masked = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "line_user_id"],
                condition=~models.Q(line_user_id=""),
                name="citizen_locality_line_user",
            ),
        ]
        indexes = [models.Index(fields=["locality", "phone"], name="citizen_locality_phone")]

    def __str__(self) -> str:
        return f"Citizen #{self.pk}"


class Invitation(models.Model):
    """A one-time link for a staff member to set their own password: the first one (an
    invitation) or a new one (a reset asked by their admin). Only a hash of the token is kept;
    the link works once, before it expires."""

    tenant_global = "a link is opened before anyone has logged in"

    class Purpose(models.TextChoices):
        INVITE = "invite"
        RESET = "reset"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.INVITE)
    token_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, blank=True)  # email, sms, link (copied by hand)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} for {self.user}"
