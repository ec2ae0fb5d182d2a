"""Filing a complaint from any channel, and finding nearby duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from thongthin.core.db import rows
from thongthin.core.db.rows import insert
from thongthin.core.geo import degrees_around
from thongthin.core.i18n import for_records
from thongthin.core.models import Attachment, Case, Citizen, Locality, User
from thongthin.core.services import case_events
from thongthin.core.services.accounts import ReporterIn, reporter_resolve
from thongthin.core.services.attachments import attachment_create, files_prepared
from thongthin.core.services.cases import (
    case_create,
)
from thongthin.core.thai import validate_point

from .. import classifier, geo
from ..models import Category, Complaint, Follower
from ..workflow import OPEN_STATES
from ._common import PHOTOS_MAX, TEXT_MAX, _refuse
from .categories import category_get
from .mapcounts import _map_count

# -- filing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nearby:
    complaint: Complaint
    distance_m: float


def _nearest(
    *,
    locality: Locality,
    category: Category | None,
    lat: float,
    lon: float,
    limit: int,
    exclude_case_id: int | None = None,
) -> list[tuple[float, int]]:
    """(distance, case id) of the open complaints of the category within its radius, nearest
    first: plain values straight from the case table (its h3 index, no join; the category is
    copied onto the case), so only the few returned become anything more."""
    radius = category.duplicate_radius_m if category else 250
    cells = geo.cells_within(lat, lon, radius)
    # A statement written here, not a compiled queryset: it is on every filing through the API
    # (the locality scope is in the WHERE, as the tenant manager cannot check raw SQL). The
    # (status, cell) pairs come first as a table of constants joined to the cases, so every
    # pair is one lookup in the (locality, category, status, cell) index whatever the
    # planner's statistics say: with `status IN (...) AND h3_cell IN (...)` SQLite, whose
    # statistics are those of the demo's few hundred cases, walked every open case of the
    # category (0.7 ms with 4,600 of them; 0.2 ms this way).
    pairs = [(status, cell) for status in OPEN_STATES for cell in cells]
    box_lat, box_lon = degrees_around(lat, radius)
    where = [
        "c.locality_id = %s",
        "c.status = k.status",
        "c.h3_cell = k.cell",
        "c.kind = 'complaint'",
        # The square around the circle, so only the few inside it come back to be measured.
        "c.lat BETWEEN %s AND %s",
        "c.lon BETWEEN %s AND %s",
    ]
    params: list = [
        *(value for pair in pairs for value in pair),
        locality.pk,
        lat - box_lat,
        lat + box_lat,
        lon - box_lon,
        lon + box_lon,
    ]
    if category is not None:
        where.append("c.category = %s")
        params.append(category.code)
    if exclude_case_id is not None:
        where.append("c.id <> %s")
        params.append(exclude_case_id)
    table, conditions = Case._meta.db_table, " AND ".join(where)  # values go as parameters
    constants = ", ".join(["(%s, %s)"] * len(pairs))
    sql = (
        f"WITH k(status, cell) AS (VALUES {constants}) "  # noqa: S608
        f"SELECT c.id, c.lat, c.lon FROM k CROSS JOIN {table} c WHERE {conditions} LIMIT 1000"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return sorted(
        (distance, pk)
        for pk, c_lat, c_lon in found
        if (distance := geo.distance_m(lat, lon, c_lat, c_lon)) <= radius
    )[:limit]


def duplicates_near(
    *, locality: Locality, category: Category | None, lat: float, lon: float, limit: int = 5
) -> list[Nearby]:
    """Open complaints of the same category within the category's radius, nearest first."""
    near = _nearest(locality=locality, category=category, lat=lat, lon=lon, limit=limit)
    if not near:
        return []
    chosen = {
        c.case_id: c
        for c in Complaint.objects.for_locality(locality)
        .filter(case_id__in=[pk for _, pk in near])
        .select_related("case")
    }
    return [Nearby(chosen[pk], distance) for distance, pk in near if pk in chosen]


def nearby_brief(
    *,
    locality: Locality,
    category: Category | None,
    lat: float,
    lon: float,
    limit: int = 5,
    exclude_case_id: int | None = None,
) -> list[dict]:
    """The same answer as ``duplicates_near`` as the API gives it (number, title, status,
    distance, filed at), read as plain values: it is on every filing through the API."""
    near = _nearest(
        locality=locality,
        category=category,
        lat=lat,
        lon=lon,
        limit=limit,
        exclude_case_id=exclude_case_id,
    )
    if not near:
        return []
    fields = ("number", "title", "status", "created_at")
    placeholders = ", ".join(["%s"] * len(near))
    cases = {
        case.pk: case
        for case in rows.select(
            Case,
            f"locality_id = %s AND id IN ({placeholders})",
            [locality.pk, *(pk for _, pk in near)],
            columns=fields,
        )
    }
    return [
        {**{f: getattr(cases[pk], f) for f in fields}, "distance_m": round(distance)}
        for distance, pk in near
        if pk in cases
    ]


