"""Complaint writes. Every channel (web, LINE, staff entry, JSON API, Open311, import) files a
complaint through :func:`complaint_create`; status changes go through the core case engine,
whose hooks keep this module's tables (map counts, followers, training data) in step."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from datetime import datetime, timedelta

import h3
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from thongthin.core.errors import Conflict, PermissionDenied, ValidationFailed
from thongthin.core.models import Attachment, Case, Citizen, Department, Locality, User
from thongthin.core.models.accounts import Role
from thongthin.core.services import case_events
from thongthin.core.services.attachments import attachment_create, clean_upload
from thongthin.core.services.audit import audit_record
from thongthin.core.services.cases import (
    case_add_note,
    case_create,
    case_transition,
    tracking_url,
)
from thongthin.core.services.notifications import notify_citizen, notify_enqueue
from thongthin.core.thai import validate_point

from . import classifier, geo
from .categories import EXTRA_ATTRIBUTES, SEEDS
from .models import Category, Complaint, Follower, MapCell, TrainingExample
from .workflow import OPEN_STATES

TEXT_MAX = 4000
REOPEN_DAYS = 7
PHOTOS_MAX = 5
# Set while a module service drives a transition the generic case page may not (forward, merge).
_module_call: contextvars.ContextVar[bool] = contextvars.ContextVar("module_call", default=False)


def _refuse(code: str, en: str, th: str, status: type = ValidationFailed, **detail):
    return status(en, message_th=th, code=code, detail=detail or None)


# -- categories -------------------------------------------------------------------------------


def categories_seed(locality: Locality) -> int:
    """Give a locality the Traffy-based categories it does not have yet; returns how many."""
    departments = {d.code: d for d in Department.objects.for_locality(locality)}
    existing = set(Category.objects.for_locality(locality).values_list("code", flat=True))
    created = 0
    for order, seed in enumerate(SEEDS):
        if seed.code in existing:
            continue
        Category.objects.create(
            locality=locality,
            code=seed.code,
            name_th=seed.traffy_type,
            name_en=seed.name_en,
            traffy_type=seed.traffy_type,
            department=departments.get(seed.department),
            sla_hours=seed.sla_hours,
            sla_mode=seed.sla_mode,
            keywords=seed.keywords,
            attributes=list(EXTRA_ATTRIBUTES.get(seed.code, ())),
            order=order,
        )
        created += 1
    return created


def category_get(locality: Locality, code: str) -> Category:
    category = (
        Category.objects.for_locality(locality).filter(code=code, active=True).first()
        if code
        else None
    )
    if category is None:
        raise _refuse(
            "unknown_category",
            f"Unknown category {code!r}.",
            f"ไม่มีประเภทเรื่อง {code!r}",
            codes=list(
                Category.objects.for_locality(locality)
                .filter(active=True)
                .values_list("code", flat=True)
            ),
        )
    return category


# -- map counts -------------------------------------------------------------------------------


_MAP_UPSERT = """
INSERT INTO complaints_mapcell
    (locality_id, resolution, cell, category_code, status, count, cell_lat, cell_lon,
     lat_sum, lon_sum)
VALUES {values}
ON CONFLICT (locality_id, resolution, cell, category_code, status) DO UPDATE SET
    count = complaints_mapcell.count + excluded.count,
    lat_sum = complaints_mapcell.lat_sum + excluded.lat_sum,
    lon_sum = complaints_mapcell.lon_sum + excluded.lon_sum
