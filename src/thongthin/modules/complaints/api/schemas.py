"""Request and response shapes of /api/v1/complaints/."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class CategoryOut(Schema):
    code: str
    name_th: str
    name_en: str
    traffy_type: str
    department: str | None
    sla_hours: int
    sla_mode: str


class ComplaintIn(Schema):
    locality: str | None = Field(None, description="slug; not needed with an API key")
    description: str = Field(..., max_length=4000)
    category: str = Field("", description="category code; empty = classify the text")
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    name: str = ""
    phone: str = ""
    show_name: bool = False
    channel: str = Field("", description="with an API key: web, line, phone, walk_in or api")
    photos_base64: list[str] = Field(default_factory=list, max_length=5)


class Filed(Schema):
    number: str
    tracking_code: str
    tracking_url: str
    status: str
    category: str | None
    confidence: float | None
    needs_triage: bool
    outside_area: bool
    nearby: list[dict]


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
    locality: str | None = None
    text: str


class ClassifyOut(Schema):
    category: str | None
    code: str | None
    confidence: float | None
    accepted: bool


class RatingIn(Schema):
    stars: int
    comment: str = ""


class ReasonIn(Schema):
    reason: str


class CategorySetIn(Schema):
    category: str


class ForwardIn(Schema):
    organisation: str
    reason: str = ""


class MergeIn(Schema):
    into: str


class BulkAssignIn(Schema):
    numbers: list[str] = Field(..., min_length=1, max_length=200)
    department: str | None = None
    assignee: str | None = None


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
