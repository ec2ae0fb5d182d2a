"""Request and response shapes of /api/v1/complaints/."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from thongthin.core.api.schemas import Address, Code, Message, Name, Phone, Photo, Text


class CategoryOut(Schema):
    code: str
    name_th: str
    name_en: str
    traffy_type: str
    department: str | None
    sla_hours: int
    sla_mode: str


class ComplaintIn(Schema):
    locality: Code | None = Field(None, description="slug; not needed with an API key")
    description: str = Field(..., max_length=4000)
    category: Code = Field("", description="category code; empty = classify the text")
    lat: float | None = None
    lon: float | None = None
    address: Address = ""
    name: Name = ""
    phone: Phone = ""
    show_name: bool = False
    channel: Code = Field("", description="with an API key: web, line, phone, walk_in or api")
    photos_base64: list[Photo] = Field(default_factory=list, max_length=5)


class NearbyOut(Schema):
    """An open complaint of the same category near the point: "is this yours?"."""

    number: str
    title: str
    status: str
    distance_m: int
    created_at: datetime


class Filed(Schema):
    number: str
    tracking_code: str
    tracking_url: str
    status: str
    category: str | None
    confidence: float | None
    needs_triage: bool
    outside_area: bool
    nearby: list[NearbyOut]


class PublicItem(Schema):
    id: int
    number: str
    title: str
    status: str
    status_label: str
    category: str
    lat: float | None
    lon: float | None
    created_at: datetime
    closed_at: datetime | None


class PublicPage(Schema):
    items: list[PublicItem]
    next_before: int | None


class ClassifyIn(Schema):
    locality: Code | None = None
    text: Message


class ClassifyOut(Schema):
    category: str | None
    code: str | None
    confidence: float | None
    accepted: bool


class RatingIn(Schema):
    stars: int
    comment: Message = ""


class ReasonIn(Schema):
    reason: Message


class CategorySetIn(Schema):
    category: Code


class ForwardIn(Schema):
    organisation: Name
    reason: Message = ""


class MergeIn(Schema):
    into: Code


class BulkAssignIn(Schema):
    numbers: list[Code] = Field(..., min_length=1, max_length=200)
    department: Code | None = None
    assignee: Code | None = None


class QueueItem(Schema):
    number: str
    title: str
    status: str
    category: str | None
    department: str | None
    assignee: str | None
    sla_due_at: datetime | None
    created_at: datetime
    needs_triage: bool
    outside_area: bool
    confidence: float | None
    channel: str


class QueuePage(Schema):
    items: list[QueueItem]
    next_offset: int | None


class PointGeometry(Schema):
    type: str = Field(description="Point")
    coordinates: list[float] = Field(description="[longitude, latitude]")


class MapProperties(Schema):
    """A cluster (``cluster``, ``count``, ``cell``) or a single complaint (the rest)."""

    cluster: bool
    count: int | None = None
    cell: str | None = None
    number: str | None = None
    title: str | None = None
    status: str | None = None
    status_label: str | None = None
    category: str | None = None
    url: str | None = None


class MapFeature(Schema):
    type: str = Field(description="Feature")
    geometry: PointGeometry
    properties: MapProperties


class MapOut(Schema):
    """GeoJSON FeatureCollection; ``resolution`` is the H3 resolution of the clusters."""

    type: str = Field(description="FeatureCollection")
    resolution: int
    features: list[MapFeature]


class RatingOut(Schema):
    rating: int | None


class ReopenOut(Schema):
    status: str
    reopen_count: int


class StatsOut(Schema):
    total: int
    by_status: list[tuple[str, Text, int]] = Field(description="[status, label, count]")
    by_category: list[tuple[str, Text, int]] = Field(description="[code, name, count]")
    by_month: list[tuple[str, int]] = Field(description="[YYYY-MM, count]")
    median_hours_to_resolve: float | None
    resolved_within_window: float | None
    average_rating: float | None
    ratings: int
    reopened: int


class CategorySetOut(Schema):
    number: str
    category: str


class ForwardOut(Schema):
    number: str
    status: str
    forwarded_to: str


class MergeOut(Schema):
    number: str
    merged_into: str


class AssignedOut(Schema):
    assigned: int
