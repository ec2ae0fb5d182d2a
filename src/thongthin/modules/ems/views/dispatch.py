"""The dispatch room: taking a call, the live board, one incident with its recommendation,
timeline, scene triage and patients."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thongthin.core import modules
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.views.errors import error_text, not_found_as_404

from .. import cbd, routing, selectors, services
from ..models import STAMPS, Outcome, Unit
from ..module import BOARD, DISPATCH
from ..services._common import allowed
from ..workflow import OPEN_STATES, STAMP_LABELS, WORKFLOW
from ._common import decimal, ip_of, locality_for, moment, number
from .stream import event_stream


def _reference() -> dict:
    return {
        "groups": [(g, label) for g, label in cbd.SYMPTOM_GROUPS.items()],
        "colours": [(code, cbd.colour_label(code)) for code in cbd.COLOURS],
    }


@login_required
@not_found_as_404
def room(request):
    """Intake form beside the live board; a POST takes the call."""
    locality = locality_for(request, BOARD)
    error, status, values = "", 200, {}
    if request.method == "POST":
        values = request.POST
        try:
            incident = services.incident_create(
                locality=locality,
                actor=request.user,
                caller_phone=values.get("caller_phone", ""),
                caller_name=values.get("caller_name", ""),
                lat=decimal(values.get("lat"), field="lat"),
                lon=decimal(values.get("lon"), field="lon"),
                subdistrict_id=number(values.get("subdistrict"), field="subdistrict"),
                address=values.get("address", ""),
                symptom_group=number(values.get("symptom_group"), field="symptom_group"),
                criterion=number(values.get("criterion"), field="criterion"),
                colour=values.get("colour", ""),
                patients_count=number(values.get("patients_count"), field="patients") or 1,
                notes=values.get("notes", ""),
                ip=ip_of(request),
            )
            return redirect("ems:incident", number=incident.case.number)
        except DomainError as exc:
            error, status = error_text(exc), exc.http_status
    return render(
        request,
        "ems/staff/room.html",
        {
            "locality": locality,
            "board": selectors.board_snapshot(locality=locality, actor=request.user),
            "may_dispatch": allowed(request.user, locality, DISPATCH),
            # The board links only what the viewer may open: every incident for dispatchers,
            # the incidents of one's own unit for crews; others see the numbers.
            "my_units": " ".join(
                Unit.objects.for_locality(locality)
                .filter(crew=request.user)
                .values_list("code", flat=True)
            ),
            "error": error,
            "values": values,
            **_reference(),
        },
        status=status,
    )


@login_required
@not_found_as_404
def stream(request):
    return event_stream(request, locality_for(request, BOARD))


def _incident_context(request, locality, incident) -> dict:
    may_dispatch = allowed(request.user, locality, DISPATCH)
    case = incident.case
    ranked = []
    if may_dispatch and case.status in OPEN_STATES and incident.confirmed:
        ranked = routing.recommend(
            locality=locality, lat=case.lat, lon=case.lon, colour=incident.idc_colour or "red"
        )
    caller = selectors.incident_caller(actor=request.user, incident=incident, ip=ip_of(request))
    states = {s.code: s for s in WORKFLOW.states}
    return {
        "locality": locality,
        "incident": incident,
        "case": case,
        "state": states[case.status],
        "open": case.status in OPEN_STATES,
        "may_dispatch": may_dispatch,
        "caller": caller,
        "dispatch_code": cbd.dispatch_code(
            incident.symptom_group, incident.idc_colour, incident.criterion
        ),
        "group": cbd.group_label(incident.symptom_group),
        "idc": cbd.colour_label(incident.idc_colour),
        "rc": cbd.colour_label(incident.rc_colour),
        "ranked": ranked,
        "stamps": [(p, STAMP_LABELS[p], getattr(incident, p)) for p in STAMPS],
        "assignments": incident.assignments.select_related("unit"),
        "patients": selectors.incident_patients(
            actor=request.user, incident=incident, ip=ip_of(request)
        ),
        "hospitals": selectors.hospitals(locality=locality),
        "outcomes": Outcome.choices,
        "in_care": _people_in_care(request, locality, case),
        **_reference(),
    }


def _people_in_care(request, locality, case) -> list[dict]:
    """People the care module knows cannot leave alone, within 60 m of the call: through its
    selector, which checks the dispatcher's right to see them and logs the read."""
    if case.lat is None or case.lon is None:
        return []
    if not modules.is_installed("care") or not modules.enabled_in(locality, "care"):
        return []
    from thongthin.modules.care.selectors import vulnerable_near

    return vulnerable_near(
        actor=request.user, locality=locality, lat=case.lat, lon=case.lon, radius_m=60,
        ip=ip_of(request), purpose=f"ems:{case.number}",
    )  # fmt: skip


