"""The case engine's tables: cases, their timeline, attachments and per-locality numbering.

Modules extend a case with their own one-to-one model instead of widening this table.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..tenancy import TenantModel


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    LINE = "line", "LINE"
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    API = "api", "API"
    OPEN311 = "open311", "Open311"


class Priority(models.TextChoices):
    LOW = "low", pgettext_lazy("priority", "Low")
    NORMAL = "normal", pgettext_lazy("priority", "Normal")
    HIGH = "high", pgettext_lazy("priority", "High")
    URGENT = "urgent", pgettext_lazy("priority", "Urgent")


class SlaMode(models.TextChoices):
    CALENDAR = "calendar", _("calendar hours")
    WORKING = "working", _("working hours")


class CaseSequence(TenantModel):
    """Last number handed out for (locality, prefix, Buddhist year)."""

    # Indexes here lead with the locality, so it needs none of its own (see ``Case``).
    locality = models.ForeignKey(
        "core.Locality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    prefix = models.CharField(max_length=8)
    year_be = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "prefix", "year_be"], name="case_sequence_once"
            )
        ]


class Case(TenantModel):
    # Every index of the table leads with the locality, so it needs none of its own; on SQLite
    # each index is one more page written by every filing (the one write lock waits for it).
    locality = models.ForeignKey(
        "core.Locality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=40)
    number = models.CharField(max_length=30)  # ร-2569-000042
    tracking_code = models.CharField(max_length=16)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=30)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    category = models.CharField(max_length=60, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    h3_cell = models.CharField(max_length=16, blank=True)
    address = models.CharField(max_length=300, blank=True)
    subdistrict = models.ForeignKey(
        "core.SubDistrict", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Indexed only where set (``case_reporter_set``): API and imported cases have none.
    reporter = models.ForeignKey(
        "core.Citizen",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        db_index=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Indexed only where set (``case_assignee_set``): a new case has no one yet.
    assignee = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    sla_mode = models.CharField(max_length=10, choices=SlaMode.choices, default=SlaMode.CALENDAR)
    sla_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "number"], name="case_locality_number"),
            models.UniqueConstraint(
                fields=["locality", "tracking_code"], name="case_locality_tracking"
            ),
        ]
        indexes = [
            models.Index(fields=["locality", "status", "-created_at"], name="case_queue"),
            models.Index(fields=["locality", "-created_at", "-id"], name="case_recent"),
            models.Index(fields=["locality", "assignee", "status"], name="case_assignee"),
            models.Index(fields=["locality", "h3_cell"], name="case_h3"),
            # "Open cases of this category near here" (duplicate checks) without scanning
            # every case in the neighbourhood.
            models.Index(
                fields=["locality", "category", "status", "h3_cell"], name="case_category_h3"
            ),
            # Newest cases of a category (public lists), read in order without a sort.
            models.Index(fields=["locality", "category", "-id"], name="case_category_recent"),
            # A citizen's or a staff member's cases (and their deletion), without an entry for
            # every case that has none.
            models.Index(
                fields=["reporter"], condition=Q(reporter__isnull=False), name="case_reporter_set"
            ),
            models.Index(
                fields=["assignee"], condition=Q(assignee__isnull=False), name="case_assignee_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseEvent(TenantModel):
    """One entry on a case's timeline; ``public`` ones show on the tracking page."""

    locality = models.ForeignKey(
        "core.Locality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=30)  # created, transition, assigned, note, attachment
    action = models.CharField(max_length=40, blank=True)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    public = models.BooleanField(default=False)
    actor = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["locality", "case", "at"], name="case_event_timeline"),
            # Citizens' and the system's entries have no actor: indexed only where one is.
            models.Index(
                fields=["actor"], condition=Q(actor__isnull=False), name="case_event_actor_set"
            ),
        ]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.locality_id}/{instance.sha256[:2]}/{instance.sha256}{filename}"


class Attachment(TenantModel):
    locality = models.ForeignKey("core.Locality", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    thumbnail = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200, blank=True)
    public = models.BooleanField(default=True)
    # Held by a module that serves it only through its own checked, audited view (a home
    # visit's photo): the generic /files/ address never serves it, whoever asks.
    guarded = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def key(self) -> str:
        """Id plus a piece of the content hash, so file URLs cannot be enumerated."""
        return f"{self.pk}-{self.sha256[:16]}"

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("attachment", args=[self.key, "file"])

    @property
    def thumbnail_url(self) -> str:
        from django.urls import reverse

        return reverse("attachment", args=[self.key, "thumb"]) if self.thumbnail else ""
