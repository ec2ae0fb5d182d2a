"""E-services writes: ``<entity>_<verb>``, keyword-only, one transaction each. The catalogue
itself is edited by the locality admin through the core's administration pages (the module's
``admin`` section), which audit every change."""

from __future__ import annotations

from django.db import transaction

from thongthin.core.models import Department, Locality

from ..catalogue import DOCUMENTS, SEEDS, form_for, needs_inspection
from ..models import Service
from .applications import (
    application_explain_delay,
    application_submit,
    application_supply,
    applications_close_overdue,
    applications_tell_delay,
    missing_due,
    on_transition,
)
from .documents import (
    document_issue,
    document_revoke,
    document_state,
    documents_remind_renewal,
    verify_url,
)
from .inspections import inspection_record, inspection_schedule
from .payments import (
    application_charge,
    fee_due,
    guard_transition,
    payment_qr,
    payment_record,
    payment_void,
)

__all__ = [
    "application_explain_delay", "application_submit", "application_supply",
    "applications_close_overdue",
    "applications_tell_delay", "catalogue_seed", "locality_setup", "missing_due", "on_transition",
    "application_charge", "fee_due", "guard_transition", "payment_qr", "payment_record",
    "payment_void",
    "document_issue", "document_revoke", "document_state", "documents_remind_renewal",
    "verify_url", "inspection_record", "inspection_schedule",
]  # fmt: skip


def locality_setup(locality: Locality) -> None:
    """What a new locality starts with: the catalogue, the counter's lines and counters."""
    from .queue import queue_seed

    catalogue_seed(locality)
    queue_seed(locality)


def catalogue_seed(locality: Locality) -> int:
    """Give a locality the starting services it does not have yet (by code); returns how many.
    Idempotent: a service the locality edited or switched off is left as it is."""
    departments = {d.code: d for d in Department.objects.for_locality(locality)}
    existing = set(Service.objects.for_locality(locality).values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        for order, seed in enumerate(SEEDS):
            if seed.code in existing:
                continue
            Service.objects.create(
                locality=locality,
                code=seed.code,
                name_th=seed.name_th,
                name_en=seed.name_en,
                name_ms=seed.name_ms,
                kind=seed.kind,
                department=departments.get(seed.department),
                legal_basis=seed.legal_basis,
                conditions=seed.conditions,
                channels=_channels(locality),
                steps=list(seed.steps),
                time_limit=seed.time_limit,
                time_unit=seed.time_unit,
                time_note=seed.time_note,
                documents=list(seed.documents),
                fee_note=seed.fee_note,
                form=form_for(seed.code),
                complaints_to=_complaints_to(locality),
                order=order * 10,
                inspection=needs_inspection(seed),
                **_document(seed.code),
            )
            created += 1
    return created


def _document(code: str) -> dict:
    title, months, body = DOCUMENTS.get(code, ("", None, ""))
    return {"document_title": title, "validity_months": months, "document_body": body}


def _channels(locality: Locality) -> str:
    place = locality.address or locality.name_th
    return f"{place} วันจันทร์ถึงวันศุกร์ (เว้นวันหยุดราชการ) เวลา 08.30–16.30 น."


def _complaints_to(locality: Locality) -> str:
    contact = " ".join(x for x in (locality.phone, locality.email) if x)
    return (
        f"{locality.name_th} {contact}".strip() + " · ศูนย์รับคำขออนุญาต สำนักงาน ก.พ.ร. โทร 1111 ต่อ 22"
    )
