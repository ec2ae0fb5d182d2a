"""The care module's tables: people in care and their screenings, care plans and home visits,
Smart Car rides, the health centre's appointments and home readings.

Everything about a person here is sensitive health data (PDPA section 26): it is read through
the module's selectors only, by care roles of the locality, and every read is logged.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongthin.core.tenancy import TenantModel

from .adl import BAND_LABELS

DISABILITY_TYPES = (  # THCC 57, the seven types of the 2012 notification
    ("1", _("Seeing")),
    ("2", _("Hearing or communicating")),
    ("3", _("Moving or physical")),
    ("4", _("Mental or behavioural")),
    ("5", _("Intellectual")),
    ("6", _("Learning")),
    ("7", _("Autism")),
)


CHANNELS = {"web": _("on the web"), "line": "LINE", "phone": _("by phone")}


class Person(TenantModel):
    """Someone the locality cares for: elderly, disabled, bedridden or otherwise dependent."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("care status", "In care")
        MOVED = "moved", pgettext_lazy("care status", "Moved away")
        DECEASED = "deceased", pgettext_lazy("care status", "Deceased")

    class Insurance(models.TextChoices):
        UC = "uc", _("Universal coverage (gold card)")
        SSS = "sss", _("Social security")
        CSMBS = "csmbs", _("Civil servant medical benefit")
        LOCAL = "local", _("Local government officer scheme")
        OTHER = "other", _("Other or none")

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Explicit consent of the person")
        GUARDIAN = "guardian", _("Consent of a guardian or relative (person cannot give it)")
        VITAL = "vital", _("To protect life or health (person cannot consent)")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    prename = models.CharField(max_length=30, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    sex = models.CharField(max_length=1, choices=(("1", _("Male")), ("2", _("Female"))))
    birth_date = models.DateField()
    national_id_hash = models.CharField(max_length=64, blank=True)
    national_id_masked = models.CharField(max_length=20, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    house_no = models.CharField(max_length=30)
    moo = models.PositiveSmallIntegerField(null=True, blank=True)  # หมู่ที่
    village = models.CharField(max_length=100, blank=True)
    subdistrict = models.ForeignKey(
        "core.SubDistrict", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    # The household, as the war room's register codes it (house number / registry code), so the
    # two registers match a home instead of keeping it twice.
    household_code = models.CharField(max_length=40, blank=True)
    insurance = models.CharField(max_length=10, choices=Insurance.choices, default="uc")
    disability_types = models.JSONField(default=list, blank=True)
    hypertension = models.BooleanField(default=False)
    diabetes = models.BooleanField(default=False)
    lives_alone = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_on = models.DateField(null=True, blank=True)
    # PDPA: what the data is for, on what basis, given by whom and when.
    consent_purpose = models.TextField()
    consent_basis = models.CharField(max_length=10, choices=Basis.choices)
    consent_by = models.CharField(max_length=200)
    consent_on = models.DateField()
    # The latest screening, kept here for lists (the history is in Assessment).
    adl_total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=10, blank=True)
    group = models.PositiveSmallIntegerField(null=True, blank=True)
    # The person on LINE/SMS (reminders, "the car is on its way"); relatives are Contacts.
    citizen = models.ForeignKey(
        "core.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The link a person or relative sends home readings through, without an account.
    reading_token = models.CharField(max_length=32, default="", blank=True)
    # A short code the family sends to the LINE OA ("ดูแล K7Q2M9XA") to link their LINE to it.
    line_code = models.CharField(max_length=8, default="", blank=True)
    registered_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moo", "house_no", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "national_id_hash"],
                condition=~models.Q(national_id_hash=""),
                name="care_person_one_per_id",
            ),
            models.UniqueConstraint(
                fields=["locality", "reading_token"],
                condition=~models.Q(reading_token=""),
                name="care_person_reading_token",
            ),
            models.UniqueConstraint(
                fields=["locality", "line_code"],
                condition=~models.Q(line_code=""),
                name="care_person_line_code",
            ),
        ]
        indexes = [models.Index(fields=["locality", "status", "group"], name="care_person_group")]

    def __str__(self) -> str:
        return f"{self.prename}{self.first_name} {self.last_name}".strip()

    @property
    def name(self) -> str:
        return str(self)

    @property
    def band_label(self):
        return BAND_LABELS.get(self.band, "")

    @property
    def age(self) -> int:
        today = date.today()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def address_line(self) -> str:
        parts = [self.house_no]
        if self.moo:
            parts.append(f"ม.{self.moo}")
        if self.village:
            parts.append(self.village)
        if self.subdistrict is not None:
            parts.append(f"ต.{self.subdistrict.name_th}")
        return " ".join(parts)


class Contact(TenantModel):
    """A caregiver in the family or a relative, reached by LINE or phone."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    relation = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    citizen = models.ForeignKey(
        "core.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_caregiver = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]


class Assessment(TenantModel):
    """One Barthel ADL screening (and TAI where assessed), with the band and group it gave."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    items = models.JSONField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10)
    tai = models.CharField(max_length=2, blank=True)
    group = models.PositiveSmallIntegerField()
    rule = models.CharField(max_length=200)
    assessor = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]

    @property
    def band_label(self):
        return BAND_LABELS.get(self.band, "")

    @property
    def rule_words(self) -> str:
        from . import adl, rules

        return adl.rule_words(self.total, self.tai, self.group, rules.tai_groups())


