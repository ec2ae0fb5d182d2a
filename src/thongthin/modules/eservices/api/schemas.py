"""Response shapes of /api/v1/eservices/."""

from __future__ import annotations

from ninja import Schema


class StepOut(Schema):
    step: str
    minutes: int | None = None
    division: str = ""


class DocumentOut(Schema):
    name: str
    originals: int = 0
    copies: int = 0
    note: str = ""


class ServiceOut(Schema):
    code: str
    name_th: str
    name_en: str
    name_ms: str
    kind: str
    division: str | None
    legal_basis: str
    conditions: str
    channels: str
    steps: list[StepOut]
    time_limit: int | None
    time_unit: str
    time_note: str
    documents: list[DocumentOut]
    fee_note: str
    complaints_to: str
    url: str
