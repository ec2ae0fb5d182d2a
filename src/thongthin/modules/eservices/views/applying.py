"""Applying for a service on the web, supplying missing documents from the tracking page, and
the application's panels on the staff case page and the citizen's tracking page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.views.errors import not_found_as_404

from .. import selectors, services
from ..models import Payment

UPLOAD_TYPES = "image/jpeg,image/png,image/webp,application/pdf"


def _files(request, name: str) -> list[bytes]:
    return [f.read() for f in request.FILES.getlist(name)]


@not_found_as_404
def apply(request, slug: str, code: str):
    locality = access_locality(slug)
    service = selectors.access_service(locality=locality, code=code)
    error, error_field, status = "", "", 200
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
            files = {
                f["code"]: request.FILES[f["code"]].read()
                for f in service.form
                if f.get("type") == "file" and request.FILES.get(f["code"])
            }
            application = services.application_submit(
                locality=locality,
                service=service,
                answers={k: request.POST.get(k, "") for k in request.POST},
                files=files,
                reporter=ReporterIn(
                    name=request.POST.get("full_name", ""), phone=request.POST.get("phone", "")
                ),
                ip=client_ip(request),
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
            "upload_types": UPLOAD_TYPES,
        },
        status=status,
    )


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
        "payments": application.payments.select_related("received_by"),
        "methods": Payment.Method.choices,
    }


def public_panel_context(*, request, case) -> dict:
    application = selectors.application_of(case)
    qr = services.payment_qr(application) if application is not None else None
    return {"application": application, "upload_types": UPLOAD_TYPES, "qr": qr}
