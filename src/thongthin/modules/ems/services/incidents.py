"""Taking calls: dispatcher intake, citizen SOS (web and LINE), confirming, scene triage."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import Conflict, ValidationFailed
from thongthin.core.i18n import Message, for_records
from thongthin.core.models import Case, Citizen, Locality, SubDistrict, User
from thongthin.core.models.cases import Channel, Priority
from thongthin.core.services.accounts import ReporterIn, reporter_resolve
from thongthin.core.services.audit import audit_record
from thongthin.core.services.case_work import case_add_note
from thongthin.core.services.cases import case_create, case_transition
from thongthin.core.thai import validate_point

from .. import cbd
from ..models import Incident, Source
from ..module import DISPATCH
from ..workflow import OPEN_STATES
from ._common import board_changed, require, require_incident_worker, when

NOTES_MAX = 2000
PATIENTS_MAX = 200
# The same person sending SOS again within this window is the same emergency.
SOS_WINDOW = timedelta(minutes=30)
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{2,18}$")

CHANNEL_OF = {
    Source.PHONE: Channel.PHONE,
    Source.RADIO: Channel.PHONE,
    Source.REFERRAL: Channel.API,
    Source.WEB: Channel.WEB,
    Source.LINE: Channel.LINE,
}
PRIORITY_OF = {"red": Priority.URGENT, "yellow": Priority.HIGH}


def _caller_phone(value: str) -> str:
    """A number to call back: any Thai number a caller reads out (landline, mobile, 1669)."""
    value = (value or "").strip()
    if value and not _PHONE.match(value):
        raise ValidationFailed(
            _("The caller's number is not a phone number."), code="phone_invalid"
        )
    return re.sub(r"[ -]", "", value)


def _km(lat: float, lon: float, place: SubDistrict) -> float:
    from math import cos, hypot, radians

    return hypot(
        (float(place.lat or 0) - lat) * 111.32,
        (float(place.lon or 0) - lon) * 111.32 * cos(radians(lat)),
    )


def _nearest_own_subdistrict(locality: Locality, lat: float, lon: float) -> SubDistrict | None:
    own = [s for s in locality.subdistricts.all() if s.lat is not None and s.lon is not None]
    return min(own, key=lambda s: _km(lat, lon, s)) if own else None


def _place(
    locality: Locality, lat: float | None, lon: float | None, subdistrict_id: int | None
) -> tuple[float, float, SubDistrict | None]:
    """Coordinates read out or pinned, or the centre of a sub-district found by name."""
    subdistrict = None
    validate_point(lat, lon)  # half a coordinate pair, or outside Thailand
    if subdistrict_id is not None:
        subdistrict = SubDistrict.objects.filter(pk=subdistrict_id).first()
        if subdistrict is None:
            raise ValidationFailed(_("Unknown sub-district."), code="unknown_subdistrict")
    if lat is None and lon is None and subdistrict is not None:
        lat, lon = subdistrict.lat, subdistrict.lon
    elif subdistrict is not None and subdistrict.lat is not None and lat is not None:
        # The pin wins: the place kept is the one that matches the final point (a name picked
        # before the pin was moved elsewhere gives way to the nearest of the locality's own).
        at_lat, at_lon = float(lat), float(lon or 0)
        nearest = _nearest_own_subdistrict(locality, at_lat, at_lon)
        if nearest is not None and _km(at_lat, at_lon, nearest) < _km(at_lat, at_lon, subdistrict):
            subdistrict = nearest
    if lat is None or lon is None:
        raise ValidationFailed(
            _("Give the location: a map pin, coordinates or a sub-district."),
            code="location_required",
        )
    validate_point(lat, lon)
    return float(lat), float(lon), subdistrict


def incident_create(
    *,
    locality: Locality,
    actor: User,
    symptom_group: int | None,
    colour: str,
    criterion: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    subdistrict_id: int | None = None,
    address: str = "",
    caller_phone: str = "",
    caller_name: str = "",
    patients_count: int = 1,
    notes: str = "",
    source: str = Source.PHONE,
    call_at: datetime | None = None,
    ip: str | None = None,
) -> Incident:
    """A call taken by a dispatcher: triaged (CBD group, colour, criterion) and placed."""
    require(actor, locality, DISPATCH)
    group = cbd.validate_group(symptom_group)
    cbd.validate_colour(colour)
    if criterion is not None:
        cbd.validate_criterion(criterion)
    if source not in Source.values:
        raise ValidationFailed(
            _("Unknown source %(source)s."), code="unknown_source", params={"source": repr(source)}
        )
    if not 1 <= patients_count <= PATIENTS_MAX:
        raise ValidationFailed(
            _("Patients must be 1 to %(max)s."),
            code="patients_invalid",
            params={"max": PATIENTS_MAX},
        )
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise ValidationFailed(
            _("Notes over %(max)s characters."), code="notes_too_long", params={"max": NOTES_MAX}
        )
    phone = _caller_phone(caller_phone)
    lat, lon, subdistrict = _place(locality, lat, lon, subdistrict_id)
    call_at = when(call_at, field="call_at")
    code = cbd.dispatch_code(group, colour, criterion)
    with transaction.atomic():
        case = case_create(
            locality=locality,
            kind="ems",
            title=f"{code} {for_records(cbd.SYMPTOM_GROUPS[group])}",
            description=notes,
            channel=CHANNEL_OF[Source(source)],
            lat=lat,
            lon=lon,
            address=address,
            subdistrict=subdistrict,
            category=str(group),
            priority=PRIORITY_OF.get(colour, Priority.NORMAL),
            actor=actor,
            ip=ip,
            created_at=call_at,
        )
        incident = Incident.objects.create(
            locality=locality,
            case=case,
            source=source,
            caller_name=caller_name.strip()[:200],
            caller_phone=phone,
            symptom_group=group,
            criterion=criterion,
            idc_colour=colour,
            patients_count=patients_count,
            mass_casualty=patients_count >= 3,
            notes=notes,
            dispatcher=actor,
            call_at=call_at,
        )
        board_changed(locality=locality, kind="incident", incident=incident, actor=actor)
    return incident


def sos_create(
    *,
    locality: Locality,
    citizen: Citizen | ReporterIn,
    lat: float | None,
    lon: float | None,
    reason: str = "",
    source: str = Source.WEB,
) -> tuple[Incident, bool]:
    """A citizen's SOS: lands on the board to confirm. Returns (incident, created); the same
    person pressing again within the window gets the incident already open. From the web the
    caller gives a mobile number the dispatcher calls back (``ReporterIn``); LINE knows them."""
    if isinstance(citizen, ReporterIn) and not citizen.phone.strip():
        raise ValidationFailed(_("Give a mobile number we can call back."), code="phone_required")
    if lat is None or lon is None:
        raise ValidationFailed(_("Share your location."), code="location_required")
    validate_point(lat, lon)
    reason = (reason or "").strip()[:NOTES_MAX]
    with transaction.atomic():
        caller = reporter_resolve(locality=locality, reporter=citizen)
        assert caller is not None
        # One SOS at a time per person: lock the citizen, then look for their open SOS.
        Citizen.objects.for_locality(locality).select_for_update().filter(pk=caller.pk).first()
        existing = sos_open(locality=locality, citizen=caller)
        if existing is not None:
            sos_add_note(incident=existing, text=reason)
            return existing, False
        case = case_create(
            locality=locality,
            kind="ems",
            title="SOS " + (reason[:80] or for_records(_("Emergency help requested"))),
            description=reason,
            channel=CHANNEL_OF[Source(source)],
            reporter=caller,
            lat=float(lat),
            lon=float(lon),
            priority=Priority.URGENT,
            actor_label="citizen",
        )
        incident = Incident.objects.create(
            locality=locality,
            case=case,
            source=source,
            confirmed=False,
            caller_phone=caller.phone,
            notes=reason,
            call_at=case.created_at,
        )
        board_changed(locality=locality, kind="sos", incident=incident, actor_label="citizen")
    return incident, True


def sos_open(*, locality: Locality, citizen: Citizen) -> Incident | None:
    """This person's SOS still open and recent, if any."""
    return (
        Incident.objects.for_locality(locality)
        .select_related("case", "locality")
        .filter(
            case__reporter=citizen,
            case__status__in=OPEN_STATES,
            call_at__gte=timezone.now() - SOS_WINDOW,
        )
        .order_by("-call_at")
        .first()
    )


