"""The health centre: appointments and readings."""

from __future__ import annotations

from datetime import date
from typing import Any

from thongthin.core.access import Actor
from thongthin.core.errors import NotFound
from thongthin.core.models import Locality

from ..models import (
    ClinicAppointment,
    Reading,
)
from ..module import CLINIC
from ._common import _logged, _need, _number, bangkok_day

# --- Health centre ----------------------------------------------------------------------------


def clinic_day(
    *, actor: Actor, locality: Locality, day: date, ip: str | None = None
) -> dict[str, Any]:
    _need(actor, locality, CLINIC)
    start, end = bangkok_day(day)
    appointments = list(
        ClinicAppointment.objects.for_locality(locality)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=ClinicAppointment.Status.CANCELLED)
        .select_related("person")
    )
    alerts = list(
        Reading.objects.for_locality(locality)
        .filter(alert=True, seen_at__isnull=True)
        .select_related("person")[:100]
    )
    recent = list(Reading.objects.for_locality(locality).select_related("person")[:50])
    _logged(actor, locality, "care.clinic", ip=ip, rows=len(appointments) + len(recent))
    return {"appointments": appointments, "alerts": alerts, "recent": recent}


def access_appointment(*, actor: Actor, locality: Locality, appointment_id: object):
    _need(actor, locality, CLINIC)
    row = (
        ClinicAppointment.objects.for_locality(locality)
        .select_related("person")
        .filter(pk=_number(appointment_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def access_reading(*, actor: Actor, locality: Locality, reading_id: object) -> Reading:
    _need(actor, locality, CLINIC)
    row = Reading.objects.for_locality(locality).filter(pk=_number(reading_id)).first()
    if row is None:
        raise NotFound()
    return row