@login_required
@not_found_as_404
def incident(request, number: str, error: str = "", status: int = 200):
    locality = locality_for(request, BOARD)
    found = selectors.access_incident(actor=request.user, locality=locality, number=number)
    services._common.require_incident_worker(request.user, found)
    context = _incident_context(request, locality, found)
    context["error"] = error
    return render(request, "ems/staff/incident.html", context, status=status)


def _act(request, locality, found, what: str) -> None:
    post, user, ip = request.POST, request.user, ip_of(request)
    if what == "assign":
        unit = selectors.access_unit(actor=user, locality=locality, code=post.get("unit", ""))
        services.unit_assign(
            incident=found, unit=unit, actor=user, ip=ip,
            eta_seconds=number(post.get("eta_seconds"), field="eta"),
            distance_km=decimal(post.get("distance_km"), field="distance"),
        )  # fmt: skip
    elif what == "stamp":
        services.stamp_set(
            incident=found, point=post.get("point", ""), at=moment(post.get("at")), actor=user,
            ip=ip,
        )  # fmt: skip
    elif what == "confirm":
        services.incident_confirm(
            incident=found, actor=user, ip=ip, colour=post.get("colour", ""),
            symptom_group=number(post.get("symptom_group"), field="symptom_group"),
            criterion=number(post.get("criterion"), field="criterion"),
        )  # fmt: skip
    elif what == "scene":
        services.scene_triage(
            incident=found, actor=user, rc_colour=post.get("rc_colour", ""),
            rc_detail=post.get("rc_detail", ""), ip=ip,
        )  # fmt: skip
    elif what == "cancel":
        services.incident_cancel(incident=found, actor=user, reason=post.get("reason", ""), ip=ip)
    elif what == "patient":
        vitals = {k: post.get(k) for k in services.care.VITAL_RANGES if post.get(k)}
        services.patient_save(
            incident=found, actor=user, ip=ip,
            patient=selectors.access_patient(
                incident=found, patient_id=number(post.get("patient"), field="patient")
            ),
            name=post.get("name", ""), age=number(post.get("age"), field="age"),
            sex=post.get("sex", ""), national_id=post.get("national_id", ""),
            vitals=[vitals] if vitals else [], treatment=post.get("treatment", ""),
            hospital_id=number(post.get("hospital"), field="hospital"),
            handover_at=moment(post.get("handover_at")), outcome=post.get("outcome", ""),
        )  # fmt: skip
    else:
        raise NotFound()


@login_required
@require_POST
@not_found_as_404
def incident_action(request, number: str, what: str):
    locality = locality_for(request, BOARD)
    found = selectors.access_incident(actor=request.user, locality=locality, number=number)
    try:
        _act(request, locality, found, what)
    except DomainError as exc:
        if exc.code == "not_found":
            raise
        return incident(request, number, error=error_text(exc), status=exc.http_status)
    if request.POST.get("next") == "crew":
        return redirect("ems:crew")
    return redirect("ems:incident", number=number)
