"""The officer's steps on an application besides its workflow actions (a fee, a payment, a
receipt voided, a document revoked, the reason for a delay), and the printable receipt."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from thongthin.core import thai
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.selectors import access_case
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for, case_page

from .. import selectors, services
from ..models import IssuedDocument, Payment
from ..module import VIEW, WORK


def _moment(day: str, at: str) -> datetime | None:
    """A day typed in the Buddhist Era and a time (09:30), in Bangkok; None if either is bad."""
    try:
        when = thai.parse_date_input(day[:20])
        hour, minute = (int(p) for p in at.strip()[:5].replace(".", ":").split(":"))
        return datetime.combine(when, time(hour, minute), tzinfo=thai.BANGKOK) if when else None
    except ValueError:
        return None


def _pk(text: str) -> int:
    """A row id from a form (0, which matches nothing, for anything else)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 0


@login_required
@not_found_as_404
@require_POST
def money(request, number: str, what: str):
    locality = acting_locality_for(request, WORK)
    case = access_case(actor=request.user, number=number, locality=locality)
    application = selectors.application_of(case)
    if application is None:
        raise NotFound()
    error = ""
    try:
        if what == "charge":
            services.application_charge(
                application=application,
                actor=request.user,
                amount=request.POST.get("amount", ""),
                reason=request.POST.get("reason", ""),
            )
        elif what == "pay":
            services.payment_record(
                application=application,
                actor=request.user,
                method=request.POST.get("method", ""),
                amount=request.POST.get("amount", ""),
                reference=request.POST.get("reference", ""),
                payer=request.POST.get("payer", ""),
                slip=request.FILES["slip"].read() if request.FILES.get("slip") else None,
            )
        elif what == "void":
            payment = (
                Payment.objects.for_locality(locality)
                .filter(application=application, pk=_pk(request.POST.get("payment", "")))
                .select_related("application__case")
                .first()
            )
            if payment is None:
                raise NotFound()
            services.payment_void(
                payment=payment, actor=request.user, reason=request.POST.get("reason", "")
            )
        elif what == "revoke":
            document = (
                IssuedDocument.objects.for_locality(locality)
                .filter(application=application)
                .first()
            )
            if document is None:
                raise NotFound()
            services.document_revoke(
                document=document, actor=request.user, reason=request.POST.get("reason", "")
            )
        elif what == "inspect":
            services.inspection_schedule(
                application=application,
                actor=request.user,
                when=_moment(request.POST.get("day", ""), request.POST.get("time", "")),
                note=request.POST.get("note", ""),
            )
        elif what == "inspected":
            services.inspection_record(
                application=application, actor=request.user, result=request.POST.get("result", "")
            )
        elif what == "delay":
            services.application_explain_delay(
                application=application,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                ip=client_ip(request),
            )
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        error = error_text(exc)
    case = access_case(actor=request.user, number=number, locality=locality)
    return case_page(request, case, error=error)


@login_required
@not_found_as_404
def receipt(request, pk: int):
    """The receipt as the MOI rule asks: who received, book and number, date, payer, what for,
    amount; printable. Voided ones say so in large letters."""
    locality = acting_locality_for(request, VIEW)
    payment = (
        Payment.objects.for_locality(locality)
        .filter(pk=pk)
        .select_related("application__case", "application__service", "received_by")
        .first()
    )
    if payment is None:
        raise NotFound()
    return render(
        request, "eservices/staff/receipt.html", {"locality": locality, "payment": payment}
    )
