"""Applying for a service and working the application (the Licensing Facilitation Act's
steps). Each function is one transaction; the case engine records the timeline and audit."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, IllegalTransition, ValidationFailed
from thongthin.core.i18n import Localized, Message, for_records
from thongthin.core.models import Case, Citizen, Locality, User
from thongthin.core.services import case_events
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.attachments import attachment_create, files_prepared
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.services.cases import case_create, case_transition
from thongthin.core.services.notifications import (
    notify_citizen,
    notify_division_head,
    notify_enqueue,
)

from ..formdata import answers_clean
from ..models import Application, IssuedDocument, Service
from ..module import MODULE, WORK

FILES_MAX = 10
WORKING_DAY_HOURS = 8


def _check_files(files: list[bytes]) -> None:
    """Refuse too many files before any is read (each is checked as it is prepared)."""
    if len(files) > FILES_MAX:
        raise ValidationFailed(
            _("At most %(n)s files."), code="too_many_files", params={"n": FILES_MAX}
        )


def _sla(service: Service) -> tuple[float | None, str]:
    """The service's time limit as the case engine counts it."""
    if not service.time_limit:
        return None, "working"
    unit = service.time_unit
    if unit == Service.TimeUnit.MINUTES:
        return service.time_limit / 60, "working"
    if unit == Service.TimeUnit.HOURS:
        return float(service.time_limit), "working"
    if unit == Service.TimeUnit.WORKING_DAYS:
        return float(service.time_limit * WORKING_DAY_HOURS), "working"
    return float(service.time_limit * 24), "calendar"


def application_submit(
    *,
    locality: Locality,
    service: Service,
    answers: dict,
    files: dict[str, bytes] | None = None,
    reporter: Citizen | ReporterIn | None = None,
    channel: str = "web",
    actor: User | None = None,
    ip: str | None = None,
    renews: IssuedDocument | None = None,
) -> Application:
    """File an application on the web or at the counter: the answers are checked against the
    service's form as it is now, and the application keeps that version of the form. A renewal
    names the document it renews (of the same service and locality)."""
    if service.locality_id != locality.pk or not service.active:
        raise ValidationFailed(_("This service is not offered."), code="service_unavailable")
    if renews is not None and (
        renews.locality_id != locality.pk or renews.application.service_id != service.pk
    ):
        raise ValidationFailed(_("That document is not of this service."), code="renews_other")
    if not service.form:
        raise ValidationFailed(
            _("This service is applied for at the office (it has no online form)."),
            code="no_online_form",
        )
    files = files or {}
    _check_files(list(files.values()))
    clean = answers_clean(service.form, answers, files)
    hours, mode = _sla(service)
    # The scans are cleaned and written before the transaction (not under SQLite's one write
    # lock); a failed submission removes them.
    with (
        files_prepared(
            locality=locality, files=files.items(), actor=actor, public=False
        ) as prepared,
        transaction.atomic(),
    ):
        case = case_create(
            locality=locality,
            kind="application",
            title=service.name_th,
            channel=channel,
            reporter=reporter,
            department=service.department,
            actor=actor,
            actor_label="" if actor else "citizen",
            ip=ip,
            sla_hours=hours,
            sla_mode=mode,
        )
        application = Application.objects.create(
            locality=locality,
            case=case,
            service=service,
            form_version=service.form_version,
            form=service.form,
            answers=clean,
            renews=renews,
        )
        for attachment in prepared:
            attachment_create(
                case=case, prepared=attachment, actor=actor,
                actor_label="" if actor else "citizen",
            )  # fmt: skip
    return application


def missing_due(today: date | None = None) -> date:
    """The day missing documents are due: the module's number of working days from today."""
    day = today or timezone.localdate()
    left = int(MODULE.setting("MISSING_DOCUMENTS_WORKING_DAYS"))
    while left > 0:
        day += timedelta(days=1)
        if thai.is_working_day(day):
            left -= 1
    return day


def on_transition(case: Case, from_status: str, action: str, reason: str) -> None:
    """Keep the application's record of missing documents in step with the case."""
    rows = Application.objects.for_locality(case.locality_id).filter(case=case)
    if action == "ask_documents":
        rows.update(missing_note=reason, missing_due=missing_due())
    elif action == "issue":
        from .documents import document_issue

        document_issue(case)
    elif from_status == "missing_documents":
        rows.update(missing_due=None)


def application_supply(*, application: Application, files: list[bytes], message: str = "") -> Case:
    """The applicant (holder of the tracking code) supplies the missing documents: the files
    join the case and it goes back to be checked."""
    if not files:
        raise ValidationFailed(_("Attach the missing documents."), code="files_required")
    if application.case.status != "missing_documents":
        raise IllegalTransition(
            _("No documents are waited for on this application."), code="nothing_missing"
        )
    _check_files(files)
    locality = application.case.locality
    with (
        files_prepared(
            locality=locality, files=[("", data) for data in files], public=False
        ) as prepared,
        transaction.atomic(),
    ):
        # The step locks the case and checks its status again: a replay is refused, and the
        # files prepared for it are removed.
        case = case_transition(
            case=application.case, action="supply", as_reporter=True, actor_label="citizen",
            reason=message.strip()[:2000],
        )  # fmt: skip
        for attachment in prepared:
            attachment_create(case=case, prepared=attachment, actor_label="citizen")
    return case


