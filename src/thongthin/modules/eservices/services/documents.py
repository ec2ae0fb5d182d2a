"""Issued documents (licence, permit, certificate): made when an application is issued, from
the service's template with the applicant's answers; checked by anyone through the QR code on
the document; revoked with a reason, never deleted; a renewal reminder before it expires."""

from __future__ import annotations

import calendar
import re
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.errors import Conflict, ValidationFailed
from thongthin.core.i18n import Localized, Message
from thongthin.core.models import Case, User
from thongthin.core.services.notifications import notify_citizen

from ..models import Application, IssuedDocument
from ..module import WORK
from ..selectors import answer_text

RENEWAL_NOTICE_DAYS = 30
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
DEFAULT_BODY = (
    "{{ locality }} ออกเอกสารฉบับนี้ให้แก่ {{ full_name }} ตามคำขอเลขที่ {{ number }} "
    "เรื่อง {{ service }} ออกให้ ณ วันที่ {{ issued }} ใช้ได้ถึงวันที่ {{ valid_until }}"
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def document_fill(template: str, values: dict[str, str]) -> str:
    """``{{ code }}`` replaced by its value; an unknown name is left out (never an error: the
    admin's template must not stop a licence from being issued)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template)


def document_values(application: Application, issued: date, valid_until: date | None) -> dict:
    values = {
        field["code"]: answer_text(field, application.answers[field["code"]])
        for field in application.form
        if field.get("code") in application.answers
    }
    values.update(
        number=application.case.number,
        locality=application.case.locality.name_th,
        service=application.service.name_th,
        issued=thai.format_thai_date(issued, long=True),
        valid_until=thai.format_thai_date(valid_until, long=True) if valid_until else "-",
    )
    return values


def document_issue(case: Case) -> IssuedDocument | None:
    """Called in the transaction of the case's ``issue`` step (the workflow's hook)."""
    application = (
        Application.objects.for_locality(case.locality_id)
        .filter(case=case)
        .select_related("service", "case__locality")
        .first()
    )
    if application is None:
        return None
    existing = IssuedDocument.objects.for_locality(case.locality_id).filter(application=application)
    if existing.exists():
        return existing.first()
    service = application.service
    now = timezone.now()
    issued = thai.to_bangkok(now).date()
    valid_until = add_months(issued, service.validity_months) if service.validity_months else None
    values = document_values(application, issued, valid_until)
    return IssuedDocument.objects.create(
        locality_id=case.locality_id,
        application=application,
        title=service.document_title or service.name_th,
        body=document_fill(service.document_body or DEFAULT_BODY, values),
        holder=str(application.answers.get("full_name", ""))[:200],
        issued_at=now,
        valid_until=valid_until,
        token=secrets.token_urlsafe(18),
    )


def document_state(document: IssuedDocument, today: date | None = None) -> str:
    """``valid``, ``expired`` or ``revoked``."""
    if document.revoked_at is not None:
        return "revoked"
    today = today or timezone.localdate()
    if document.valid_until is not None and document.valid_until < today:
        return "expired"
    return "valid"


def document_revoke(*, document: IssuedDocument, actor: User, reason: str) -> IssuedDocument:
    """Revoke a document (its verification page then says so); revoking twice is refused."""
    require_capability(actor, document.application.case.locality, WORK)
    if not reason.strip():
        raise ValidationFailed(_("Say why the document is revoked."), code="reason_required")
    with transaction.atomic():
        rows = IssuedDocument.objects.for_locality(document.locality_id).filter(
            pk=document.pk, revoked_at__isnull=True
        )
        if not rows.update(revoked_at=timezone.now(), revoke_reason=reason.strip()[:2000]):
            raise Conflict(_("This document is already revoked."), code="already_revoked")
    document.refresh_from_db()
    return document


def verify_url(document: IssuedDocument, slug: str) -> str:
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    return base + reverse("eservices:verify", kwargs={"slug": slug, "token": document.token})


def documents_remind_renewal(now: datetime | None = None) -> int:
    """Tell each holder, once, 30 days before their document expires, with a link that starts
    the renewal from it. Run by the worker (idempotent)."""
    now = now or timezone.now()
    today = thai.to_bangkok(now).date()
    due = (
        IssuedDocument.objects.unscoped()
        .filter(
            revoked_at__isnull=True,
            reminded_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
        )
        .select_related("application__case__locality", "application__case__reporter")
        .select_related("application__service")
    )
    told = 0
    for document in due:
        application = document.application
        case = application.case
        with transaction.atomic():
            updated = (
                IssuedDocument.objects.for_locality(document.locality_id)
                .filter(pk=document.pk, reminded_at__isnull=True)
                .update(reminded_at=now)
            )
            if not updated:
                continue
            link = settings.THONGTHIN["PUBLIC_BASE_URL"] + reverse(
                "eservices:apply",
                kwargs={"slug": case.locality.slug, "code": application.service.code},
            )
            notify_citizen(
                locality=case.locality,
                citizen=case.reporter,
                text=Message(
                    _("Your %(service)s (%(number)s) expires on %(date)s. Renew it here: %(link)s"),
                    service=Localized(application.service, "name"),
                    number=case.number,
                    date=thai.format_thai_date(document.valid_until, long=True),
                    link=f"{link}?renew={case.tracking_code}",
                ),
                dedupe_key=f"document:{document.pk}:renewal",
            )
        told += 1
    return told
