"""The site inspection of an application under consideration, where the service has one (a
building, a shop, a food place): the officer sets the day and time, the applicant is told
(what to prepare included), then the result is recorded; the application cannot be approved
before it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, IllegalTransition, ValidationFailed
from thongthin.core.i18n import Localized, Message
from thongthin.core.models import Case, User
from thongthin.core.services import case_events
from thongthin.core.services.notifications import notify_citizen

from ..models import Application
from ..module import WORK

AHEAD_MAX = timedelta(days=90)
TEXT_MAX = 1000


def _considering(application: Application, actor: User) -> Case:
    case = application.case
    require_capability(actor, case.locality, WORK)
    if not application.service.inspection:
        raise Conflict(_("This service has no site inspection."), code="no_inspection")
    if case.status != "considering":
        raise Conflict(
            _("The inspection is set while the application is under consideration."),
            code="not_considering",
        )
    return case


def inspection_schedule(
    *, application: Application, actor: User, when: datetime | None, note: str = "",
    now: datetime | None = None,
) -> Application:  # fmt: skip
    """Set (or move) the inspection to ``when``; the applicant is told, with ``note`` (what to
    have ready)."""
    case = _considering(application, actor)
    now = now or timezone.now()
    if when is None or not now < when <= now + AHEAD_MAX:
        raise ValidationFailed(
            _("Give a day and time from now to 90 days ahead."),
            code="inspection_time_invalid",
            detail={"field": "day"},
        )
    note = " ".join(str(note or "").split())[:TEXT_MAX]
    with transaction.atomic():
        Application.objects.for_locality(application.locality_id).filter(pk=application.pk).update(
            inspection_at=when, inspection_note=note
        )
        when_text = thai.format_thai_date(when, long=True, with_time=True)
        event = case_events.event_record(
            case, kind="inspection", actor=actor, message=f"{when_text} {note}".strip()
        )
        notify_citizen(
            locality=case.locality,
            citizen=case.reporter,
            text=Message(
                _(
                    "An officer will inspect the site for your application %(number)s "
                    "(%(service)s) on %(when)s. %(note)s"
                ),
                number=case.number,
                service=Localized(application.service, "name"),
                when=when_text,
                note=note,
            ),
            dedupe_key=f"application:{case.pk}:inspection:{event.pk}",
        )
    application.refresh_from_db()
    return application


def inspection_record(*, application: Application, actor: User, result: str) -> Application:
    """The inspection was done: its result, on the case's timeline."""
    case = _considering(application, actor)
    result = " ".join(str(result or "").split())[:TEXT_MAX]
    if not result:
        raise ValidationFailed(
            _("Write what the inspection found."),
            code="result_required",
            detail={"field": "result"},
        )
    with transaction.atomic():
        Application.objects.for_locality(application.locality_id).filter(pk=application.pk).update(
            inspected_at=timezone.now(), inspection_result=result
        )
        case_events.event_record(case, kind="inspection", actor=actor, message=result)
    application.refresh_from_db()
    return application


def require_inspection(case: Case) -> None:
    """The approval guard: a service with an inspection needs its result first."""
    application = (
        Application.objects.for_locality(case.locality_id)
        .filter(case=case)
        .select_related("service")
        .first()
    )
    if application is not None and application.service.inspection and not application.inspected_at:
        raise IllegalTransition(
            _("This service has a site inspection: record its result first."),
            code="inspection_first",
        )
