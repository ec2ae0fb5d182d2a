"""Receipts and issued documents as PDF (for the officer and for the applicant holding the
tracking code), and the public page the document's QR code opens: genuine, valid, expired or
revoked."""

from __future__ import annotations

from decimal import Decimal

import segno
from bahttext import bahttext
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from thongthin.core import thai
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.models import Locality
from thongthin.core.pdf import pdf_render
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from .. import selectors, services
from ..models import IssuedDocument, Payment
from ..module import VIEW


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def receipt_pdf_bytes(payment: Payment, locality: Locality) -> bytes:
    received_by = payment.received_by
    return pdf_render(
        "eservices/pdf/receipt.html",
        {
            "locality": locality,
            "payment": payment,
            "amount": f"{payment.amount:,.2f}",
            "words": bahttext(Decimal(payment.amount)),
            "received": thai.format_thai_date(payment.received_at, long=True, with_time=True),
            "voided": thai.format_thai_date(payment.voided_at, long=True, with_time=True)
            if payment.voided_at
            else "",
            "receiver": (received_by.get_full_name() or received_by.username)
            if received_by
            else locality.name_th,
        },
    )


def document_pdf_bytes(document: IssuedDocument, locality: Locality) -> bytes:
    verify = services.verify_url(document, locality.slug)
    return pdf_render(
        "eservices/pdf/document.html",
        {
            "locality": locality,
            "document": document,
            "lines": [line for line in document.body.splitlines() if line.strip()],
            "issued": thai.format_thai_date(document.issued_at, long=True),
            "valid_until": thai.format_thai_date(document.valid_until, long=True)
            if document.valid_until
            else "",
            "state": services.document_state(document),
            "verify": verify,
            "qr": segno.make(verify, error="m").svg_data_uri(border=1),
        },
    )


def _receipt_name(payment: Payment) -> str:
    return f"receipt-{payment.fiscal_year}-{payment.number:06d}"


def _payment(locality: Locality, **where) -> Payment:  # type: ignore[no-untyped-def]
    payment = (
        Payment.objects.for_locality(locality)
        .filter(**where)
        .select_related("application__case", "application__service", "received_by")
        .first()
    )
    if payment is None:
        raise NotFound()
    return payment


def _document(locality: Locality, **where) -> IssuedDocument:  # type: ignore[no-untyped-def]
    document = (
        IssuedDocument.objects.for_locality(locality)
        .filter(**where)
        .select_related("application__case", "application__service")
        .first()
    )
    if document is None:
        raise NotFound()
    return document


@login_required
@not_found_as_404
def receipt_pdf(request, pk: int):
    locality = acting_locality_for(request, VIEW)
    payment = _payment(locality, pk=pk)
    return _pdf(
        receipt_pdf_bytes(payment, locality), f"receipt-{payment.fiscal_year}-{payment.number}"
    )


@login_required
@not_found_as_404
def document_pdf(request, pk: int):
    locality = acting_locality_for(request, VIEW)
    document = _document(locality, pk=pk)
    return _pdf(document_pdf_bytes(document, locality), document.application.case.number)


@not_found_as_404
def my_receipt_pdf(request, slug: str, code: str, pk: int):
    """The applicant's receipt: the tracking code is the credential."""
    locality = access_locality(slug)
    rate_limit_check(scope="public-pdf", ident=client_ip(request) or "unknown")
    application = selectors.access_application_by_tracking(locality=locality, code=code)
    payment = _payment(locality, pk=pk, application=application)
    return _pdf(
        receipt_pdf_bytes(payment, locality), f"receipt-{payment.fiscal_year}-{payment.number}"
    )


@not_found_as_404
def my_document_pdf(request, slug: str, code: str):
    locality = access_locality(slug)
    rate_limit_check(scope="public-pdf", ident=client_ip(request) or "unknown")
    application = selectors.access_application_by_tracking(locality=locality, code=code)
    document = _document(locality, application=application)
    return _pdf(document_pdf_bytes(document, locality), document.application.case.number)


@not_found_as_404
def verify(request, slug: str, token: str):
    """What anyone holding the paper can check: the title, number, holder, dates and whether it
    is valid today. Unknown tokens answer the same page saying it is not a document of ours."""
    locality = access_locality(slug)
    try:
        rate_limit_check(scope="public-verify", ident=client_ip(request) or "unknown", rate="60/60")
    except DomainError as exc:
        return render(
            request, "eservices/portal/verify.html",
            {"locality": locality, "error": exc.message}, status=exc.http_status,
        )  # fmt: skip
    document = (
        IssuedDocument.objects.for_locality(locality)
        .filter(token=token[:40])
        .select_related("application__case", "application__service")
        .first()
    )
    context = {"locality": locality, "document": document}
    if document is not None:
        context["state"] = services.document_state(document)
    return render(request, "eservices/portal/verify.html", context, status=200 if document else 404)
