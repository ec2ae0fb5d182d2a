"""Import a Traffy Fondue CSV (the official open-data layout).

``coords`` is "lon,lat"; ``type`` is a set such as ``{ถนน,ทางเท้า}`` (maybe ``{}``); comments
span lines inside quotes; timestamps are UTC with a ``+00`` offset. Each row becomes a
complaint with its original ticket id (re-running skips rows already loaded), its Traffy types
mapped to the locality's categories and its state to a status. Rows that cannot be loaded are
reported with the reason; the rest load. Labelled rows also become classifier training data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from thongthin.core.errors import DomainError
from thongthin.core.i18n import render_in
from thongthin.core.models import Locality
from thongthin.core.thai import validate_point

from . import services
from .categories import BY_TRAFFY_TYPE
from .models import Category, TrainingExample

COLUMNS = {"ticket_id", "type", "comment", "coords", "timestamp", "state"}
STATES = {
    "รอรับเรื่อง": "received",
    "กำลังดำเนินการ": "in_progress",
    "ติดตามเรื่อง": "in_progress",
    "เสร็จสิ้น": "resolved",
    "ส่งต่อ(ใหม่)": "forwarded",
    "ส่งต่อ": "forwarded",
    # Common custom statuses organisations map to Traffy's "inprogress" type.
    "ศึกษาปัญหา": "in_progress",
    "ของบประมาณ": "in_progress",
    "จัดซื้อจัดจ้าง": "in_progress",
    "จัดทำนโยบาย": "in_progress",
    "ไม่อยู่ในความรับผิดชอบ": "forwarded",
}


@dataclass
class ImportReport:
    loaded: int = 0
    already_loaded: int = 0
    training_examples: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (ticket or line, reason)


def parse_types(value: str) -> list[str]:
    inner = (value or "").strip().strip("{}")
    return [t.strip().strip('"') for t in inner.split(",") if t.strip().strip('"')]


def parse_coords(value: str) -> tuple[float, float]:
    """Traffy writes "lon,lat"; returns (lat, lon)."""
    lon_text, lat_text = (v.strip() for v in (value or "").split(","))
    lat, lon = float(lat_text), float(lon_text)
    validate_point(lat, lon)
    return lat, lon


def parse_time(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def traffy_import(path: Path, locality: Locality, *, training_only: bool = False) -> ImportReport:
    report = ImportReport()
    categories = {
        c.traffy_type: c for c in Category.objects.for_locality(locality) if c.traffy_type
    }
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = COLUMNS - set(reader.fieldnames or [])
        if missing:
            report.errors.append(("header", f"missing columns: {', '.join(sorted(missing))}"))
            return report
        for row in reader:
            ticket = (row.get("ticket_id") or "").strip()
            where = ticket or f"line {reader.line_num}"
            try:
                _import_row(row, ticket, locality, categories, report, training_only)
            except (DomainError, ValueError) as exc:
                reason = (
                    f"{exc.code}: {render_in('en', exc)}"  # the report is for the operator's CLI
                    if isinstance(exc, DomainError)
                    else str(exc)
                )
                report.errors.append((where, reason))
    if not training_only and report.loaded:
        services.map_rebuild(locality)
    return report


def _import_row(row, ticket, locality, categories, report, training_only) -> None:
    if not ticket:
        raise ValueError("no ticket_id")
    types = parse_types(row.get("type", ""))
    category = next((categories[t] for t in types if t in categories), None)
    text = (row.get("comment") or "").strip()
    if training_only:
        _training_example(locality, ticket, text, category, report)
        return
    if services.complaint_imported(locality=locality, source="traffy", ticket=ticket):
        report.already_loaded += 1
        return
    state = (row.get("state") or "").strip()
    status = STATES.get(state)
    if status is None:
        raise ValueError(f"unknown state {state!r}")
    if not text:
        raise ValueError("empty comment")
    lat, lon = parse_coords(row.get("coords", ""))
    created_at = parse_time(row.get("timestamp", ""))
    stars = (row.get("star") or "").strip()
    reopen = (row.get("count_reopen") or "0").strip()
    taught = services.complaint_import(
        locality=locality,
        source="traffy",
        row=services.ImportedComplaint(
            ticket=ticket,
            text=text,
            lat=lat,
            lon=lon,
            category=category,
            status=status,
            source_state=state,
            labels=types,
            unknown_labels=[t for t in types if t not in categories and t not in BY_TRAFFY_TYPE],
            address=(row.get("address") or "").strip(),
            created_at=created_at,
            last_activity=parse_time(row.get("last_activity", "")) or created_at,
            media_url=(row.get("photo") or "").strip(),
            rating=int(float(stars)) if stars and 1 <= float(stars) <= 5 else None,
            reopen_count=int(float(reopen)) if reopen else 0,
        ),
    )
    report.training_examples += int(taught)
    report.loaded += 1


def _training_example(locality, ticket, text, category, report) -> None:
    """A labelled row's text teaches the classifier (Traffy's first listed type is the label)."""
    report.training_examples += int(
        services.training_example_add(
            locality=locality,
            source=TrainingExample.Source.TRAFFY,
            ref=ticket,
            text=text,
            category=category,
        )
    )
