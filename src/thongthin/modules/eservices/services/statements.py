"""Reconciling the bank's statement with the fees due. The officer imports the file the bank
gives: the cross-bank bill payment file (Bank of Thailand layout: 256-character records H/D/T,
TIS-620) or a CSV with a header row. Each credit line is matched by Ref1 (the application
number's digits, as the Thai QR carries it) and the amount: a match records the payment with
its receipt; an application already paid makes the line a double payment to refund; anything
else is listed as unmatched. A line already imported is skipped, so importing the same file
twice changes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, DomainError, ValidationFailed
from thongthin.core.models import Locality, User

from ..models import Application, Payment, StatementLine
from ..module import WORK
from ..workflow import APPLICATION
from .payments import payment_record

FILE_MAX = 2 * 1024 * 1024
LINES_MAX = 5000
BOT_WIDTH = 256
CSV_COLUMNS = {
    "date": ("date", "วันที่", "paid_on", "transaction date"),
    "time": ("time", "เวลา"),
    "amount": ("amount", "จำนวนเงิน", "credit", "ยอดเงิน"),
    "ref1": ("ref1", "reference 1", "อ้างอิง 1"),
    "ref2": ("ref2", "reference 2", "อ้างอิง 2"),
    "payer": ("payer", "name", "ชื่อ", "ชื่อผู้ชำระ", "customer name"),
    "bank_ref": ("bank_ref", "transaction", "เลขที่รายการ", "reference"),
}


@dataclass
class Line:
    line_no: int
    raw: str
    paid_at: datetime | None
    amount: Decimal
    ref1: str
    ref2: str
    payer: str
    bank_ref: str


def _refuse(message: Any, line_no: int | None = None, **params: Any) -> ValidationFailed:
    if line_no:
        params["line"] = line_no
    return ValidationFailed(
        message,
        code="statement_invalid",
        detail={"line": line_no} if line_no else None,
        params=params,
    )


def _amount(text: str, line_no: int) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value > Decimal("9999999999.99"):
        raise _refuse(_("Line %(line)s: the amount cannot be read."), line_no) from None
    return value.quantize(Decimal("0.01"))


def _when(day: str, clock: str, line_no: int) -> datetime | None:
    """A statement date (d/m/yyyy or ddmmyyyy, either era; or ISO) and optional time."""
    day, clock = day.strip(), clock.strip()
    if not day:
        return None
    parsed = None
    digits = day.replace("/", "").replace("-", "")
    try:
        if "-" in day and len(day) == 10:
            parsed = datetime.strptime(day, "%Y-%m-%d")
        elif "/" in day:
            d, m, y = (int(x) for x in day.split("/"))
            parsed = datetime(y - 543 if y > 2400 else y, m, d)
        elif len(digits) == 8 and digits.isdigit():
            y = int(digits[4:])
            parsed = datetime(y - 543 if y > 2400 else y, int(digits[2:4]), int(digits[:2]))
        if parsed is not None and clock:
            hhmmss = clock.replace(":", "").ljust(6, "0")
            parsed = parsed.replace(
                hour=int(hhmmss[:2]), minute=int(hhmmss[2:4]), second=int(hhmmss[4:6])
            )
    except ValueError:
        parsed = None
    if parsed is None:
        raise _refuse(_("Line %(line)s: the date cannot be read."), line_no)
    return timezone.make_aware(parsed, thai.BANGKOK)


def _bot_lines(text: str) -> list[Line]:
    """D records of the cross-bank bill payment file (0-based [start:end] as the domain file
    gives them)."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw[0] in "HT":
            continue
        if raw[0] != "D" or len(raw) < 176:
            raise _refuse(_("Line %(line)s is not a record of the bank's file."), number)
        amount_text = raw[163:176].strip()
        if not amount_text.isdigit():
            raise _refuse(_("Line %(line)s: the amount cannot be read."), number)
        lines.append(
            Line(
                line_no=number,
                raw=raw.rstrip(),
                paid_at=_when(raw[20:28], raw[28:34], number),
                amount=(Decimal(int(amount_text)) / 100).quantize(Decimal("0.01")),
                ref1=raw[84:104].strip(),
                ref2=raw[104:124].strip(),
                payer=raw[34:84].strip(),
                bank_ref="",  # the record's sequence [1:7] is per file, not per payment
            )
        )
    return lines


def _csv_lines(text: str) -> list[Line]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise _refuse(_("The file is empty."))
    header = [h.strip().lower().lstrip("\ufeff") for h in rows[0]]
    where = {
        key: next((i for i, h in enumerate(header) if h in names), None)
        for key, names in CSV_COLUMNS.items()
    }
    if where["amount"] is None or where["ref1"] is None:
        raise _refuse(_("The first row must name the columns, with at least amount and ref1."))

    def cell(row: list[str], key: str) -> str:
        index = where[key]
        return row[index].strip() if index is not None and index < len(row) else ""

    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        lines.append(
            Line(
                line_no=number,
                raw=",".join(c.strip() for c in row),
                paid_at=_when(cell(row, "date"), cell(row, "time"), number),
                amount=_amount(cell(row, "amount"), number),
                ref1=cell(row, "ref1")[:20],
                ref2=cell(row, "ref2")[:20],
                payer=cell(row, "payer")[:200],
                bank_ref=cell(row, "bank_ref")[:100],
            )
        )
    return lines