class CarePlan(TenantModel):
    """A care plan for one person and period, approved (or returned) by the local health fund's
    LTC sub-committee; approved plans are what the fund pays for."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("plan", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("plan", "Waiting for the sub-committee")
        APPROVED = "approved", pgettext_lazy("plan", "Approved")
        RETURNED = "returned", pgettext_lazy("plan", "Returned for changes")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    starts_on = models.DateField()
    ends_on = models.DateField()
    group = models.PositiveSmallIntegerField()
    goals = models.TextField()
    activities = models.TextField()
    visits_per_month = models.PositiveSmallIntegerField()
    care_manager = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]


class Visit(TenantModel):
    """A home visit due from a plan (or a follow-up), and what was done when it happened.
    ``client_id`` is made by the caregiver's phone, so a visit sent twice is stored once."""

    class Status(models.TextChoices):
        DUE = "due", pgettext_lazy("visit", "Due")
        DONE = "done", pgettext_lazy("visit", "Done")
        MISSED = "missed", pgettext_lazy("visit", "Missed")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visits")
    plan = models.ForeignKey(
        CarePlan, null=True, blank=True, on_delete=models.CASCADE, related_name="visits"
    )
    caregiver = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    comservice = models.CharField(max_length=7, default="1A431")  # 43-file COMSERVICE
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    client_id = models.UUIDField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    far = models.BooleanField(default=False)
    vitals = models.JSONField(default=dict, blank=True)
    activities = models.JSONField(default=list, blank=True)
    adl_changed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    photos = models.JSONField(default=list, blank=True)  # stored names, EXIF removed
    missed_told = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="care_visit_once",
            ),
            models.UniqueConstraint(
                fields=["locality", "plan", "due_on"],
                condition=models.Q(plan__isnull=False),
                name="care_visit_per_plan_day",
            ),
        ]
        indexes = [models.Index(fields=["locality", "caregiver", "due_on"], name="care_visit_day")]


