"""Patient care records and the hospitals crews hand over to."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.errors import NotFound, ValidationFailed
from thongthin.core.models import Locality, User
from thongthin.core.services.accounts import national_id_protect
from thongthin.core.services.audit import audit_record

from ..models import Hospital, Incident, Outcome, Patient
from ..module import DISPATCH
from ._common import board_changed, require, require_incident_worker, when

# Plausible bounds for a vital sign typed on a phone; outside them it is a typo.
VITAL_RANGES: dict[str, tuple[float, float]] = {
    "hr": (0, 300),  # heart rate /min
    "rr": (0, 80),  # respiratory rate /min
    "sbp": (0, 300),  # systolic mmHg
    "dbp": (0, 200),  # diastolic mmHg
    "spo2": (0, 100),  # %
    "gcs": (3, 15),
    "temp": (25, 45),  # °C
    "dtx": (10, 1000),  # capillary glucose mg/dL
}


def _vitals(entries: list[dict] | None) -> list[dict]:
    cleaned = []
    for entry in entries or []:
        row: dict = {}
        for key, value in entry.items():
            if key == "at":
                row["at"] = when(
                    datetime.fromisoformat(value) if isinstance(value, str) else value
                ).isoformat()
                continue
            if key not in VITAL_RANGES:
                raise ValidationFailed(
                    _("Unknown vital sign %(key)s."),
                    code="unknown_vital",
                    params={"key": repr(key)},
                )
            if value in (None, ""):
                continue
            low, high = VITAL_RANGES[key]
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            if not low <= number <= high:
                raise ValidationFailed(
                    _("%(key)s %(value)s is outside %(low)s-%(high)s."),
                    code="vital_out_of_range",
                    detail={"field": key},
                    params={
                        "key": key,
                        "value": repr(value),
                        "low": f"{low:g}",
                        "high": f"{high:g}",
                    },
                )
            row[key] = number
        if len(row) > ("at" in row):
            cleaned.append(row)
    return cleaned


def _hospital(locality: Locality, hospital_id: int | None) -> Hospital | None:
    if hospital_id is None:
        return None
    hospital = Hospital.objects.for_locality(locality).filter(pk=hospital_id).first()
    if hospital is None:
        raise NotFound(_("Unknown hospital."), code="unknown_hospital")
    return hospital


def patient_save(
    *,
    incident: Incident,
    actor: User,
    patient: Patient | None = None,
    name: str = "",
    age: int | None = None,
    sex: str = "",
    national_id: str = "",
    vitals: list[dict] | None = None,
    treatment: str = "",
    hospital_id: int | None = None,
    handover_at: datetime | None = None,
    outcome: str = "",
    ip: str | None = None,
) -> Patient:
    """Add a patient to ``incident`` or update one; new vital-sign rows are appended."""
    require_incident_worker(actor, incident)
    locality = incident.locality
    if patient is not None and patient.incident_id != incident.pk:
        raise NotFound()
    if age is not None and not 0 <= age <= 130:
        raise ValidationFailed(_("Age must be 0-130."), code="age_invalid")
    if sex not in ("", "m", "f"):
        raise ValidationFailed(_("Sex is m, f or blank."), code="sex_invalid")
    if outcome and outcome not in Outcome.values:
        raise ValidationFailed(
            _("Unknown outcome %(outcome)s."), code="unknown_outcome",
            detail={"allowed": list(Outcome.values)}, params={"outcome": repr(outcome)},
        )  # fmt: skip
    rows = _vitals(vitals)
    hospital = _hospital(locality, hospital_id)
    handover = when(handover_at, field="handover_at") if handover_at else None
    masked, digest = national_id_protect(national_id)
    with transaction.atomic():
        if patient is None:
            patient = Patient(locality=locality, incident=incident)
        if name:
            patient.name = name.strip()[:200]
        if age is not None:
            patient.age = age
        if sex:
            patient.sex = sex
        if masked:
            patient.national_id_masked, patient.national_id_hash = masked, digest
        patient.vitals = list(patient.vitals or []) + rows
        if treatment:
            patient.treatment = treatment.strip()[:5000]
        if hospital is not None:
            patient.hospital = hospital
        if handover is not None:
            patient.handover_at = handover
        if outcome:
            patient.outcome = outcome
        patient.save()
        if hospital is not None and incident.hospital_id is None:
            Incident.objects.for_locality(locality).filter(pk=incident.pk).update(hospital=hospital)
        audit_record(
            action="ems.patient_saved",
            locality=locality,
            actor=actor,
            obj=incident.case,
            ip=ip,
            detail={"patient_id": patient.pk, "vitals_added": len(rows)},
        )
        board_changed(locality=locality, kind="patient", incident=incident, actor=actor)
    return patient


def hospital_save(
    *,
    locality: Locality,
    actor: User,
    name: str,
    lat: float | None = None,
    lon: float | None = None,
    phone: str = "",
) -> Hospital:
    require(actor, locality, DISPATCH)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Name the hospital."), code="name_required")
    thai.validate_point(lat, lon)
    hospital, _created = Hospital.objects.for_locality(locality).update_or_create(
        locality=locality, name=name[:200], defaults={"lat": lat, "lon": lon, "phone": phone[:40]}
    )
    return hospital
