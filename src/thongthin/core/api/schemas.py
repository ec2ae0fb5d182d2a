"""Request and response shapes of the API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, StringConstraints

# A label in the reader's language: lazy translations arrive as proxies, answered as text.
Text = Annotated[str, BeforeValidator(str)]

# Inputs: every text a caller sends has a length cap, checked (422) before any work is done.
Code = Annotated[str, StringConstraints(max_length=64)]
Name = Annotated[str, StringConstraints(max_length=200)]
Phone = Annotated[str, StringConstraints(max_length=32)]
Address = Annotated[str, StringConstraints(max_length=500)]
Message = Annotated[str, StringConstraints(max_length=4000)]
Photo = Annotated[str, StringConstraints(max_length=14_000_000)]  # base64 of a 10 MB file


class Error(Schema):
    """Every error the API answers: a stable ``code``, a ``message`` in the caller's language
    (Accept-Language) and, where it helps, a ``detail``."""

    code: str
    message: str
    detail: object | None = None


# The error statuses an operation may answer, for its ``response=`` declaration.
ERRORS = {
    400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error, 429: Error
}  # fmt: skip


class LocalityOut(Schema):
    slug: str
    type: str
    name_th: str
    name_en: str
    province: str = Field(alias="province.name_th")
    center_lat: float
    center_lon: float
    phone: str
    email: str


class ProvinceOut(Schema):
    id: int
    name_th: str
    name_en: str
    region: str


class DistrictOut(Schema):
    id: int
    name_th: str
    name_en: str
    province_id: int


class SubDistrictOut(Schema):
    id: int
    name_th: str
    name_en: str
    district_id: int
    postcode: str
    lat: float | None
    lon: float | None


class CaseIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    kind: Code = "general"
    category: Code = ""
    priority: Code = "normal"
    lat: float | None = None
    lon: float | None = None
    address: str = Field("", max_length=300)
    reporter_name: str = Field("", max_length=200)
    reporter_phone: Phone = ""
    channel: Code | None = None


class CaseOut(Schema):
    number: str
    kind: str
    title: str
    description: str
    status: str
    priority: str
    category: str
    channel: str
    lat: float | None
    lon: float | None
    h3_cell: str
    address: str
    subdistrict_id: int | None
    department: str | None = None
    assignee: str | None = None
    sla_due_at: datetime | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    tracking_code: str


# The deepest offset a list answers: further down, filter instead (an OFFSET that deep is slow,
# and past 2^63 the database refuses it).
OFFSET_MAX = 100_000


class CaseList(Schema):
    items: list[CaseOut]
    count: int | None = Field(None, description="total, only with with_count=true")
    limit: int
    offset: int
    next_offset: int | None


class EventOut(Schema):
    at: datetime
    kind: str
    action: str
    from_status: str
    to_status: str
    public: bool
    actor_label: str
    message: str


class TransitionIn(Schema):
    action: Code
    reason: Message = ""


class NoteIn(Schema):
    message: Message
    public: bool = False


class AssignIn(Schema):
    department: Code | None = None
    assignee: Code | None = None


class PublicEventOut(Schema):
    at: str
    kind: str
    status: str
    status_label: Text
    message: str


class PublicCaseOut(Schema):
    """What anyone with the tracking code may see: no personal data."""

    number: str
    title: str
    status: str
    status_label: str
    created_at: datetime
    closed_at: datetime | None
    lat: float | None
    lon: float | None
    timeline: list[PublicEventOut]


class PublicRequestIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    lat: float | None = None
    lon: float | None = None
    name: str = Field("", max_length=200)
    phone: Phone = ""


class PublicRequestOut(Schema):
    number: str
    tracking_code: str
    tracking_url: str


class AttachmentOut(Schema):
    id: int
    content_type: str
    size: int
    url: str
    thumbnail_url: str | None


class AuditOut(Schema):
    at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    ip: str | None
    detail: dict[str, object] = Field(description="what the action changed or read")