def sos_add_note(*, incident: Incident, text: str) -> None:
    """More words from the person who sent the SOS, added to what the dispatcher reads."""
    text = (text or "").strip()
    if not text or text in incident.notes:
        return
    incident.notes = (incident.notes + "\n" + text).strip()[:NOTES_MAX]
    Incident.objects.for_locality(incident.locality_id).filter(pk=incident.pk).update(
        notes=incident.notes
    )
    board_changed(
        locality=incident.locality, kind="incident", incident=incident, actor_label="citizen"
    )


def incident_confirm(
    *,
    incident: Incident,
    actor: User,
    symptom_group: int | None,
    colour: str,
    criterion: int | None = None,
    ip: str | None = None,
) -> Incident:
    """A dispatcher calls the SOS sender back and triages it; then units can be sent."""
    locality = incident.locality
    require(actor, locality, DISPATCH)
    group = cbd.validate_group(symptom_group)
    cbd.validate_colour(colour)
    if criterion is not None:
        cbd.validate_criterion(criterion)
    with transaction.atomic():
        locked = Incident.objects.for_locality(locality).select_for_update().get(pk=incident.pk)
        if locked.confirmed:
            raise Conflict(_("This call is already confirmed."), code="already_confirmed")
        locked.confirmed = True
        locked.symptom_group = group
        locked.idc_colour = colour
        locked.criterion = criterion
        locked.dispatcher = actor
        locked.save(
            update_fields=["confirmed", "symptom_group", "idc_colour", "criterion", "dispatcher"]
        )
        code = cbd.dispatch_code(group, colour, criterion)
        Case.objects.for_locality(locality).filter(pk=locked.case_id).update(
            title=f"{code} {for_records(cbd.SYMPTOM_GROUPS[group])}",
            category=str(group),
            priority=PRIORITY_OF.get(colour, Priority.NORMAL),
        )
        case_add_note(
            case=locked.case,
            actor=actor,
            message=for_records(Message(_("SOS confirmed: %(code)s"), code=code)),
            ip=ip,
        )
        board_changed(locality=locality, kind="incident", incident=locked, actor=actor)
    return locked