def _clean_description(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _refuse("description_required", _("Please describe the problem."))
    if len(text) > TEXT_MAX:
        raise _refuse(
            "description_too_long",
            _("The description is longer than %(n)s characters."),
            params={"n": TEXT_MAX},
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
            _("Unknown attribute(s) %(codes)s."),
            params={"codes": sorted(unknown)},
        )
    clean: dict = {}
    for code, question in questions.items():
        value = raw.get(code)
        if value is None:
            if question.get("required"):
                raise _refuse(
                    "attribute_required",
                    _("Attribute '%(code)s' is required."),
                    params={"code": code},
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
                    "attribute_invalid", _("'%(code)s' must be a number."), params={"code": code}
                ) from None
        elif datatype in ("singlevaluelist", "multivaluelist"):
            if any(str(v) not in keys for v in values) or (
                datatype == "singlevaluelist" and len(values) != 1
            ):
                raise _refuse(
                    "attribute_invalid",
                    _("'%(code)s' must be one of %(keys)s."),
                    params={"code": code, "keys": sorted(keys)},
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
    reporter: Citizen | ReporterIn | None = None,
    photos: list[bytes] | None = None,
    photo_attachments: list[Attachment] | None = None,
    prepared_photos: list[Attachment] | None = None,
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
    unplaced_ok: bool = False,
) -> Complaint:
    """File a complaint from any channel: validate everything, then write it all or nothing.
    ``unplaced_ok``: a complaint with an address and no point is accepted and waits for an
    officer to place it (``needs_location``; Open311 allows address-only requests).
    ``prepared_photos``: photos a caller already in a transaction prepared before it
    (``files_prepared``); ``photos`` are prepared here, before this filing's transaction.

    Without a category the text is classified; below the confidence threshold the complaint
    waits for a person (``needs_triage``). A point outside the locality is accepted and
    flagged for forwarding, never refused.
    """
    description = _clean_description(description)
    unplaced = (lat is None or lon is None) and unplaced_ok and bool(address.strip())
    if (lat is None or lon is None) and not unplaced:
        raise _refuse(
            "location_required",
            _("Please give the location (a map pin or your current location)."),
        )
    if not unplaced:
        validate_point(lat, lon)
    photos = photos or []
    if len(photos) + len(photo_attachments or []) + len(prepared_photos or []) > PHOTOS_MAX:
        raise _refuse("too_many_photos", _("At most %(n)s photos."), params={"n": PHOTOS_MAX})
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
    outside = not unplaced and not geo.inside_locality(locality, lat, lon)  # type: ignore[arg-type]
    cells = {5: "", 7: ""} if unplaced else geo.map_cells(lat, lon)  # type: ignore[arg-type]
    written: list[Complaint] = []

    def records(case: Case) -> None:  # in the case's transaction
        complaint = insert(
            Complaint(
                locality=locality,
                case=case,
                category=category,
                labels=labels or (category.name_th if category else ""),
                classified_by=classified_by,
                confidence=confidence,
                needs_triage=category is None,
                outside_area=outside,
                needs_location=unplaced,
                show_name=show_name,
                source=source,
                external_id=external_id,
                attributes=answers,
                media_url=media_url[:500],
                cell_r5=cells[5],
                cell_r7=cells[7],
            )
        )
        for photo in [*(prepared_photos or []), *prepared]:
            attachment_create(case=case, prepared=photo, actor_label=actor_label or "citizen")
        for attachment in photo_attachments or []:
            Attachment.objects.for_locality(locality).filter(pk=attachment.pk, case=None).update(
                case=case
            )
        if outside:
            case_events.event_record(
                case,
                kind="note",
                actor=None,
                actor_label="system",
                public=False,
                message=for_records(_("Location outside the locality: check and forward.")),
            )
        if unplaced:
            case_events.event_record(
                case,
                kind="note",
                actor=None,
                actor_label="system",
                public=False,
                message=for_records(_("Filed with an address only: place it on the map.")),
            )
        _map_count(complaint, case, case.status, +1, totals=True)
        written.append(complaint)

    # Photos are cleaned and written now, before the transaction (on SQLite it holds the one
    # write lock, and decoding a phone's photo takes far longer than the filing's rows).
    with files_prepared(locality=locality, files=[("", data) for data in photos]) as prepared:
        case_create(
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
            then=records,
        )
    return written[0]


def complaint_me_too(*, complaint: Complaint, reporter: Citizen | ReporterIn) -> Follower | None:
    """A citizen says "this is mine too": they follow the case instead of filing a copy. Only
    someone who can be reached (a LINE account or a phone) is recorded; None otherwise."""
    if isinstance(reporter, ReporterIn) and not (reporter.phone.strip() or reporter.line_user_id):
        return None
    with transaction.atomic():
        citizen = reporter_resolve(locality=complaint.case.locality, reporter=reporter)
        assert citizen is not None
        follower, _created = Follower.objects.for_locality(complaint.locality_id).get_or_create(
            complaint=complaint, citizen=citizen, defaults={"locality_id": complaint.locality_id}
        )
    return follower