def applications_close_overdue(now=None) -> int:
    """Close the applications whose missing documents were not supplied by the day in the
    record (the worker runs this; idempotent)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    closed = 0
    due = Application.objects.unscoped().filter(
        case__status="missing_documents", missing_due__lt=today
    )
    for application in due.select_related("case"):
        case_transition(case=application.case, action="abandon", system=True)
        closed += 1
    return closed


DELAY_EVERY = timedelta(days=7)


def _delay_text(application: Application) -> Message:
    case = application.case
    if application.delay_reason:
        return Message(
            _(
                "Your application %(number)s (%(service)s) has passed its time limit and is "
                "still being considered, because: %(reason)s. We will tell you again every 7 "
                "days until it is decided."
            ),
            number=case.number,
            service=Localized(application.service, "name"),
            reason=application.delay_reason,
        )
    return Message(
        _(
            "Your application %(number)s (%(service)s) has passed its time limit "
            "and is still being considered. We will tell you again every 7 days "
            "until it is decided."
        ),
        number=case.number,
        service=Localized(application.service, "name"),
    )


def _escalate(application: Application, now) -> None:  # type: ignore[no-untyped-def]
    """The first time an application is past its limit, its division head is told."""
    case = application.case
    if not (
        Application.objects.for_locality(application.locality_id)
        .filter(pk=application.pk, escalated_at__isnull=True)
        .update(escalated_at=now)
    ):
        return
    case_events.event_record(
        case,
        kind="escalated",
        actor_label="system",
        message=for_records(_("Past its time limit: the head of division was told.")),
    )
    notify_division_head(
        case,
        text=for_records(
            Message(
                _(
                    "Application %(number)s (%(service)s) is past its legal time limit and not "
                    "yet decided. Record the reason for the delay on its page: the applicant is "
                    "told it."
                ),
                number=case.number,
                service=Localized(application.service, "name"),
            )
        ),
        key="escalated",
    )


def applications_tell_delay(now=None) -> int:
    """Section 10 of the Licensing Facilitation Act: an application not decided within the
    manual's time is reported to the applicant (with the reason the officer gave), and again
    every 7 days until it is decided; the first time, the division head is told too. Run by the
    worker (idempotent: at most one notice per application per 7 days)."""
    now = now or timezone.now()
    told = 0
    due = (
        Application.objects.unscoped()
        .filter(case__closed_at__isnull=True, case__sla_due_at__lt=now)
        .exclude(case__status__in=("fee_due", "paid"))  # decided, waiting for the applicant
        .filter(Q(delay_told_at__isnull=True) | Q(delay_told_at__lte=now - DELAY_EVERY))
        .select_related("case", "case__locality", "case__reporter", "service")
    )
    for application in due:
        case = application.case
        with transaction.atomic():
            Application.objects.for_locality(application.locality_id).filter(
                pk=application.pk
            ).update(delay_told_at=now)
            _escalate(application, now)
            case_events.event_record(
                case, kind="delay_told", actor_label="system", message=application.delay_reason
            )
            notify_citizen(
                locality=case.locality,
                citizen=case.reporter,
                text=_delay_text(application),
                dedupe_key=f"application:{case.pk}:delay:{now:%Y%m%d}",
            )
            _copy_to_opdc(application, now)
        told += 1
    return told


def _copy_to_opdc(application: Application, now) -> None:  # type: ignore[no-untyped-def]
    """Section 10 asks for a copy of each delay notice to OPDC (where the locality set the
    address)."""
    address = str(MODULE.setting("OPDC_DELAY_EMAIL") or "").strip()
    if not address:
        return
    case = application.case
    notify_enqueue(
        locality=case.locality,
        channel="email",
        recipient=address,
        payload={
            "subject": f"[{case.locality.name_th}] {case.number}",
            "text": for_records(
                Message(
                    _(
                        "Copy of a delay notice (s. 10, Licensing Facilitation Act 2015): "
                        "application %(number)s (%(service)s) to %(locality)s, filed %(filed)s, "
                        "time limit %(due)s, not yet decided. Reason: %(reason)s"
                    ),
                    number=case.number,
                    service=application.service.name_th,
                    locality=case.locality.name_th,
                    filed=thai.format_thai_date(case.created_at, long=True),
                    due=thai.format_thai_date(case.sla_due_at, long=True)
                    if case.sla_due_at
                    else "-",
                    reason=application.delay_reason or "-",
                )
            ),
        },
        dedupe_key=f"application:{case.pk}:opdc:{now:%Y%m%d}",
    )


def application_explain_delay(
    *, application: Application, actor: User, reason: str, ip: str | None = None
) -> Application:
    """The officer records why an application is late (s. 10 of the Act); the applicant is told
    at once, and with every later notice."""
    case = application.case
    require_capability(actor, case.locality, WORK)
    reason = " ".join(str(reason or "").split())[:1000]
    if not reason:
        raise ValidationFailed(
            _("Say why the application is late."),
            code="reason_required",
            detail={"field": "reason"},
        )
    if case.closed_at is not None or case.sla_due_at is None or case.sla_due_at > timezone.now():
        raise Conflict(
            _("Only an open application past its time limit has a delay to explain."),
            code="not_overdue",
        )
    with transaction.atomic():
        Application.objects.for_locality(application.locality_id).filter(pk=application.pk).update(
            delay_reason=reason
        )
        application.delay_reason = reason
        event = case_events.event_record(case, kind="delay_told", actor=actor, message=reason)
        notify_citizen(
            locality=case.locality,
            citizen=case.reporter,
            text=_delay_text(application),
            dedupe_key=f"application:{case.pk}:delay-reason:{event.pk}",
        )
        audit_record(
            action=AuditAction.CASE_NOTE, locality=case.locality, actor=actor, obj=case, ip=ip,
            detail={"what": "delay reason"},
        )  # fmt: skip
    return application