def scene_triage(
    *, incident: Incident, actor: User, rc_colour: str, rc_detail: str = "", ip: str | None = None
) -> Incident:
    """The crew's colour at the scene (RC), kept beside the dispatcher's (IDC)."""
    cbd.validate_colour(rc_colour, field="rc_colour")
    require_incident_worker(actor, incident)
    with transaction.atomic():
        Incident.objects.for_locality(incident.locality).filter(pk=incident.pk).update(
            rc_colour=rc_colour, rc_detail=(rc_detail or "").strip()[:300]
        )
        audit_record(
            action="ems.scene_triage",
            locality=incident.locality,
            actor=actor,
            obj=incident.case,
            ip=ip,
            detail={"idc": incident.idc_colour, "rc": rc_colour, "previous": incident.rc_colour},
        )
        incident.rc_colour, incident.rc_detail = rc_colour, rc_detail
        board_changed(locality=incident.locality, kind="incident", incident=incident, actor=actor)
    return incident


def incident_cancel(
    *, incident: Incident, actor: User, reason: str, ip: str | None = None
) -> Incident:
    """A hoax, a duplicate or a call the caller withdrew: units go back to available."""
    from .units import release_units

    require(actor, incident.locality, DISPATCH)
    with transaction.atomic():
        case_transition(case=incident.case, action="cancel", actor=actor, reason=reason, ip=ip)
        release_units(incident=incident, actor=actor, at=timezone.now())
        board_changed(locality=incident.locality, kind="incident", incident=incident, actor=actor)
    incident.case.refresh_from_db()
    return incident
