"""The care API's shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema


class PersonOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: date
    national_id_masked: str
    address: str
    moo: int | None
    lat: float | None
    lon: float | None
    household_code: str
    status: str
    adl_total: int | None
    band: str
    group: int | None


class AdlIn(Schema):
    feeding: int | None = None
    grooming: int | None = None
    transfer: int | None = None
    toilet: int | None = None
    mobility: int | None = None
    dressing: int | None = None
    stairs: int | None = None
    bathing: int | None = None
    bowels: int | None = None
    bladder: int | None = None


class AssessmentIn(Schema):
    items: dict[str, int]
    tai: str = Field("", max_length=3)
    assessed_on: date | None = None
    notes: str = Field("", max_length=2000)


class AssessmentOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    assessed_on: date
    total: int
    band: str
    tai: str
    group: int
    rule: str


class VisitIn(Schema):
    client_id: str = Field(..., max_length=40)
    checked_in_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    sbp: int | None = Field(None, ge=0, le=1000)
    dbp: int | None = Field(None, ge=0, le=1000)
    pulse: int | None = Field(None, ge=0, le=1000)
    temperature: float | None = Field(None, ge=0, le=100)
    glucose: int | None = Field(None, ge=0, le=5000)
    activities: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, max_length=20
    )
    adl_changed: bool = False
    notes: str = Field("", max_length=4000)
    # base64 JPEG/PNG, as the phone shrinks them (about 0.3 MB each)
    # Four of them fit in the server's body limit (12 MB).
    photos: list[Annotated[str, Field(max_length=2_500_000)]] = Field(
        default_factory=list, max_length=4
    )


class VisitOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    due_on: date
    status: str
    stored: bool = True
    checked_in_at: datetime | None
    distance_m: int | None
    far: bool


class ReadingIn(Schema):
    sbp: int | None = Field(None, ge=0, le=1000)
    dbp: int | None = Field(None, ge=0, le=1000)
    glucose: int | None = Field(None, ge=0, le=5000)
    taken_at: datetime | None = None
    client_id: str = Field("", max_length=40)


class ReadingOut(Schema):
    id: int
    colour: str
    alert: bool
    stored: bool = True


class RouteStopOut(Schema):
    kind: str
    ride: int
    leg: str
    at: int
    lat: float
    lon: float


class RouteOut(Schema):
    vehicle: int
    km: float
    stops: list[RouteStopOut]


class PlanDayOut(Schema):
    routes: list[RouteOut]
    unserved: list[int]
