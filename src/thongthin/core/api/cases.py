"""Cases for staff and integrations, always inside the caller's own locality."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from ..access import has_capability
from ..errors import PermissionDenied, ValidationFailed
from ..http import retry_of
from ..models.cases import Channel
from ..selectors import access_case, assignment_targets, case_list
from ..services.accounts import ReporterIn
from ..services.attachments import attachment_create
from ..services.case_work import case_add_note, case_assign
from ..services.cases import case_file, case_transition
from ..services.idempotency import caller_of, idempotent_call
from ..workflow import get_case_kind
from .auth import STAFF_ONLY, STAFF_OR_KEY, Principal, client_ip, principal_of
from .schemas import (
    ERRORS,
    OFFSET_MAX,
    AssignIn,
    AttachmentOut,
    CaseIn,
    CaseList,
    CaseOut,
    EventOut,
    NoteIn,
    TransitionIn,
)

router = Router(tags=["cases"], auth=STAFF_OR_KEY)


# Listed as plain values: no model instances, so 20 rows serialise in well under a millisecond.
CASE_FIELDS = (
    "number", "kind", "title", "description", "status", "priority", "category", "channel",
    "lat", "lon", "h3_cell", "address", "subdistrict_id", "sla_due_at", "created_at",
    "updated_at", "closed_at", "tracking_code",
)  # fmt: skip


def case_out(case) -> dict:
    row = {field: getattr(case, field) for field in CASE_FIELDS}
    row["department"] = case.department.code if case.department_id else None
    row["assignee"] = case.assignee.username if case.assignee_id else None
    return row


def _case(principal: Principal, number: str):
    return access_case(actor=principal.actor, number=number, locality=principal.locality)


@router.get("", response={200: CaseList, **ERRORS})
def list_cases(
    request,
    status: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    limit: int = 20,
    offset: int = 0,
    with_count: bool = False,
    locality: str | None = None,
):
    """Newest first. ``next_offset`` is null on the last page; the total costs a COUNT over the
    locality's cases, so it is computed only when asked for."""
    principal = principal_of(request, locality)
    if not (1 <= limit <= 100) or not (0 <= offset <= OFFSET_MAX):
        raise ValidationFailed(
            _("limit is 1 to 100 and offset 0 to %(max)s."),
            code="bad_pagination",
            params={"max": OFFSET_MAX},
        )
    qs = case_list(
        locality=principal.locality, actor=principal.actor, status=status, kind=kind, q=q
    )
    rows = list(
        qs.values(
            *CASE_FIELDS,
            department_code=F("department__code"),
            assignee_username=F("assignee__username"),
        )[offset : offset + limit + 1]
    )
    for row in rows:
        row["department"] = row.pop("department_code")
        row["assignee"] = row.pop("assignee_username")
    page = {
        "items": rows[:limit],
        "count": qs.count() if with_count else None,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit
        if len(rows) > limit and offset + limit <= OFFSET_MAX
        else None,
    }
    # The rows are already the documented shape (CaseList); encoding them directly skips a
    # per-field validation pass that cost more than the query itself.
    return HttpResponse(
        json.dumps(page, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )


@router.post("", response={201: CaseOut, **ERRORS})
def create_case(request, payload: CaseIn, locality: str | None = None):
    principal = principal_of(request, locality)
    channel = payload.channel or (Channel.API if principal.api_key else Channel.PHONE)

    def create() -> tuple[int, dict]:
        case = case_file(
            locality=principal.locality,
            kind=payload.kind,
            actor=principal.actor,
            title=payload.title,
            description=payload.description,
            channel=channel,
            reporter=ReporterIn(name=payload.reporter_name, phone=payload.reporter_phone),
            lat=payload.lat,
            lon=payload.lon,
            address=payload.address,
            category=payload.category,
            priority=payload.priority,
            actor_label=principal.label,
            ip=client_ip(request),
        )
        return 201, case_out(case)

    status, body = idempotent_call(
        locality=principal.locality,
        scope="cases.create",
        **retry_of(request),
        create=create,
        caller=caller_of(api_key=principal.api_key, user=principal.user),
    )
    return Status(status, body)


@router.get("/{number}", response={200: CaseOut, **ERRORS})
def get_case(request, number: str, locality: str | None = None):
    return case_out(_case(principal_of(request, locality), number))


@router.get("/{number}/events", response={200: list[EventOut], **ERRORS})
def list_events(request, number: str, locality: str | None = None):
    return list(_case(principal_of(request, locality), number).events.all())


@router.post("/{number}/transitions", response={200: CaseOut, **ERRORS}, auth=STAFF_ONLY)
def transition_case(request, number: str, payload: TransitionIn, locality: str | None = None):
    principal = principal_of(request, locality)
    case = _case(principal, number)
    return case_out(
        case_transition(
            case=case,
            action=payload.action,
            actor=principal.user,
            reason=payload.reason,
            ip=client_ip(request),
        )
    )


@router.post("/{number}/assign", response={200: CaseOut, **ERRORS}, auth=STAFF_ONLY)
def assign_case(request, number: str, payload: AssignIn, locality: str | None = None):
    principal = principal_of(request, locality)
    case = _case(principal, number)
    department, assignee = assignment_targets(
        locality=principal.locality, department_code=payload.department, username=payload.assignee
    )
    assert principal.user is not None
    updated = case_assign(
        case=case,
        actor=principal.user,
        department=department,
        assignee=assignee,
        ip=client_ip(request),
    )
    return case_out(updated)


@router.post("/{number}/notes", response={201: EventOut, **ERRORS}, auth=STAFF_ONLY)
def add_note(request, number: str, payload: NoteIn, locality: str | None = None):
    principal = principal_of(request, locality)
    case = _case(principal, number)
    assert principal.user is not None
    event = case_add_note(
        case=case,
        actor=principal.user,
        message=payload.message,
        public=payload.public,
        ip=client_ip(request),
    )
    return Status(201, event)


@router.post("/{number}/attachments", response={201: AttachmentOut, **ERRORS})
def upload_attachment(
    request,
    number: str,
    file: UploadedFile = File(...),
    public: bool = False,
    locality: str | None = None,
):
    """A file on the case, staff-only unless ``public`` (then on the citizen's tracking page);
    for those who work the case's kind, or the person it is assigned to."""
    principal = principal_of(request, locality)
    case = _case(principal, number)
    kind = get_case_kind(case.kind)
    assignee = principal.user is not None and principal.user.pk == case.assignee_id
    if not (assignee or has_capability(principal.actor, case.locality, kind.work_capability)):
        raise PermissionDenied()
    attachment = attachment_create(
        case=case,
        data=file.read(),
        original_name=file.name or "",
        actor=principal.user,
        actor_label=principal.label,
        public=public,
        ip=client_ip(request),
    )
    return Status(
        201,
        {
            "id": attachment.pk,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "url": attachment.url,
            "thumbnail_url": attachment.thumbnail_url or None,
        },
    )
