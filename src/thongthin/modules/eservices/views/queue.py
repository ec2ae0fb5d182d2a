"""The counter queue's pages: the kiosk where a citizen takes a ticket (and their ticket's own
page, live), the TV display that shows and speaks each call (server-sent events), and the
officer's counter page (call next, recall, served, absent, move to another line, give a
ticket)."""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thongthin.core.errors import DomainError, NotFound, RateLimited
from thongthin.core.http import client_ip
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.streams import change_stream
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from ..models import Counter, QueueGroup, Ticket
from ..module import MODULE, WORK
from ..services import queue as q
from ..services.appointments import appointment_check_in
from ..thaiqr import svg

WAITING_SHOWN = 50
log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _networks(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for part in text.split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                log.warning("QUEUE_OFFICE_NETWORKS: %r is not a network; ignored", part)
    return tuple(networks)


def in_office(ip: str) -> bool:
    """Whether a request comes from the office's own network (its kiosk)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in n for n in _networks(str(MODULE.setting("QUEUE_OFFICE_NETWORKS"))))


def _groups(locality):  # type: ignore[no-untyped-def]
    return QueueGroup.objects.for_locality(locality).filter(active=True)


@not_found_as_404
@require_http_methods(["GET", "POST"])
def kiosk(request, slug: str):
    locality = access_locality(slug)
    error, status = "", 200
    if request.method == "POST":
        ip = client_ip(request) or "unknown"
        at_office = in_office(ip)
        try:
            if "ref" in request.POST:  # someone with an appointment checks in
                if not at_office:
                    rate_limit_check(scope="queue-check-in", ident=ip)
                ticket = appointment_check_in(locality=locality, ref=request.POST["ref"])
                return redirect("eservices:ticket", slug=slug, token=ticket.token)
            group = _groups(locality).filter(letter=request.POST.get("group", "")[:1]).first()
            if group is None:
                raise NotFound()
            if not at_office:  # the kiosk page opened from anywhere: a remote ticket, capped
                rate_limit_check(scope="queue-take", ident=ip)
                per_day = int(MODULE.setting("QUEUE_REMOTE_PER_ADDRESS_DAY"))
                rate_limit_check(scope="queue-take-day", ident=ip, rate=f"{per_day}/86400")
            ticket = q.ticket_take(
                locality=locality, group=group, channel="kiosk" if at_office else "web",
                remote=not at_office,
            )  # fmt: skip
            url = reverse("eservices:ticket", kwargs={"slug": slug, "token": ticket.token})
            # At the office's kiosk the page shows a code to carry the ticket away on a phone
            # and goes back to the kiosk by itself for the next person.
            return redirect(url + ("?kiosk=1" if at_office else ""))
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            error, status = exc.message, exc.http_status
    return render(
        request,
        "eservices/portal/kiosk.html",
        {"locality": locality, "groups": _groups(locality), "error": error},
        status=status,
    )


@not_found_as_404
@require_GET
def ticket(request, slug: str, token: str):
    """The citizen's ticket: its code, how many are ahead, and when it is called, where."""
    locality = access_locality(slug)
    row = (
        Ticket.objects.for_locality(locality)
        .filter(token=token[:32])
        .select_related("group", "counter")
        .first()
    )
    if row is None:
        raise NotFound()
    context = {"locality": locality, "ticket": row, "ahead": q.ticket_ahead(row)}
    if request.GET.get("kiosk") == "1":
        page = reverse("eservices:ticket", kwargs={"slug": slug, "token": row.token})
        context |= {
            "kiosk": True,
            "qr": svg(settings.THONGTHIN["PUBLIC_BASE_URL"] + page),
            "back": reverse("eservices:kiosk", kwargs={"slug": slug}),
        }
    if request.headers.get("HX-Request"):
        return render(request, "eservices/portal/_ticket.html", context)
    return render(request, "eservices/portal/ticket.html", context)


@not_found_as_404
@require_GET
def display(request, slug: str):
    locality = access_locality(slug)
    return render(
        request,
        "eservices/portal/display.html",
        {"locality": locality, "snapshot": q.queue_snapshot(locality)},
    )


@not_found_as_404
@require_GET
def display_stream(request, slug: str):
    """The display's live feed: a snapshot whenever the queue changes."""
    locality = access_locality(slug)
    try:
        rate_limit_check(scope="queue-stream", ident=client_ip(request) or "unknown", rate="30/60")
    except RateLimited as exc:
        return JsonResponse(exc.as_dict(), status=exc.http_status)
    return change_stream(
        request,
        version=lambda: q.queue_version(locality),
        snapshot=lambda: q.queue_snapshot(locality),
        event="queue",
    )


def _counter(request, locality) -> Counter | None:  # type: ignore[no-untyped-def]
    counters = Counter.objects.for_locality(locality).filter(active=True)
    wanted = request.POST.get("counter") or request.GET.get("counter")
    wanted = wanted or request.session.get("eservices_counter")
    wanted = str(wanted or "")
    usable = wanted.isascii() and wanted.isdigit() and len(wanted) <= 9
    chosen = counters.filter(pk=wanted).first() if usable else None
    if chosen is not None:
        request.session["eservices_counter"] = chosen.pk
    return chosen


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def counter(request):
    locality = acting_locality_for(request, WORK)
    chosen = _counter(request, locality)
    error, status, given = "", 200, None
    if request.method == "POST":
        what = request.POST.get("what", "")
        try:
            if what == "ticket":
                group = _groups(locality).filter(letter=request.POST.get("group", "")[:1]).first()
                if group is None:
                    raise NotFound()
                given = q.ticket_take(locality=locality, group=group, channel="counter")
            elif chosen is None:
                raise NotFound()
            elif what == "call":
                q.queue_call_next(counter=chosen, actor=request.user)
            elif what == "recall":
                q.queue_recall(counter=chosen, actor=request.user)
            elif what in ("done", "absent"):
                q.queue_finish(counter=chosen, actor=request.user, absent=what == "absent")
            elif what == "transfer":
                group = _groups(locality).filter(letter=request.POST.get("group", "")[:1]).first()
                if group is None:
                    raise NotFound()
                q.queue_transfer(counter=chosen, actor=request.user, group=group)
            else:
                raise NotFound()
        except DomainError as exc:
            if isinstance(exc, NotFound) and what not in ("ticket", "transfer"):
                raise
            error, status = error_text(exc), exc.http_status
    now = timezone.now()
    today = Ticket.objects.for_locality(locality).filter(day=q.queue_day(now))
    current = today.filter(counter=chosen, status=Ticket.Status.CALLED).first() if chosen else None
    waiting = today.filter(status=Ticket.Status.WAITING).select_related("group")
    if chosen is not None and chosen.letters:
        waiting = waiting.filter(group__letter__in=list(chosen.letters))
    context = {
        "locality": locality,
        "counters": Counter.objects.for_locality(locality).filter(active=True),
        "chosen": chosen,
        "current": current,
        "waiting": [
            (t, int((now - t.taken_at).total_seconds() // 60)) for t in waiting[:WAITING_SHOWN]
        ],
        "waiting_count": waiting.count(),
        "groups": _groups(locality),
        "given": given,
        "error": error,
    }
    template = "eservices/staff/_counter.html" if request.headers.get("HX-Request") else None
    return render(request, template or "eservices/staff/counter.html", context, status=status)