def statement_parse(data: bytes) -> list[Line]:
    """The credit lines of a statement file; refuses the whole file if any line is unreadable."""
    if not data.strip():
        raise _refuse(_("The file is empty."))
    if len(data) > FILE_MAX:
        raise _refuse(_("The file is larger than 2 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("tis-620", errors="replace")  # the bank's file is TIS-620
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    lines = _bot_lines(text) if first[:1] == "H" and len(first) >= BOT_WIDTH - 20 else None
    lines = lines if lines is not None else _csv_lines(text)
    if len(lines) > LINES_MAX:
        raise _refuse(_("At most %(n)s lines in one file."), n=LINES_MAX)
    return lines


def _application_for(locality: Locality, ref1: str) -> Application | None:
    """Ref1 is the application number's digits: year (4) and sequence (6)."""
    digits = "".join(ch for ch in ref1 if ch.isdigit())
    if len(digits) != 10:
        return None
    number = f"{APPLICATION.prefix}-{digits[:4]}-{digits[4:]}"
    return (
        Application.objects.for_locality(locality)
        .filter(case__number=number)
        .select_related("case", "service")
        .first()
    )


def _settle(locality: Locality, line: Line, actor: User) -> dict:
    """What the line does: the fields of its StatementLine row."""
    application = _application_for(locality, line.ref1)
    if application is None:
        return {"status": StatementLine.Status.UNMATCHED, "note": "no application with this Ref1"}
    paid = (
        Payment.objects.for_locality(locality)
        .filter(application=application, voided_at__isnull=True)
        .first()
    )
    if paid is not None:
        return {
            "status": StatementLine.Status.DUPLICATE, "application": application,
            "note": f"already paid: receipt {paid.receipt_no}",
        }  # fmt: skip
    try:
        payment = payment_record(
            application=application,
            actor=actor,
            method=Payment.Method.QR,
            amount=line.amount,
            reference=line.bank_ref or f"statement line {line.line_no}",
            payer=line.payer,
        )
    except DomainError as exc:
        return {
            "status": StatementLine.Status.UNMATCHED, "application": application,
            "note": exc.message[:300],
        }  # fmt: skip
    return {"status": StatementLine.Status.MATCHED, "application": application, "payment": payment}


def _fingerprint(line: Line, occurrences: dict[str, int]) -> str:
    """The same payment in this file or a later (overlapping) statement has the same
    fingerprint; two equal payments in one file are told apart by their order."""
    key = "|".join(
        (
            line.paid_at.isoformat() if line.paid_at else "",
            str(line.amount), line.ref1, line.ref2, line.bank_ref, line.payer,
        )
    )  # fmt: skip
    occurrences[key] = occurrences.get(key, 0) + 1
    return hashlib.sha256(f"{key}|{occurrences[key]}".encode()).hexdigest()


def statement_import(
    *, locality: Locality, actor: User, data: bytes, file_name: str = ""
) -> dict[str, int]:
    """Import a statement; returns the count of lines per outcome (and ``seen``: lines already
    imported before). Each line is its own transaction, so a failure mid-file keeps what was
    matched and importing the file again finishes it."""
    require_capability(actor, locality, WORK)
    lines = statement_parse(data)
    counts = {"matched": 0, "duplicate": 0, "unmatched": 0, "seen": 0}
    now = timezone.now()
    occurrences: dict[str, int] = {}
    for line in lines:
        fingerprint = _fingerprint(line, occurrences)
        if StatementLine.objects.for_locality(locality).filter(fingerprint=fingerprint).exists():
            counts["seen"] += 1
            continue
        try:
            with transaction.atomic():
                outcome = _settle(locality, line, actor)
                StatementLine.objects.create(
                    locality=locality, imported_at=now, imported_by=actor,
                    file_name=file_name[:200], line_no=line.line_no, fingerprint=fingerprint,
                    paid_at=line.paid_at, amount=line.amount, ref1=line.ref1, ref2=line.ref2,
                    payer=line.payer, bank_ref=line.bank_ref, **outcome,
                )  # fmt: skip
        except IntegrityError:  # the same line imported at the same moment by someone else
            counts["seen"] += 1
            continue
        counts[outcome["status"]] += 1
    return counts


def statement_refund(*, line: StatementLine, actor: User, note: str) -> StatementLine:
    """Mark a double payment as refunded (how and when, in the note)."""
    require_capability(actor, line.locality, WORK)
    if not note.strip():
        raise ValidationFailed(_("Say how and when it was refunded."), code="reason_required")
    updated = (
        StatementLine.objects.for_locality(line.locality_id)
        .filter(pk=line.pk, status=StatementLine.Status.DUPLICATE)
        .update(
            status=StatementLine.Status.REFUNDED,
            refunded_at=timezone.now(),
            refund_note=note.strip()[:300],
        )
    )
    if not updated:
        raise Conflict(_("Only a double payment can be refunded, once."), code="not_refundable")
    line.refresh_from_db()
    return line