class Vehicle(TenantModel):
    """A pool vehicle (รถส่วนกลาง) that carries people to hospital."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    plate = models.CharField(max_length=20, blank=True)
    seats = models.PositiveSmallIntegerField(default=3)
    wheelchair_places = models.PositiveSmallIntegerField(default=0)
    stretcher = models.BooleanField(default=False)
    driver = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.plate}".strip()


class Hospital(TenantModel):
    """Where rides go: a hospital or clinic the locality's people have appointments at."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    lat = models.FloatField()
    lon = models.FloatField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ride(TenantModel):
    """A ride to a hospital appointment (and back), asked for by the person, a relative or a
    caregiver; planned onto a vehicle's route for the day."""

    class Mobility(models.TextChoices):
        WALKS = "walks", _("Walks (with help)")
        WHEELCHAIR = "wheelchair", _("Wheelchair")
        STRETCHER = "stretcher", _("Stretcher")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("ride", "Requested")
        PLANNED = "planned", pgettext_lazy("ride", "Planned")
        UNSERVED = "unserved", pgettext_lazy("ride", "No vehicle can take it")
        ON_WAY = "on_way", pgettext_lazy("ride", "Car on its way")
        PICKED_UP = "picked_up", pgettext_lazy("ride", "Picked up")
        ARRIVED = "arrived", pgettext_lazy("ride", "At the hospital")
        RETURNED = "returned", pgettext_lazy("ride", "Back home")
        NO_SHOW = "no_show", pgettext_lazy("ride", "Could not be picked up")
        CANCELLED = "cancelled", pgettext_lazy("ride", "Cancelled")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rides")
    hospital = models.ForeignKey(Hospital, on_delete=models.PROTECT, related_name="+")
    appointment_at = models.DateTimeField()
    mobility = models.CharField(max_length=12, choices=Mobility.choices, default=Mobility.WALKS)
    companion = models.BooleanField(default=False)
    return_trip = models.BooleanField(default=True)
    asked_by = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=10, default="web")  # web, line, phone
    citizen = models.ForeignKey(  # who asked, to be told (LINE/SMS)
        "core.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.SET_NULL, related_name="rides"
    )
    pinned = models.BooleanField(default=False)  # the coordinator chose the vehicle
    pickup_at = models.DateTimeField(null=True, blank=True)  # planned
    stop_order = models.PositiveSmallIntegerField(null=True, blank=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    reminded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appointment_at", "id"]
        indexes = [models.Index(fields=["locality", "appointment_at"], name="care_ride_day")]

    @property
    def channel_label(self):
        return CHANNELS.get(self.channel, self.channel)

    @property
    def places(self) -> tuple[int, int]:
        """(seats, wheelchair places) the ride takes: the person and a companion."""
        seats = 1 if self.mobility == self.Mobility.WALKS else 0
        seats += 1 if self.companion else 0
        return seats, 0 if self.mobility == self.Mobility.WALKS else 1


class RoutePlan(TenantModel):
    """One vehicle's planned route for a day: the stops in order with their times."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="+")
    stops = models.JSONField(default=list)  # [{kind, ride, lat, lon, at}], in order
    km = models.DecimalField(max_digits=7, decimal_places=1, default=0)
    planned_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    planned_at = models.DateTimeField(auto_now=True)
    edited = models.BooleanField(default=False)
    routed = models.BooleanField(default=False)  # times from a road router, not straight lines

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "day", "vehicle"], name="care_route_vehicle_day"
            )
        ]


class ClinicAppointment(TenantModel):
    """An appointment at the sub-district health centre (รพ.สต.)."""

    class Kind(models.TextChoices):
        NCD = "ncd", _("NCD clinic (blood pressure, diabetes)")
        VACCINATION = "vaccination", _("Vaccination")
        ANTENATAL = "antenatal", _("Antenatal care")
        FOLLOW_UP = "follow_up", _("Home-visit follow-up")

    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("clinic", "Booked")
        KEPT = "kept", pgettext_lazy("clinic", "Came")
        MISSED = "missed", pgettext_lazy("clinic", "Missed")
        CANCELLED = "cancelled", pgettext_lazy("clinic", "Cancelled")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=15)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    reminded = models.BooleanField(default=False)
    follow_up = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["locality", "starts_at"], name="care_clinic_day")]


class Reading(TenantModel):
    """A home reading of blood pressure or capillary glucose, with its colour band; one in a
    danger band raises an alert to the nurses."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="readings")
    taken_at = models.DateTimeField()
    sbp = models.PositiveSmallIntegerField(null=True, blank=True)
    dbp = models.PositiveSmallIntegerField(null=True, blank=True)
    glucose = models.PositiveSmallIntegerField(null=True, blank=True)  # mg/dL
    colour = models.CharField(max_length=12)
    alert = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, default="web")
    client_id = models.UUIDField(default=uuid.uuid4)
    seen_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "client_id"], name="care_reading_once")
        ]
