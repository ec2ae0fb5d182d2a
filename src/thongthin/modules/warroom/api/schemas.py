"""Request and response shapes of /api/v1/warroom/."""

from __future__ import annotations

from datetime import date

from ninja import Schema

from thongthin.core.api.schemas import Address, Code, Message, Name, Phone, Photo, Text

# -- requests ---------------------------------------------------------------------------


class ReadingsIn(Schema):
    readings: list


class FollowUpIn(Schema):
    msg_type: Code
    headline: Name = ""
    description: Message = ""
    instruction: Message = ""
    severity: Code = ""


class ReasonIn(Schema):
    reason: Message


class CheckInIn(Schema):
    member_id: int | None = None
    name: Name = ""
    sex: Code = ""
    birth_year: int | None = None
    age_group: Code = ""
    special_needs: bool = False


class HouseholdIn(Schema):
    code: Code
    head_name: Name
    lat: float
    lon: float
    zone: Name = ""
    address: Address = ""
    phone: Phone = ""
    members: list[dict] = []


class ReceiveIn(Schema):
    item: Name
    quantity: int
    unit: Code = "ชิ้น"


class DistributeIn(Schema):
    household: Code
    item: Name
    quantity: int
    recipient_name: Name
    confirmed: bool
    photo: Photo  # base64


class AffectedIn(Schema):
    household: Code
    event: Code
    flooded_from: date
    flooded_to: date | None = None
    eligibility: int
    applicant_name: Name
    national_id: Phone = ""
    damage: Message = ""
    residence_proof: Message = ""
    bank: Name = ""
    bank_account: Name = ""


class IncidentIn(Schema):
    category: Code
    lat: float
    lon: float
    description: Message = ""


# -- answers ----------------------------------------------------------------------------


class RejectedReadingOut(Schema):
    index: int
    station: str
    reason: str


class ReadingsOut(Schema):
    stored: int
    duplicates: int
    rejected: list[RejectedReadingOut]
    alerts: list[str]


class ChartPointOut(Schema):
    t: str
    mean: float
    max: float
    min: float


class ChartOut(Schema):
    station: str
    name: str
    unit: str
    step: str
    bank: float | None
    warning: float | None
    critical: float | None
    ground: float | None
    points: list[ChartPointOut]


class StationStateOut(Schema):
    code: str
    name: str
    kind: str
    unit: str
    lat: float | None
    lon: float | None
    river: str
    value: float | None
    at: str | None
    bank: float | None
    warning: float | None
    critical: float | None
    percent: float | None
    band: str
    band_label: Text
    colour: str
    state: str
    state_label: Text


class AlertInForceOut(Schema):
    identifier: str
    headline: str
    severity: str
    severity_label: Text
    msg_type: str
    area: str
    circle: str
    polygon: str
    sent_at: str | None


class DisasterOut(Schema):
    number: str
    title: str
    category: str
    category_label: Text
    status: str
    lat: float | None
    lon: float | None
    created_at: str


class OccupancyOut(Schema):
    present: int
    free: int
    capacity: int
    male: int
    female: int
    children: int
    elderly: int
    special_needs: int


class ShelterStateOut(OccupancyOut):
    id: int
    name: str
    lat: float | None
    lon: float | None
    status: str
    status_label: Text
    services: list[str]


class EstimateOut(Schema):
    upstream: str
    downstream: str
    downstream_name: str
    travel_hours: float
    learned: bool
    hours: float
    arrives_at: str
    level_upstream: float
    rising: bool
    text: Text


class SituationOut(Schema):
    version: int
    at: str
    replay: bool
    stations: list[StationStateOut]
    alerts: list[AlertInForceOut]
    drafts: int
    incidents: list[DisasterOut]
    shelters: list[ShelterStateOut]
    estimates: list[EstimateOut]


class AlertStateOut(Schema):
    identifier: str
    status: str


class FollowUpOut(Schema):
    identifier: str
    msg_type: str
    references: str


class VulnerableOut(Schema):
    name: str
    flags: list[str]


class EvacuationOut(Schema):
    household: str
    head: str
    zone: str
    phone: str
    lat: float | None
    lon: float | None
    members: int
    score: int
    vulnerable: list[VulnerableOut]


class HouseholdSavedOut(Schema):
    code: str
    members: int


class StayOut(OccupancyOut):
    stay: int


class ShelterOut(OccupancyOut):
    id: int
    name: str
    status: str


class StockOut(Schema):
    item: str
    quantity: int


class DistributionOut(Schema):
    id: int
    item: str
    quantity: int


class AffectedOut(Schema):
    id: int
    applicant_id: str


class DisasterFiledOut(Schema):
    number: str
    status: str
