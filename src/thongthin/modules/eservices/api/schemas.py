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


class ReceiptOut(Schema):
    receipt_no: str
    amount: str
    method: str
    received_at: str
    pdf_url: str


class PaymentOut(Schema):
    """An application's fee: what is due and how to pay it by Thai QR, or its receipts."""

    number: str
    status: str
    fee: str | None
    due: bool
    account: str | None = None
    ref1: str | None = None
    ref2: str | None = None
    payload: str | None = None
    qr_svg: str | None = None
    qr_png: str | None = None
    receipts: list[ReceiptOut]
