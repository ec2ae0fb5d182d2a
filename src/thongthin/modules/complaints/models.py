"""The complaints module's tables. A complaint is a core :class:`~thongthin.core.models.Case`
of kind "complaint" plus the one-to-one :class:`Complaint` row holding what only complaints
have: the category and its classification, forwarding, merging, the rating and reopen count."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thongthin.core.models.cases import SlaMode
from thongthin.core.tenancy import TenantModel


class Category(TenantModel):
    """A locality's complaint category, routed to one department with a service window."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=40)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    name_ms = models.CharField(max_length=100, blank=True)
    # The Traffy Fondue type this category stands for ("ถนน"); empty for a locality's own ones.
    traffy_type = models.CharField(max_length=60, blank=True)
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sla_hours = models.PositiveIntegerField(default=48)
    sla_mode = models.CharField(max_length=10, choices=SlaMode.choices, default=SlaMode.CALENDAR)
    # Distance within which a new report may be a duplicate of an open one (FixMyStreet: 250 m).
    duplicate_radius_m = models.PositiveIntegerField(default=250)
    keywords = models.CharField(max_length=300, blank=True)
    # Extra questions, as Open311 service-definition attributes:
    # [{"code", "datatype", "required", "description", "values": [{"key", "name"}]}]
    attributes = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "code"], name="complaint_category_code")
        ]

    def __str__(self) -> str:
        return self.name_th


class Complaint(TenantModel):
    class Classified(models.TextChoices):
        CITIZEN = "citizen", _("chosen by the reporter")
        MODEL = "model", _("classifier")
        STAFF = "staff", _("set by staff")
        IMPORT = "import", _("imported")
        NONE = "none", _("waiting for a person")

    # The constraints and indexes lead with the locality, so it needs no index of its own.
    locality = models.ForeignKey(
        "core.Locality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # One per case: unique with the locality (the scale path), so a plain foreign key.
    case = models.ForeignKey("core.Case", on_delete=models.CASCADE, related_name="complaints")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    # Traffy's multi-label type, kept as imported or as the reporter chose ("ถนน,ทางเท้า").
    labels = models.CharField(max_length=200, blank=True)
    classified_by = models.CharField(
        max_length=10, choices=Classified.choices, default=Classified.CITIZEN
    )
    confidence = models.FloatField(null=True, blank=True)
    needs_triage = models.BooleanField(default=False)
    outside_area = models.BooleanField(default=False)
    # Filed with an address only (Open311 allows it): waits for an officer to place it.
    needs_location = models.BooleanField(default=False)
    forwarded_to = models.CharField(max_length=200, blank=True)
    forward_reason = models.TextField(blank=True)
    # Indexed only where set (``complaint_merged_set``): few complaints are merged.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        db_index=False,
    )
    show_name = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=40, blank=True)  # Traffy ticket_id on import
    source = models.CharField(max_length=20, blank=True)  # "traffy" for imported rows
    attributes = models.JSONField(default=dict, blank=True)  # answers to the category's questions
    media_url = models.URLField(max_length=500, blank=True)  # a photo link given, not hosted
    # Map cells at coarse resolutions, so the map aggregates without computing them per query.
    cell_r5 = models.CharField(max_length=16, blank=True)
    cell_r7 = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "case"], name="complaint_case_once"),
            models.UniqueConstraint(
                fields=["locality", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="complaint_external_once",
            ),
        ]
        indexes = [
            models.Index(fields=["locality", "category"], name="complaint_category"),
            models.Index(fields=["locality", "needs_triage"], name="complaint_triage"),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="complaint_merged_set",
            ),
        ]


class Follower(TenantModel):
    """Another citizen told about a case: reporters of merged duplicates and "me too"s."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="followers")
    citizen = models.ForeignKey("core.Citizen", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "complaint", "citizen"], name="complaint_follower_once"
            )
        ]


class MapCell(TenantModel):
    """Counts of complaints per (H3 cell, category, status), kept in step with every write.

    The public map reads these instead of scanning cases, so it stays fast with a million."""

    locality = models.ForeignKey(
        "core.Locality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    resolution = models.PositiveSmallIntegerField()
    cell = models.CharField(max_length=16)
    category_code = models.CharField(max_length=40)
    status = models.CharField(max_length=30)
    count = models.IntegerField(default=0)
    # The cell's centre, so a map view selects its cells by bounding box through an index.
    cell_lat = models.FloatField(default=0)
    cell_lon = models.FloatField(default=0)
    lat_sum = models.FloatField(default=0)
    lon_sum = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "resolution", "cell", "category_code", "status"],
                name="complaint_map_cell_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["locality", "resolution", "cell_lat", "cell_lon"], name="complaint_map_bbox"
            )
        ]


class TrainingExample(TenantModel):
    """A labelled text for the classifier: closed cases, officers' corrections, imports."""

    class Source(models.TextChoices):
        CASE = "case", _("closed case")
        CORRECTION = "correction", _("officer's correction")
        TRAFFY = "traffy", _("imported Traffy CSV")
        SEED = "seed", _("starter examples")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    category_code = models.CharField(max_length=40)
    source = models.CharField(max_length=12, choices=Source.choices)
    ref = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "source", "ref"],
                condition=~models.Q(ref=""),
                name="complaint_training_once",
            )
        ]


class ClassifierModel(TenantModel):
    """A trained classifier, stored in the database so every server process can load it."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    examples = models.PositiveIntegerField()
    accuracy = models.FloatField(null=True, blank=True)
    categories = models.JSONField(default=list)
    blob = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]


class LineDraft(TenantModel):
    """A report being put together in a LINE chat: photo, location and text in any order."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey("core.Citizen", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    photo_ids = models.JSONField(default=list)  # attachment ids stored before the case exists
    skip_photo = models.BooleanField(default=False)
    awaiting_confirm = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "citizen"], name="complaint_linedraft_once")
        ]


class Handover(TenantModel):
    """A complaint forwarded to an organisation outside the locality (PEA, PWA, a highway
    office): a secret link, sent by e-mail, where that organisation posts its progress and
    closes its part without an account. Only a hash of the link's token is kept; the link
    works for this complaint only, until it expires or the organisation closes its part."""

    tenant_global = "a link is opened before its locality is known (the token is the key)"

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="handovers")
    organisation = models.CharField(max_length=200)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation} ({self.complaint_id})"
