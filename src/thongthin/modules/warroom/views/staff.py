"""The war room's staff pages: the live screen, alert review, people (shelters, evacuation,
relief) and the affected-household register."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from thongthin.core.csvout import csv_writer
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.streams import change_stream
from thongthin.core.views.errors import error_text, not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from .. import selectors, situation
from ..models import Severity
from ..module import PEOPLE, WATCH
from ..services import alerts, relief, shelters


def _ip(request) -> str | None:
    return client_ip(request)


def _locality(request, capability: str = WATCH):
    return acting_locality_for(request, capability)


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
            "stations": selectors.stations(actor=request.user, locality=locality),
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
    return render(
        request,
        "warroom/staff/alerts.html",
        {
            "locality": locality,
            "alerts": selectors.alert_list(actor=request.user, locality=locality),
            "error": error,
            "severities": Severity.choices,
        },
        status=status,
    )


@login_required
@require_POST
@not_found_as_404
def alert_action(request, identifier: str, what: str):
    locality = _locality(request)
    alert = selectors.access_alert(actor=request.user, locality=locality, identifier=identifier)
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
    overview = selectors.people_overview(
        actor=request.user,
        locality=locality,
        alert=request.GET.get("alert", ""),
        ip=_ip(request),
    )
    return render(
        request,
        "warroom/staff/people.html",
        {"locality": locality, "error": error, **overview},
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
            shelter = selectors.access_shelter(
                actor=user, locality=locality, shelter_id=post.get("shelter")
            )
            member = (
                selectors.access_member(actor=user, locality=locality, member_id=post["member"])
                if post.get("member")
                else None
            )
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
            stay = selectors.access_stay(actor=user, locality=locality, stay_id=post.get("stay"))
            shelters.check_out(stay=stay, actor=user)
        elif what == "shelter-status":
            shelter = selectors.access_shelter(
                actor=user, locality=locality, shelter_id=post.get("shelter")
            )
            shelters.shelter_set_status(shelter=shelter, actor=user, status=post.get("status", ""))
        elif what == "distribute":
            store = selectors.access_store(
                actor=user, locality=locality, store_id=post.get("store")
            )
            home = selectors.access_household(
                actor=user, locality=locality, code=post.get("household", "")
            )
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
    rows = selectors.affected_register(
        actor=request.user, locality=locality, event=request.GET.get("event", ""), ip=_ip(request)
    )
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(AFFECTED_FIELDS)
    for r in rows:
        end = r.flooded_to or r.created_at.date()
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
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="affected-{locality.slug}.csv"'
    return response
