"""Loading complaints kept elsewhere (Traffy Fondue's open-data CSV): each row filed once, by
its ticket id, with its history's last state. ``traffy.py`` parses the file; this writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thongthin.core.i18n import Message, for_records
from thongthin.core.models import Case, Locality
from thongthin.core.models.cases import Channel
from thongthin.core.services import case_events

from ..models import Category, Complaint, TrainingExample
from .filing import complaint_create


@dataclass(frozen=True)
class ImportedComplaint:
    """One row of another system, already parsed and checked."""

    ticket: str
    text: str
    lat: float
    lon: float
    category: Category | None
    status: str
    source_state: str  # the other system's own word for the state ("เสร็จสิ้น")
    labels: list[str] = field(default_factory=list)
    unknown_labels: list[str] = field(default_factory=list)
    address: str = ""
    created_at: datetime | None = None
    last_activity: datetime | None = None
    media_url: str = ""
    rating: int | None = None
    reopen_count: int = 0


def complaint_imported(*, locality: Locality, source: str, ticket: str) -> bool:
    return (
        Complaint.objects.for_locality(locality).filter(source=source, external_id=ticket).exists()
    )


def complaint_import(*, locality: Locality, source: str, row: ImportedComplaint) -> bool:
    """File the row as it was (its time, state, rating, reopen count) and keep a labelled row's
    text for the classifier, all or nothing; True when the text was new training data."""
    with transaction.atomic():
        complaint = complaint_create(
            locality=locality,
            description=row.text,
            category_code=row.category.code if row.category else "",
            channel=Channel.API,
            lat=row.lat,
            lon=row.lon,
            address=row.address,
            actor_label=f"import:{source}",
            labels=",".join(row.labels),
            source=source,
            external_id=row.ticket,
            created_at=row.created_at,
            media_url=row.media_url[:500],
            auto_classify=False,  # an unlabelled row is sorted by a person
        )
        Complaint.objects.for_locality(locality).filter(pk=complaint.pk).update(
            rating=row.rating, reopen_count=row.reopen_count
        )
        case = complaint.case
        if row.status != case.status:
            closed = row.status in ("resolved", "forwarded")
            Case.objects.for_locality(locality).filter(pk=case.pk).update(
                status=row.status,
                closed_at=(row.last_activity or row.created_at) if closed else None,
            )
            case.status = row.status
            case_events.event_record(
                case,
                kind="transition",
                actor_label=f"import:{source}",
                public=True,
                action="import",
                to_status=row.status,
                message=f"Traffy Fondue: {row.source_state}",
            )
        if row.unknown_labels:
            case_events.event_record(
                case,
                kind="note",
                actor_label=f"import:{source}",
                public=False,
                message=for_records(
                    Message(
                        _("Traffy types without a category here: %(types)s"),
                        types=", ".join(row.unknown_labels),
                    )
                ),
            )
        return training_example_add(
            locality=locality, source=source, ref=row.ticket, text=row.text, category=row.category
        )


def training_example_add(
    *, locality: Locality, source: str, ref: str, text: str, category: Category | None
) -> bool:
    """Keep a labelled text to teach the classifier; False when it was kept already."""
    if category is None or not text:
        return False
    _example, created = TrainingExample.objects.for_locality(locality).get_or_create(
        source=source,
        ref=ref,
        defaults={"locality": locality, "text": text, "category_code": category.code},
    )
    return created