"""


ALL = "*"  # category_code and status of a cell's total row (what an unfiltered map reads)


def _map_count(
    complaint: Complaint, case: Case, status: str, delta: int, *, totals: bool = False
) -> None:
    """Add ``delta`` to the complaint's map cells at every resolution: one upsert statement
    (SQLite and PostgreSQL both speak ``ON CONFLICT … DO UPDATE``). ``totals`` also counts it
    in each cell's total row (only when a complaint appears; a status or category change
    leaves the total as it is)."""
    if case.lat is None or case.lon is None:
        return
    code = complaint.category.code if complaint.category is not None else ""
    keys = [(code, status)] + ([(ALL, ALL)] if totals else [])
    params: list = []
    for resolution, cell in ((5, complaint.cell_r5), (7, complaint.cell_r7), (9, case.h3_cell)):
        if not cell:
            continue
        cell_lat, cell_lon = h3.cell_to_latlng(cell)
        for key_code, key_status in keys:
            params += [case.locality_id, resolution, cell, key_code, key_status, delta,
                       cell_lat, cell_lon, delta * case.lat, delta * case.lon]  # fmt: skip
    if not params:
        return
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * (len(params) // 10))
    with connection.cursor() as cursor:
        cursor.execute(_MAP_UPSERT.format(values=rows), params)


def map_rebuild(locality: Locality) -> int:
    """Recount the map from the cases (after a bulk import or to repair drift)."""
    from collections import Counter

    totals: Counter = Counter()
    sums: dict = {}
    rows = (
        Complaint.objects.for_locality(locality)
        .filter(case__lat__isnull=False)
        .values_list(
            "cell_r5", "cell_r7", "case__h3_cell", "category__code", "case__status",
            "case__lat", "case__lon",
        )
        .iterator(chunk_size=5000)
    )  # fmt: skip
    for r5, r7, r9, code, status, lat, lon in rows:
        for resolution, cell in ((5, r5), (7, r7), (9, r9)):
            for key in ((resolution, cell, code or "", status), (resolution, cell, ALL, ALL)):
                totals[key] += 1
                s = sums.setdefault(key, [0.0, 0.0])
                s[0] += lat
                s[1] += lon
    with transaction.atomic():
        MapCell.objects.for_locality(locality).delete()
        MapCell.objects.bulk_create(
            [
                MapCell(
                    locality=locality,
                    resolution=key[0],
                    cell=key[1],
                    cell_lat=h3.cell_to_latlng(key[1])[0],
                    cell_lon=h3.cell_to_latlng(key[1])[1],
                    category_code=key[2],
                    status=key[3],
                    count=count,
                    lat_sum=sums[key][0],
                    lon_sum=sums[key][1],
                )
                for key, count in totals.items()
            ],
            batch_size=2000,
        )
    return len(totals)


# -- filing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nearby:
    complaint: Complaint
    distance_m: float


def duplicates_near(
    *, locality: Locality, category: Category | None, lat: float, lon: float, limit: int = 5
) -> list[Nearby]:
    """Open complaints of the same category within the category's radius, nearest first."""
    radius = category.duplicate_radius_m if category else 250
    cells = geo.cells_within(lat, lon, radius)
    # Straight from the case table (its h3 index, no join); category is copied onto the case.
    candidates = Case.objects.for_locality(locality).filter(
        h3_cell__in=cells, kind="complaint", status__in=OPEN_STATES
    )
    if category is not None:
        candidates = candidates.filter(category=category.code)
    # Distances from plain values; only the nearest few become model instances.
    near = sorted(
        (distance, pk)
        for pk, c_lat, c_lon in candidates.order_by().values_list("pk", "lat", "lon")[:1000]
        if (distance := geo.distance_m(lat, lon, c_lat, c_lon)) <= radius
    )[:limit]
    if not near:
        return []
    chosen = {
        c.case_id: c
        for c in Complaint.objects.for_locality(locality)
        .filter(case_id__in=[pk for _, pk in near])
        .select_related("case", "category")
    }
    return [Nearby(chosen[pk], distance) for distance, pk in near if pk in chosen]


