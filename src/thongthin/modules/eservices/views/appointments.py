"""Appointment pages: a citizen books a time for a service (the free slots by day) and has a
page of their own for it (its reference to check in with, cancel); the officer's list of a
day's appointments, where someone who has arrived is checked in to the queue."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongthin.core import thai
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from .. import selectors
from ..models import Appointment
from ..module import WORK
from ..services import appointments as booking


def _error_of(exc: DomainError, *, staff: bool = False) -> tuple[str, str, int]:
    """The error as a page shows it: staff see its code too, citizens only the message."""
    if isinstance(exc, NotFound):
        raise exc
    field = (exc.detail or {}).get("field", "") if isinstance(exc.detail, dict) else ""
    return (error_text(exc) if staff else str(exc.message)), field, exc.http_status


@not_found_as_404
@require_http_methods(["GET", "POST"])
def book(request, slug: str, code: str):
    locality = access_locality(slug)
    service = selectors.access_service(locality=locality, code=code)
    error, error_field, status = "", "", 200
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            rate_limit_check(scope="public-request", ident=client_ip(request) or "unknown")
            appointment = booking.appointment_book(
                locality=locality,
                service=service,
                slot=request.POST.get("slot", ""),
                name=request.POST.get("name", ""),
                phone=request.POST.get("phone", ""),
                ip=client_ip(request) or "unknown",
            )
            return redirect("eservices:appointment", slug=slug, token=appointment.token)
        except DomainError as exc:
            error, error_field, status = _error_of(exc)
    days = booking.appointment_slots(locality=locality, service=service)
    return render(
        request,
        "eservices/portal/book.html",
        {
            "locality": locality,
            "service": service,
            "days": days,
            "bookable": any(s.free for d in days for s in d.slots),
            "values": values,
            "error": error,
            "error_field": error_field,
        },
        status=status,
    )


@not_found_as_404
@require_http_methods(["GET", "POST"])
def appointment(request, slug: str, token: str):
    locality = access_locality(slug)
    row = (
        Appointment.objects.for_locality(locality)
        .filter(token=token[:32])
        .select_related("service", "counter", "ticket")
        .first()
    )
    if row is None:
        raise NotFound()
    error, status = "", 200
    if request.method == "POST":
        try:
            booking.appointment_cancel(appointment=row)
            return redirect("eservices:appointment", slug=slug, token=row.token)
        except DomainError as exc:
            error, _field, status = _error_of(exc)
    return render(
        request,
        "eservices/portal/appointment.html",
        {
            "locality": locality,
            "appointment": row,
            "cancellable": row.status == Appointment.Status.BOOKED
            and row.starts_at > timezone.now(),
            "error": error,
        },
        status=status,
    )


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def appointments(request):
    """A day's appointments (today unless another day is asked for, in the Buddhist Era)."""
    locality = acting_locality_for(request, WORK)
    error, status = "", 200
    try:
        day = thai.parse_date_input(request.GET.get("day", "")[:20])
    except ValueError:
        day, status = None, 422
        error = _("Give the day as day/month/year in the Buddhist Era, e.g. 7/12/2569.")
    now = timezone.now()
    day = day or thai.to_bangkok(now).date()
    given = None
    if request.method == "POST":
        try:
            if request.POST.get("what") == "cancel":
                row = (
                    Appointment.objects.for_locality(locality)
                    .filter(ref=str(request.POST.get("ref", ""))[:8])
                    .first()
                )
                if row is None:
                    raise NotFound()
                booking.appointment_cancel(appointment=row, actor=request.user)
            else:
                given = booking.appointment_check_in(
                    locality=locality, ref=request.POST.get("ref", ""), actor=request.user
                )
        except DomainError as exc:
            error, _field, status = _error_of(exc, staff=True)
    start = datetime.combine(day, time(0), tzinfo=thai.BANGKOK)
    rows = (
        Appointment.objects.for_locality(locality)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .select_related("service", "counter", "ticket")
    )
    # Names and phone numbers: each showing of the list is audited.
    audit_record(
        action=AuditAction.PII_READ,
        locality=locality,
        actor=request.user,
        ip=client_ip(request),
        detail={"what": "appointments", "day": day.isoformat()},
    )
    return render(
        request,
        "eservices/staff/appointments.html",
        {
            "locality": locality,
            "day": day,
            "day_input": thai.format_date_input(day),
            "previous": thai.format_date_input(day - timedelta(days=1)),
            "next": thai.format_date_input(day + timedelta(days=1)),
            "rows": rows,
            "today": day == thai.to_bangkok(now).date(),
            "given": given,
            "error": error,
        },
        status=status,
    )
