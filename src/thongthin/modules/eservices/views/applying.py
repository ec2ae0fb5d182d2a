"""Applying for a service on the web, supplying missing documents from the tracking page, and
the application's panels on the staff case page and the citizen's tracking page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thongthin.core import thai
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.services.ratings import case_rate, case_rating
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.workflow import closed_statuses

from .. import selectors, services
from ..formdata import address_areas, fields_for_page
from ..models import Application, IssuedDocument, Payment

UPLOAD_TYPES = "image/jpeg,image/png,image/webp,application/pdf"


def submit_from_request(request, *, locality, service, **extra) -> Application:  # type: ignore[no-untyped-def]
    """File the service's form as posted (answers, one file per file field, who applies), on
    the web or at the counter; ``extra`` goes to :func:`services.application_submit`."""
    files = {
        f["code"]: request.FILES[f["code"]].read()
        for f in service.form
        if f.get("type") == "file" and request.FILES.get(f["code"])
    }
    return services.application_submit(
        locality=locality,
        service=service,
        answers={k: request.POST.get(k, "") for k in request.POST},
        files=files,
        reporter=ReporterIn(
            name=request.POST.get("full_name", ""), phone=request.POST.get("phone", "")
        ),
        **extra,
    )


def form_page_context(locality, service) -> dict:  # type: ignore[no-untyped-def]
    """What a page showing a service's form needs besides the answers."""
    return {
        "form_fields": fields_for_page(service.form),
        "has_files": any(f.get("type") == "file" for f in service.form),
        "address_areas": address_areas(locality),
    }


def _files(request, name: str) -> list[bytes]:
    return [f.read() for f in request.FILES.getlist(name)]


@not_found_as_404
def apply(request, slug: str, code: str):
    locality = access_locality(slug)
    service = selectors.access_service(locality=locality, code=code)
    error, error_field, status = "", "", 200
    values = request.POST if request.method == "POST" else {}
    renewing = _renewing(locality, service, request.POST.get("renew") or request.GET.get("renew"))
    if renewing is not None and request.method != "POST":
        values = _renewal_values(renewing.application)
    if request.method == "POST":
        try:
            rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
            application = submit_from_request(
                request, locality=locality, service=service, ip=client_ip(request), renews=renewing
            )
            url = f"/{locality.slug}/track/{application.case.tracking_code}/?received=1"
            return redirect(url, permanent=False)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            error, status = exc.message, exc.http_status
            error_field = (
                (exc.detail or {}).get("field", "") if isinstance(exc.detail, dict) else ""
            )
    return render(
        request,
        "eservices/portal/apply.html",
        {
            "locality": locality,
            "service": service,
            "values": values,
            "error": error,
            "error_field": error_field,
            **form_page_context(locality, service),
            "renewing": renewing,
            "renew_code": request.POST.get("renew") or request.GET.get("renew") or "",
        },
        status=status,
    )


def _renewing(locality, service, code: str | None) -> IssuedDocument | None:  # type: ignore[no-untyped-def]
    """The document a renewal starts from: the old application's tracking code is the
    applicant's credential (the renewal reminder carries it). Anything else: not a renewal."""
    if not code:
        return None
    try:
        old = selectors.access_application_by_tracking(locality=locality, code=code)
    except NotFound:
        return None
    if old.service_id != service.pk:
        return None
    return IssuedDocument.objects.for_locality(locality).filter(application=old).first()


def _renewal_values(old) -> dict:  # type: ignore[no-untyped-def]
    """The old answers a renewal starts from: not files, the national ID (kept only masked)
    or the declaration, which are given again."""
    skip = {"file", "national_id", "declaration"}
    values = {}
    for field in old.form:
        code = field.get("code")
        if code in old.answers and field.get("type") not in skip:
            value = old.answers[code]
            if field.get("type") == "address" and isinstance(value, dict):
                values[f"{code}__area"] = str(value.get("subdistrict", ""))
                value = value.get("text", "")
            elif field.get("type") == "point" and isinstance(value, list):
                value = f"{value[0]:.5f}, {value[1]:.5f}"
            elif field.get("type") == "date":
                value = thai.format_date_input(date.fromisoformat(str(value)))
            values[code] = str(value)
    return values


@not_found_as_404
@require_POST
def supply(request, slug: str, code: str):
    locality = access_locality(slug)
    # Counted before the code is looked up, so guessing codes is limited too.
    try:
        rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:home", slug=slug)
    application = selectors.access_application_by_tracking(locality=locality, code=code)
    try:
        services.application_supply(
            application=application,
            files=_files(request, "documents"),
            message=request.POST.get("message", ""),
        )
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("portal:track", slug=slug, code=application.case.tracking_code)


@not_found_as_404
@require_POST
def rate(request, slug: str, code: str):
    """The applicant rates the service once the application is finished (the one-stop
    centre's satisfaction figure)."""
    locality = access_locality(slug)
    try:
        rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:home", slug=slug)
    application = selectors.access_application_by_tracking(locality=locality, code=code)
    try:
        case_rate(
            case=application.case,
            stars=request.POST.get("stars", ""),
            comment=request.POST.get("comment", ""),
            ip=client_ip(request),
        )
        messages.success(request, _("Thank you for rating the service."))
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("portal:track", slug=slug, code=application.case.tracking_code)


def _overdue(case) -> bool:  # type: ignore[no-untyped-def]
    """Open and past its time limit (the Act's delay)."""
    return bool(
        case.closed_at is None and case.sla_due_at and case.sla_due_at < timezone.now()
    ) and case.status not in ("fee_due", "paid")


def staff_panel_context(*, request, case) -> dict:
    application = selectors.application_of(case)
    if application is None:
        return {}
    # The answers hold personal data (name, phone, address): each showing is audited, as the
    # core audits a reporter's data.
    audit_record(
        action=AuditAction.PII_READ,
        locality=case.locality,
        actor=request.user,
        obj=case,
        ip=client_ip(request),
        detail={"number": case.number, "what": "application answers"},
    )
    return {
        "application": application,
        "answers": selectors.answers_shown(application),
        "overdue": _overdue(case),
        "fee_due": services.fee_due(application),
        "payments": application.payments.select_related("received_by"),
        "methods": Payment.Method.choices,
        "document": _document_of(application),
    }


def _document_of(application) -> dict | None:  # type: ignore[no-untyped-def]
    document = (
        IssuedDocument.objects.for_locality(application.locality_id)
        .filter(application=application)
        .first()
    )
    if document is None:
        return None
    return {
        "row": document,
        "state": services.document_state(document),
        # On a page the link is relative (it works on whatever address served the page);
        # the printed QR code carries the public address.
        "verify": reverse(
            "eservices:verify",
            kwargs={"slug": application.case.locality.slug, "token": document.token},
        ),
    }


def public_panel_context(*, request, case) -> dict:
    application = selectors.application_of(case)
    if application is None:
        return {}
    return {
        "application": application,
        "upload_types": UPLOAD_TYPES,
        # How many documents the office holds, not the documents: they are staff-only.
        "documents_held": case.attachments.filter(public=False, guarded=False)
        .exclude(original_name__startswith="slip-")
        .count(),
        "qr": services.payment_qr(application),
        "payments": application.payments.filter(voided_at__isnull=True),
        "document": _document_of(application),
        "rateable": case.status in closed_statuses(),
        "overdue": _overdue(case),
        "stars": case_rating(case),
    }
