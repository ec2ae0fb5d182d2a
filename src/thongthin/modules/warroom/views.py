"""War-room pages: the live screen, alert review, people (shelters, evacuation, relief), and
the public CAP feed."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from thongthin.core.errors import DomainError, NotFound
from thongthin.core.selectors import access_locality
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.streams import change_stream
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from . import cap, situation
from .models import (
    AffectedHousehold,
    Alert,
    Household,
    Member,
    Severity,
    Shelter,
    Station,
    Stay,
    Stock,
    Store,
)
from .module import PEOPLE, WATCH
from .services import alerts, people, relief, shelters
from .services._common import allowed


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _locality(request, roles=WATCH):
    return acting_locality_for(request, roles)


# -- public CAP ---------------------------------------------------------------------------


PUBLISHED = (Alert.Status.ISSUED, Alert.Status.REPLACED)


@not_found_as_404
def cap_feed(request, slug: str):
    locality = access_locality(slug)
    issued = list(
        Alert.objects.for_locality(locality)
        .filter(status__in=PUBLISHED)
        .select_related("locality")
        .order_by("-sent_at")[:100]
    )
    return HttpResponse(cap.atom_feed(locality, issued), content_type="application/atom+xml")


@not_found_as_404
def cap_alert(request, slug: str, identifier: str):
    locality = access_locality(slug)
    alert = (
        Alert.objects.for_locality(locality)
        .select_related("locality", "station", "references")
        .filter(identifier=identifier, status__in=PUBLISHED)
        .first()
    )
    if alert is None:
        raise NotFound()
    return HttpResponse(cap.cap_xml(alert), content_type="application/cap+xml")


# -- the war-room screen -------------------------------------------------------------------


@login_required
@not_found_as_404
def room(request):
    locality = _locality(request)
    return render(
        request,
        "warroom/staff/room.html",
        {
            "locality": locality,
            "situation": situation.snapshot(locality),
            "stations": Station.objects.for_locality(locality).filter(active=True),
        },
    )


@login_required
@not_found_as_404
def stream(request):
    locality = _locality(request)
    # The frames are written after this view returns: keep the reader's language for them.
    language = translation.get_language()

    def snapshot() -> dict:
        with translation.override(language):
            return situation.snapshot(locality)

    return change_stream(
        request,
        version=lambda: situation.version(locality),
        snapshot=snapshot,
        event="situation",
    )


# -- alerts --------------------------------------------------------------------------------


@login_required
@not_found_as_404
def alert_list(request, error: str = "", status: int = 200):
    locality = _locality(request)
    items = Alert.objects.for_locality(locality).select_related("station", "references")[:100]
    return render(
        request,
        "warroom/staff/alerts.html",
        {"locality": locality, "alerts": items, "error": error, "severities": Severity.choices},
        status=status,
    )


@login_required
@require_POST
@not_found_as_404
def alert_action(request, identifier: str, what: str):
    locality = _locality(request)
    alert = Alert.objects.for_locality(locality).filter(identifier=identifier).first()
    if alert is None:
        raise NotFound()
    post = request.POST
    try:
        if what == "issue":
            alerts.alert_issue(alert=alert, actor=request.user, ip=_ip(request))
        elif what == "discard":
            alerts.alert_discard(alert=alert, actor=request.user, reason=post.get("reason", ""))
        elif what in ("update", "cancel"):
            alerts.alert_follow_up(
                alert=alert,
                actor=request.user,
                msg_type=what.capitalize(),
                ip=_ip(request),
                headline=post.get("headline", ""),
                instruction=post.get("instruction", ""),
                severity=post.get("severity", ""),
            )
        else:
            raise NotFound()
    except DomainError as exc:
        if exc.code == "not_found":
            raise
        return alert_list(request, error=error_text(exc), status=exc.http_status)
    return redirect("warroom:alerts")


# -- people: shelters, evacuation, relief --------------------------------------------------


@login_required
@not_found_as_404
def people_page(request, error: str = "", status: int = 200):
    locality = _locality(request)
    may_see_people = allowed(request.user, locality, PEOPLE)
    current = Alert.objects.for_locality(locality).filter(status="issued", ended_at__isnull=True)
    chosen = current.filter(identifier=request.GET.get("alert", "")).first() or current.first()
    evacuation = (
        people.evacuation_list(alert=chosen, actor=request.user, ip=_ip(request))
        if chosen and may_see_people
        else []
    )
    shelter_rows = [(s, shelters.occupancy(s)) for s in Shelter.objects.for_locality(locality)]
    stays = (
        Stay.objects.for_locality(locality)
        .filter(checked_out_at__isnull=True)
        .select_related("shelter")
    )
    return render(
        request,
        "warroom/staff/people.html",
        {
            "locality": locality,
            "error": error,
            "alerts": current,
            "chosen": chosen,
            "evacuation": evacuation,
            "shelters": shelter_rows,
            "stays": stays[:300],
            "stores": Store.objects.for_locality(locality),
            "stock": Stock.objects.for_locality(locality)
            .select_related("store")
            .order_by("store", "item"),
            "households": Household.objects.for_locality(locality).order_by("code")[:500],
            "members": Member.objects.for_locality(locality).select_related("household")[:1000]
            if may_see_people
            else [],
            "may_see_people": may_see_people,
            "affected": AffectedHousehold.objects.for_locality(locality).count(),
        },
        status=status,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().lstrip("-").isdigit() else None


@login_required
@require_POST
@not_found_as_404
def people_action(request, what: str):
    locality = _locality(request)
    post, user = request.POST, request.user
    try:
        if what == "check-in":
            shelter = (
                Shelter.objects.for_locality(locality).filter(pk=_int(post.get("shelter"))).first()
            )
            member = (
                Member.objects.for_locality(locality).filter(pk=_int(post.get("member"))).first()
            )
            if shelter is None:
                raise NotFound()
            shelters.check_in(
                shelter=shelter,
                actor=user,
                member=member,
                name=post.get("name", ""),
                sex=post.get("sex", ""),
                birth_year=_int(post.get("birth_year")),
                age_group=post.get("age_group", ""),
                special_needs=bool(post.get("special_needs")),
            )
        elif what == "check-out":
            stay = Stay.objects.for_locality(locality).filter(pk=_int(post.get("stay"))).first()
            if stay is None:
                raise NotFound()
            shelters.check_out(stay=stay, actor=user)
        elif what == "shelter-status":
            shelter = (
                Shelter.objects.for_locality(locality).filter(pk=_int(post.get("shelter"))).first()
            )
            if shelter is None:
                raise NotFound()
            shelters.shelter_set_status(shelter=shelter, actor=user, status=post.get("status", ""))
        elif what == "distribute":
            store = Store.objects.for_locality(locality).filter(pk=_int(post.get("store"))).first()
            home = (
                Household.objects.for_locality(locality)
                .filter(code=post.get("household", ""))
                .first()
            )
            if store is None or home is None:
                raise NotFound()
            photo = request.FILES.get("photo")
            relief.distribute(
                store=store,
                actor=user,
                household=home,
                item=post.get("item", ""),
                quantity=_int(post.get("quantity")) or 0,
                recipient_name=post.get("recipient_name", ""),
                confirmed=bool(post.get("confirmed")),
                photo=photo.read() if photo else None,
            )
        else:
            raise NotFound()
    except DomainError as exc:
        if exc.code == "not_found":
            raise
        return people_page(request, error=error_text(exc), status=exc.http_status)
    return redirect("warroom:people")


AFFECTED_FIELDS = [
    "event",
    "household",
    "zone",
    "address",
    "lat",
    "lon",
    "flooded_from",
    "flooded_to",
    "days_flooded",
    "eligibility",
    "damage",
    "applicant_name",
    "applicant_id",
    "residence_proof",
    "bank",
    "bank_account",
    "registered_at",
]


@login_required
@not_found_as_404
def affected_csv(request):
    """The affected-household register for DDPM relief payments (personal data: audited)."""
    locality = _locality(request, PEOPLE)
    rows = AffectedHousehold.objects.for_locality(locality).select_related("household")
    event = request.GET.get("event")
    if event:
        rows = rows.filter(event=event)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AFFECTED_FIELDS)
    count = 0
    for r in rows.order_by("event", "household__code"):
        end = r.flooded_to or parse_date(str(r.created_at.date()))
        writer.writerow(
            [
                r.event,
                r.household.code,
                r.household.zone,
                r.household.address,
                r.household.lat,
                r.household.lon,
                r.flooded_from,
                r.flooded_to or "",
                (end - r.flooded_from).days + 1,
                r.eligibility,
                r.damage,
                r.applicant_name,
                r.applicant_id_masked,
                r.residence_proof,
                r.bank,
                r.bank_account_masked,
                r.created_at.isoformat(),
            ]
        )
        count += 1
    audit_record(
        action=AuditAction.PII_READ,
        locality=locality,
        actor=request.user,
        ip=_ip(request),
        detail={"what": "warroom.affected_csv", "rows": count},
    )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="affected-{locality.slug}.csv"'
    return response
