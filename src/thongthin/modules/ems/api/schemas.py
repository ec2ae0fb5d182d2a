"""Request and response shapes of /api/v1/ems/."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from thongthin.core.api.schemas import Address, Code, Message, Name, Phone

# -- requests ---------------------------------------------------------------------------


class IncidentIn(Schema):
    symptom_group: int
    colour: Code
    criterion: int | None = None
    lat: float | None = None
    lon: float | None = None
    subdistrict_id: int | None = None
    address: Address = ""
    caller_phone: Phone = ""
    caller_name: Name = ""
    patients_count: int = 1
    notes: Message = ""
    source: Code = "phone"
    call_at: datetime | None = None


class ConfirmIn(Schema):
    symptom_group: int
    colour: Code
    criterion: int | None = None


class AssignIn(Schema):
    unit: Code


class StampIn(Schema):
    point: Code
    at: datetime | None = None


class SceneIn(Schema):
    rc_colour: Code
    rc_detail: Message = ""


class ReasonIn(Schema):
    reason: Message


class PatientIn(Schema):
    id: int | None = None
    name: Name = ""
    age: int | None = None
    sex: Code = ""
    national_id: Phone = ""
    vitals: list[dict] = []
    treatment: Message = ""
    hospital_id: int | None = None
    handover_at: datetime | None = None
    outcome: Name = ""


class PositionIn(Schema):
    lat: float
    lon: float
    at: datetime | None = None


class StatusIn(Schema):
    status: Code


class SosIn(Schema):
    locality: Code
    phone: Phone
    lat: float | None = None
    lon: float | None = None
    reason: Message = ""


# -- answers ----------------------------------------------------------------------------


class TimelineOut(Schema):
    """The seven ITEMS points, ISO 8601 with the offset (null: not reached)."""

    call_at: str | None
    dispatch_at: str | None
    left_base_at: str | None
    at_scene_at: str | None
    left_scene_at: str | None
    at_hospital_at: str | None
    back_base_at: str | None


class IncidentOut(Schema):
    number: str
    status: str
    confirmed: bool
    source: str
    symptom_group: int | None
    criterion: int | None
    idc_colour: str
    rc_colour: str
    dispatch_code: str
    patients_count: int
    lat: float | None
    lon: float | None
    subdistrict_id: int | None
    unit: str | None
    timeline: TimelineOut


class SymptomGroupOut(Schema):
    group: int
    th: str
    en: str


class RecommendationOut(Schema):
    unit: str
    name: str
    level: str
    lat: float | None
    lon: float | None
    from_base: bool
    straight_km: float
    road_km: float
    eta_seconds: float
    level_ok: bool
    routed: bool
    reasons: list[str]


class VitalsOut(Schema):
    at: str | None = None
    hr: float | None = None
    rr: float | None = None
    sbp: float | None = None
    dbp: float | None = None
    spo2: float | None = None
    gcs: float | None = None
    temp: float | None = None
    dtx: float | None = None


class PatientSavedOut(Schema):
    id: int
    vitals: list[VitalsOut]
    outcome: str


class UnitOut(Schema):
    code: str
    name: str
    level: str
    status: str
    status_label: str
    status_at: str | None
    lat: float | None
    lon: float | None
    position_at: str | None
    incident: str | None


class PositionOut(Schema):
    unit: str
    stored: bool


class UnitStatusOut(Schema):
    unit: str
    status: str


class BoardIncidentOut(Schema):
    number: str
    status: str
    status_label: str
    confirmed: bool
    source: str
    colour: str
    rc_colour: str
    code: str
    group: str
    patients: int
    lat: float | None
    lon: float | None
    place: str
    call_at: str
    age_seconds: int
    units: list[str]


class BoardOut(Schema):
    version: int
    now: str
    incidents: list[BoardIncidentOut]
    units: list[UnitOut]


class SummaryOut(Schema):
    """Seconds: how many, the median, the 90th percentile and the mean."""

    n: int
    median: float | None
    p90: float | None
    mean: float | None


class RedWithinOut(Schema):
    reached: int
    total: int
    share: float | None


class GroupCountOut(Schema):
    group: int | None
    label: str
    count: int


class AreaCountOut(Schema):
    name: str
    count: int


class PointOut(Schema):
    lat: float | None
    lon: float | None
    colour: str
    number: str


class ResponseReportOut(Schema):
    start: str
    end: str
    incidents: int
    months: list[str]
    response_by_colour_month: dict[str, dict[str, SummaryOut]]
    response_by_colour: dict[str, SummaryOut]
    red_within_8_min: RedWithinOut
    dispatch_time: SummaryOut
    scene_time: SummaryOut
    transport_time: SummaryOut
    by_colour: dict[str, int]
    by_symptom_group: list[GroupCountOut]
    by_subdistrict: list[AreaCountOut]
    triage: dict[str, int]
    points: list[PointOut]


class SosOut(Schema):
    # Null when the phone number already had an SOS open: whoever types a number must not get
    # that person's emergency (its place and words) back.
    number: str | None
    tracking_url: str | None
    created: bool