def _clean_description(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _refuse(
            "description_required",
            "Please describe the problem.",
            "กรุณาพิมพ์รายละเอียดปัญหา",
        )
    if len(text) > TEXT_MAX:
        raise _refuse(
            "description_too_long",
            f"The description is longer than {TEXT_MAX} characters.",
            f"รายละเอียดยาวเกิน {TEXT_MAX} ตัวอักษร",
        )
    return text


def attributes_clean(category: Category | None, raw: dict | None) -> dict:
    """Check answers to a category's questions (Open311 attribute rules)."""
    raw = {k: v for k, v in (raw or {}).items() if v not in (None, "", [])}
    questions = {a["code"]: a for a in (category.attributes if category else [])}
    unknown = set(raw) - set(questions)
    if unknown:
        raise _refuse(
            "attribute_unknown",
            f"Unknown attribute(s) {sorted(unknown)}.",
            f"ไม่มีคำถาม {sorted(unknown)}",
        )
    clean: dict = {}
    for code, question in questions.items():
        value = raw.get(code)
        if value is None:
            if question.get("required"):
                raise _refuse(
                    "attribute_required",
                    f"Attribute {code!r} is required.",
                    f"กรุณาตอบ {question.get('description', code)}",
                )
            continue
        datatype = question.get("datatype", "string")
        keys = {v["key"] for v in question.get("values", [])}
        values = value if isinstance(value, list) else [value]
        if datatype == "number":
            try:
                clean[code] = float(values[0])
            except (TypeError, ValueError):
                raise _refuse(
                    "attribute_invalid", f"{code!r} must be a number.", f"{code} ต้องเป็นตัวเลข"
                ) from None
        elif datatype in ("singlevaluelist", "multivaluelist"):
            if any(str(v) not in keys for v in values) or (
                datatype == "singlevaluelist" and len(values) != 1
            ):
                raise _refuse(
                    "attribute_invalid",
                    f"{code!r} must be one of {sorted(keys)}.",
                    f"{code} ต้องเป็นหนึ่งใน {sorted(keys)}",
                )
            clean[code] = values[0] if datatype == "singlevaluelist" else [str(v) for v in values]
        else:
            clean[code] = str(values[0])[:500]
    return clean


def _title(category: Category | None, text: str) -> str:
    first_line = text.splitlines()[0] if text else ""
    head = first_line[:80] + ("…" if len(first_line) > 80 else "")
    return f"{category.name_th}: {head}" if category else head


def complaint_create(
    *,
    locality: Locality,
    description: str,
    channel: str,
    lat: float | None,
    lon: float | None,
    category_code: str = "",
    reporter: Citizen | None = None,
    photos: list[bytes] | None = None,
    photo_attachments: list[Attachment] | None = None,
    address: str = "",
    show_name: bool = False,
    actor: User | None = None,
    actor_label: str = "",
    ip: str | None = None,
    labels: str = "",
    source: str = "",
    external_id: str = "",
    created_at: datetime | None = None,
    attributes: dict | None = None,
    media_url: str = "",
    auto_classify: bool = True,
) -> Complaint:
    """File a complaint from any channel: validate everything, then write it all or nothing.

    Without a category the text is classified; below the confidence threshold the complaint
    waits for a person (``needs_triage``). A point outside the locality is accepted and
    flagged for forwarding, never refused.
    """
    description = _clean_description(description)
    if lat is None or lon is None:
        raise _refuse(
            "location_required",
            "Please give the location (a map pin or your current location).",
            "กรุณาระบุตำแหน่ง (ปักหมุดบนแผนที่หรือใช้ตำแหน่งปัจจุบัน)",
        )
    validate_point(lat, lon)
    photos = photos or []
    if len(photos) + len(photo_attachments or []) > PHOTOS_MAX:
        raise _refuse(
            "too_many_photos", f"At most {PHOTOS_MAX} photos.", f"แนบรูปได้ไม่เกิน {PHOTOS_MAX} รูป"
        )
    for data in photos:
        clean_upload(data)  # refuse a bad file before anything is written
    classified_by = Complaint.Classified.CITIZEN
    confidence = None
    if category_code:
        category: Category | None = category_get(locality, category_code)
    else:
        prediction = classifier.classify(locality, description) if auto_classify else None
        category = None
        if prediction is not None:
            confidence = prediction.confidence
            if prediction.confidence >= classifier.threshold():
                category = (
                    Category.objects.for_locality(locality)
                    .filter(code=prediction.category_code, active=True)
                    .select_related("department")
                    .first()
                )
        classified_by = Complaint.Classified.MODEL if category else Complaint.Classified.NONE
    answers = attributes_clean(category, attributes) if category or attributes else {}
    if source == "traffy" and category is not None:
        classified_by = Complaint.Classified.IMPORT
    outside = not geo.inside_locality(locality, lat, lon)
    with transaction.atomic():
        case = case_create(
            locality=locality,
            kind="complaint",
            title=_title(category, description),
            description=description,
            channel=channel,
            reporter=reporter,
            lat=lat,
            lon=lon,
            address=address,
            category=category.code if category else "",
            department=category.department if category else None,
            actor=actor,
            actor_label=actor_label,
            ip=ip,
            sla_hours=category.sla_hours if category else None,
            sla_mode=category.sla_mode if category else None,
            created_at=created_at,
        )
        cells = geo.map_cells(lat, lon)
        complaint = Complaint.objects.create(
            locality=locality,
            case=case,
            category=category,
            labels=labels or (category.name_th if category else ""),
            classified_by=classified_by,
            confidence=confidence,
            needs_triage=category is None,
            outside_area=outside,
            show_name=show_name,
            source=source,
            external_id=external_id,
            attributes=answers,
            media_url=media_url[:500],
            cell_r5=cells[5],
            cell_r7=cells[7],
        )
        for data in photos:
            attachment_create(case=case, data=data, actor_label=actor_label or "citizen")
        for attachment in photo_attachments or []:
            Attachment.objects.for_locality(locality).filter(pk=attachment.pk, case=None).update(
                case=case
            )
        if outside:
            case_events._event(
                case,
                kind="note",
                actor=None,
                actor_label="system",
                public=False,
                message="ตำแหน่งอยู่นอกพื้นที่ของหน่วยงาน: ตรวจสอบและส่งต่อหน่วยงานที่รับผิดชอบ "
                "(location outside the locality: check and forward)",
            )
        _map_count(complaint, case, case.status, +1, totals=True)
    return complaint


def complaint_me_too(*, complaint: Complaint, citizen: Citizen) -> Follower:
    """A citizen says "this is mine too": they follow the case instead of filing a copy."""
    follower, _ = Follower.objects.for_locality(complaint.locality_id).get_or_create(
        complaint=complaint, citizen=citizen, defaults={"locality_id": complaint.locality_id}
    )
    return follower


# -- working the case -------------------------------------------------------------------------


def _may_work(actor: User, locality_id: int) -> None:
    if actor.is_platform_admin:
        return
    if actor.locality_id != locality_id or actor.role not in Role.CASE_WORKERS:
        raise PermissionDenied()


def complaint_set_category(*, complaint: Complaint, actor: User, category_code: str) -> Complaint:
    """An officer sets or corrects the category; the correction becomes training data."""
    _may_work(actor, complaint.locality_id)
    category = category_get(complaint.case.locality, category_code)
    with transaction.atomic():
        locked = (
            Complaint.objects.for_locality(complaint.locality_id)
            .select_for_update(of=("self",))
            .select_related("case", "category")
            .get(pk=complaint.pk)
        )
        case = locked.case
        previous = locked.category
        _map_count(locked, case, case.status, -1)
        locked.category = category
        locked.classified_by = Complaint.Classified.STAFF
        locked.needs_triage = False
        locked.save(update_fields=["category", "classified_by", "needs_triage"])
        _map_count(locked, case, case.status, +1)
        Case.objects.for_locality(case.locality_id).filter(pk=case.pk).update(
            category=category.code,
            department=category.department or case.department,
            title=_title(category, case.description),
        )
        TrainingExample.objects.for_locality(locked.locality_id).update_or_create(
            source=TrainingExample.Source.CORRECTION,
            ref=f"case:{case.pk}",
            defaults={"text": case.description, "category_code": category.code},
            create_defaults={
                "locality_id": locked.locality_id,
                "text": case.description,
                "category_code": category.code,
            },
        )
        case_events._event(
            case,
            kind="note",
            actor=actor,
            actor_label="",
            public=False,
            message=f"ประเภท: {previous.name_th if previous else '-'} → {category.name_th}",
            data={"category_from": previous.code if previous else "", "category": category.code},
        )
        audit_record(
            action="complaint.category",
            locality=case.locality,
            actor=actor,
            obj=case,
            detail={"from": previous.code if previous else "", "to": category.code},
        )
    locked.refresh_from_db()
    return locked


def complaint_forward(
    *, complaint: Complaint, actor: User, organisation: str, reason: str, ip: str | None = None
) -> Complaint:
    """Hand the case to an organisation outside the locality (PEA, PWA, a highway office)."""
    organisation = (organisation or "").strip()
    if not organisation:
        raise _refuse(
            "organisation_required",
            "Name the organisation the case goes to.",
            "กรุณาระบุหน่วยงานที่ส่งต่อ",
        )
    with transaction.atomic():
        Complaint.objects.for_locality(complaint.locality_id).filter(pk=complaint.pk).update(
            forwarded_to=organisation[:200], forward_reason=(reason or "").strip()
        )
        token = _module_call.set(True)
        try:
            case_transition(
                case=complaint.case,
                action="forward",
                actor=actor,
                reason=f"ส่งต่อ {organisation}: {reason}".strip(": "),
                ip=ip,
            )
        finally:
            _module_call.reset(token)
    complaint.refresh_from_db()
    return complaint


def complaint_merge(
    *, duplicate: Complaint, into: Complaint, actor: User, ip: str | None = None
) -> Complaint:
    """Close ``duplicate`` as merged into ``into``; its reporter and followers follow ``into``
    and everyone is told where to track it."""
    if duplicate.pk == into.pk or duplicate.locality_id != into.locality_id:
        raise _refuse("merge_invalid", "Pick another open case.", "เลือกเรื่องอื่นที่ยังเปิดอยู่")
    if into.case.status not in OPEN_STATES:
        raise _refuse(
            "merge_target_closed",
            "The case to merge into is closed.",
            "เรื่องที่จะรวมเข้าปิดไปแล้ว",
            status=Conflict,
        )
    with transaction.atomic():
        token = _module_call.set(True)
        try:
            case_transition(
                case=duplicate.case,
                action="merge",
                actor=actor,
                reason=f"ซ้ำกับ {into.case.number} (duplicate of {into.case.number})",
                ip=ip,
            )
        finally:
            _module_call.reset(token)
        Complaint.objects.for_locality(duplicate.locality_id).filter(pk=duplicate.pk).update(
            merged_into=into
        )
        citizens = {f.citizen_id for f in duplicate.followers.all()}
        if duplicate.case.reporter_id:
            citizens.add(duplicate.case.reporter_id)
        citizens.discard(into.case.reporter_id)
        for citizen_id in citizens:
            Follower.objects.for_locality(into.locality_id).get_or_create(
                complaint=into, citizen_id=citizen_id, defaults={"locality_id": into.locality_id}
            )
        link = tracking_url(into.case)
        for citizen in Citizen.objects.for_locality(into.locality_id).filter(pk__in=citizens):
            notify_citizen(
                locality=into.case.locality,
                citizen=citizen,
                text_th=f"เรื่อง {duplicate.case.number} ซ้ำกับ {into.case.number} "
                f"จึงรวมเป็นเรื่องเดียวกัน ติดตามได้ที่ {link}",
                text_en=f"Case {duplicate.case.number} duplicates {into.case.number} and was "
                f"merged into it. Track it at {link}",
                dedupe_key=f"complaint:{duplicate.pk}:merged:{citizen.pk}",
            )
        case_add_note(
            case=into.case,
            actor=actor,
            message=f"รวมเรื่องที่ซ้ำกัน {duplicate.case.number} เข้ากับเรื่องนี้ "
            f"(merged duplicate {duplicate.case.number})",
            public=True,
        )
    into.refresh_from_db()
    return into


def complaint_rate(*, complaint: Complaint, stars: int, comment: str = "") -> Complaint:
    """The reporter rates a resolved case 1–5 stars, once."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise _refuse("rating_invalid", "Give 1 to 5 stars.", "ให้คะแนน 1 ถึง 5 ดาว")
    with transaction.atomic():
        locked = (
            Complaint.objects.for_locality(complaint.locality_id)
            .select_for_update(of=("self",))
            .select_related("case")
            .get(pk=complaint.pk)
        )
        if locked.case.status != "resolved":
            raise _refuse(
                "rating_not_resolved",
                "Only a resolved case can be rated.",
                "ให้คะแนนได้เมื่อเรื่องเสร็จสิ้นแล้วเท่านั้น",
                status=Conflict,
            )
        if locked.rating is not None:
            raise _refuse(
                "rating_already_given",
                "This case has already been rated.",
                "เรื่องนี้ได้รับการให้คะแนนแล้ว",
                status=Conflict,
            )
        locked.rating = stars
        locked.rating_comment = (comment or "").strip()[:1000]
        locked.rated_at = timezone.now()
        locked.save(update_fields=["rating", "rating_comment", "rated_at"])
        case_events._event(
            locked.case,
            kind="rating",
            actor=None,
            actor_label="reporter",
            public=True,
            message=f"{'★' * stars}{'☆' * (5 - stars)} {locked.rating_comment}".strip(),
            data={"stars": stars},
        )
        audit_record(
            action="complaint.rated",
            locality=locked.case.locality,
            actor_label="reporter",
            obj=locked.case,
            detail={"stars": stars},
        )
    return locked


def complaint_reopen(*, complaint: Complaint, reason: str) -> Complaint:
    """The reporter reopens a resolved case within 7 days of its closing."""
    case = complaint.case
    if case.status != "resolved":
        raise _refuse(
            "reopen_not_resolved",
            "Only a resolved case can be reopened.",
            "เปิดเรื่องอีกครั้งได้เมื่อเรื่องเสร็จสิ้นแล้วเท่านั้น",
            status=Conflict,
        )
    if case.closed_at and timezone.now() - case.closed_at > timedelta(days=REOPEN_DAYS):
        raise _refuse(
            "reopen_window_passed",
            f"A case can be reopened within {REOPEN_DAYS} days of being resolved.",
            f"เปิดเรื่องอีกครั้งได้ภายใน {REOPEN_DAYS} วันหลังเสร็จสิ้น",
            status=Conflict,
        )
    with transaction.atomic():
        case_transition(case=case, action="reopen", as_reporter=True, reason=reason)
        Complaint.objects.for_locality(complaint.locality_id).filter(pk=complaint.pk).update(
            reopen_count=F("reopen_count") + 1, rating=None, rating_comment="", rated_at=None
        )
        if case.department_id:
            _tell_department(
                case,
                text=f"ผู้ร้องเปิดเรื่อง {case.number} อีกครั้ง: {reason}",
                key=f"reopen:{timezone.now().timestamp()}",
            )
    complaint.refresh_from_db()
    return complaint


def _tell_department(case: Case, *, text: str, key: str) -> None:
    department = Department.objects.for_locality(case.locality_id).filter(pk=case.department_id)
    head = department.values_list("head__email", flat=True).first()
    if head:
        notify_enqueue(
            locality=case.locality,
            channel="email",
            recipient=head,
            payload={"subject": f"[Thongthin] {case.number}", "text": text},
            dedupe_key=f"case:{case.pk}:{key}",
        )


def escalate_overdue(now: datetime | None = None) -> int:
    """Tell the department head about every open complaint past its service window, once."""
    now = now or timezone.now()
    overdue = (
        Complaint.objects.unscoped()
        .filter(
            case__status__in=OPEN_STATES,
            case__sla_due_at__lt=now,
            escalated_at__isnull=True,
        )
        .select_related("case", "case__locality")[:500]
    )
    count = 0
    for complaint in overdue:
        case = complaint.case
        with transaction.atomic():
            if (
                not Complaint.objects.for_locality(case.locality_id)
                .filter(pk=complaint.pk, escalated_at__isnull=True)
                .update(escalated_at=now)
            ):
                continue
            case_events._event(
                case,
                kind="escalated",
                actor=None,
                actor_label="system",
                public=False,
                message="เกินกำหนดเวลาให้บริการ แจ้งหัวหน้ากองแล้ว (past its service window: "
                "the head of division was told)",
            )
            _tell_department(
                case,
                text=f"เรื่อง {case.number} เกินกำหนดเวลาให้บริการแล้ว: {case.title}",
                key="escalated",
            )
            audit_record(
                action="complaint.escalated", locality=case.locality, actor_label="system", obj=case
            )
        count += 1
    return count


# -- hooks the case engine calls ----------------------------------------------------------------


def guard_transition(case: Case, action: str, reason: str) -> None:
    if action in ("forward", "merge") and not _module_call.get():
        raise _refuse(
            "use_module_form",
            "Use the complaint's forward or merge form.",
            "ใช้แบบฟอร์มส่งต่อหรือรวมเรื่องของเรื่องร้องทุกข์",
        )
    if action == "resolve" and not (reason or "").strip():
        has_after_photo = Attachment.objects.for_locality(case.locality_id).filter(
            case=case, uploaded_by__isnull=False, content_type__startswith="image/"
        )
        if not has_after_photo.exists():
            raise _refuse(
                "resolve_needs_evidence",
                "Resolving needs an after-photo or a written reason.",
                "การปิดเรื่องต้องมีรูปหลังดำเนินการหรือเหตุผลเป็นลายลักษณ์อักษร",
            )


def on_transition(case: Case, from_status: str, action: str, reason: str) -> None:
    complaint = (
        Complaint.objects.for_locality(case.locality_id)
        .select_related("category")
        .filter(case=case)
        .first()
    )
    if complaint is None:
        return
    _map_count(complaint, case, from_status, -1)
    _map_count(complaint, case, case.status, +1)
    state = case.status
    link = tracking_url(case)
    text_th = f"เรื่อง {case.number}: {_label(case, 'th')}" + (f" ({reason})" if reason else "")
    text_en = f"Case {case.number}: {_label(case, 'en')}" + (f" ({reason})" if reason else "")
    for follower in complaint.followers.select_related("citizen"):
        notify_citizen(
            locality=case.locality,
            citizen=follower.citizen,
            text_th=text_th,
            text_en=text_en,
            dedupe_key=f"case:{case.pk}:{action}:{timezone.now().timestamp()}:{follower.pk}",
        )
    if state == "resolved":
        notify_citizen(
            locality=case.locality,
            citizen=case.reporter,
            text_th=f"ช่วยให้คะแนนการแก้ไขเรื่อง {case.number} (1-5 ดาว) หรือเปิดเรื่องอีกครั้งภายใน "
            f"{REOPEN_DAYS} วัน หากยังไม่ได้รับการแก้ไข: {link}",
            text_en=f"Please rate how {case.number} was handled (1-5 stars), or reopen it within "
            f"{REOPEN_DAYS} days if it is not fixed: {link}",
            dedupe_key=f"case:{case.pk}:rate:{timezone.now().timestamp()}",
            quick_replies=[
                {"label": "★" * n, "data": f"rate:{case.pk}:{n}", "text": "★" * n}
                for n in range(5, 0, -1)
            ],
        )


def _label(case: Case, language: str) -> str:
    from thongthin.core.workflow import get_case_kind

    state = get_case_kind(case.kind).workflow.state(case.status)
    return state.label_en if language == "en" else state.label_th
