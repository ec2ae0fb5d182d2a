"""War-room tables: stations and readings, alert rules and CAP alerts, households, shelters,
relief stock, and the change log the live page watches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongthin.core.tenancy import TenantModel


class StationKind(models.TextChoices):
    WATER_LEVEL = "water_level", _("Water level")
    RAIN = "rain", _("Rain")
    OTHER = "other", pgettext_lazy("station kind", "Other")


class Station(TenantModel):
    """A sensor site. Levels are metres above mean sea level (ม.รทก.); rain in mm."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=StationKind.choices)
    unit = models.CharField(max_length=10, default="m")
    lat = models.FloatField()
    lon = models.FloatField()
    river = models.CharField(max_length=100, blank=True)
    river_order = models.PositiveIntegerField(default=0)  # smaller = further upstream
    ground_level = models.FloatField(null=True, blank=True)
    bank_level = models.FloatField(null=True, blank=True)
    warning_level = models.FloatField(null=True, blank=True)
    critical_level = models.FloatField(null=True, blank=True)
    # Values outside [min_value, max_value] are impossible for this sensor: kept aside.
    min_value = models.FloatField(default=-50)
    max_value = models.FloatField(default=9000)
    last_value = models.FloatField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["river", "river_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "code"], name="warroom_station_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Reading(TenantModel):
    """One observation. Stored once per (station, time): a device that resends changes
    nothing. It carries its locality like every tenant row (8 bytes a row), so the table can be
    distributed by locality with its stations."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="readings")
    observed_at = models.DateTimeField()
    value = models.FloatField()
    received_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10)  # http, mqtt, import

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "station", "observed_at"], name="warroom_reading_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station_id}@{self.observed_at:%Y-%m-%d %H:%M}={self.value}"


class RejectedReading(TenantModel):
    """A reading that could not be trusted, kept with the reason instead of dropped."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    station_code = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=10)
    reason = models.CharField(max_length=40)  # unknown_station, out_of_range, in_future, malformed
    payload = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]


class TravelTime(TenantModel):
    """How long a rise takes from one station to one downstream, learned from past rises."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    upstream = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    downstream = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    hours = models.FloatField()
    correlation = models.FloatField(default=0)
    learned_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "upstream", "downstream"], name="warroom_travel_pair"
            )
        ]


class Severity(models.TextChoices):
    EXTREME = "Extreme", pgettext_lazy("warning severity", "Extreme")
    SEVERE = "Severe", pgettext_lazy("warning severity", "Severe")
    MODERATE = "Moderate", pgettext_lazy("warning severity", "Moderate")
    MINOR = "Minor", pgettext_lazy("warning severity", "Minor")


class AlertRule(TenantModel):
    """A crossing at a station (observed, or forecast from upstream) becomes an alert."""

    class Threshold(models.TextChoices):
        WARNING = "warning", _("Warning level")
        CRITICAL = "critical", _("Critical level")
        BANK = "bank", _("Bank level")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="rules")
    threshold = models.CharField(max_length=10, choices=Threshold.choices)
    forecast = models.BooleanField(default=False)  # from an upstream rise, before it happens
    severity = models.CharField(max_length=10, choices=Severity.choices)
    auto_issue = models.BooleanField(default=False)
    event_th = models.CharField(max_length=200, default="น้ำท่วม")
    instruction_th = models.TextField(blank=True)
    area_desc = models.CharField(max_length=300)
    # The warned area: a circle ("lat,lon radius_km") and/or a polygon ("lat,lon lat,lon ...").
    circle = models.CharField(max_length=100, blank=True)
    polygon = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["station__code", "threshold"]


class Alert(TenantModel):
    """A warning, published as CAP 1.2 once issued. Updates and cancellations are new alerts
    that reference the one they replace."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("alert", "Awaiting review")
        ISSUED = "issued", pgettext_lazy("alert", "Issued")
        REPLACED = "replaced", pgettext_lazy("alert", "Replaced")
        DISCARDED = "discarded", pgettext_lazy("alert", "Discarded")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    identifier = models.CharField(max_length=120)
    rule = models.ForeignKey(
        AlertRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    msg_type = models.CharField(max_length=10, default="Alert")  # Alert, Update, Cancel
    references = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=10, default="Met")
    event = models.CharField(max_length=200)
    urgency = models.CharField(max_length=10, default="Expected")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    certainty = models.CharField(max_length=10, default="Likely")
    response_type = models.CharField(max_length=10, default="Prepare")
    headline = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    instruction = models.TextField(blank=True)
    area_desc = models.CharField(max_length=300)
    circle = models.CharField(max_length=100, blank=True)
    polygon = models.TextField(blank=True)
    onset = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)  # when issued
    ended_at = models.DateTimeField(null=True, blank=True)  # replaced or cancelled
    issued_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.JSONField(default=dict, blank=True)  # the reading or forecast behind it

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "identifier"], name="warroom_alert_identifier"
            )
        ]


class Subscription(TenantModel):
    """A citizen who wants warnings for a place (their home, their parents' village)."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey("core.Citizen", on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class WarChange(TenantModel):
    """Append-only log of what changed for the war-room page (its live stream watches it)."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=30)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["locality", "id"], name="warroom_change_latest")]


class Household(TenantModel):
    """A household in a risk area, with who lives there: kept in the locality, read by role."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)  # house number / registry code
    head_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=300, blank=True)
    zone = models.CharField(max_length=100, blank=True)  # risk area / community
    lat = models.FloatField()
    lon = models.FloatField()
    citizen = models.ForeignKey(
        "core.Citizen", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "code"], name="warroom_household_code")
        ]


VULNERABILITIES = ("bedridden", "elderly_alone", "disabled", "pregnant", "infant")
# Who is moved first: the weight of each vulnerability in the evacuation order.
PRIORITY = {"bedridden": 5, "disabled": 3, "elderly_alone": 3, "infant": 2, "pregnant": 2}
VULNERABILITY_LABELS = {
    "bedridden": pgettext_lazy("vulnerability", "bedridden"),
    "elderly_alone": pgettext_lazy("vulnerability", "elderly living alone"),
    "disabled": pgettext_lazy("vulnerability", "disabled"),
    "pregnant": pgettext_lazy("vulnerability", "pregnant"),
    "infant": pgettext_lazy("vulnerability", "infant"),
}


class Member(TenantModel):
    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    sex = models.CharField(max_length=1, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)  # Gregorian
    bedridden = models.BooleanField(default=False)
    elderly_alone = models.BooleanField(default=False)
    disabled = models.BooleanField(default=False)
    pregnant = models.BooleanField(default=False)
    infant = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]


class Shelter(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("shelter", "Open")
        CLOSED = "closed", pgettext_lazy("shelter", "Closed")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    lat = models.FloatField()
    lon = models.FloatField()
    capacity = models.PositiveIntegerField()
    services = models.JSONField(default=list, blank=True)  # food, medical, toilets, power, pets
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLOSED)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]


class Stay(TenantModel):
    """One person checked in at a shelter (until checked out). ``person_key`` identifies them
    (a registered member, or a name with a birth year) so nobody is in two places at once."""

    class AgeGroup(models.TextChoices):
        CHILD = "child", pgettext_lazy("age group", "Child")
        ADULT = "adult", pgettext_lazy("age group", "Adult")
        ELDERLY = "elderly", pgettext_lazy("age group", "Elderly")

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="stays")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_key = models.CharField(max_length=250)
    name = models.CharField(max_length=200)
    sex = models.CharField(max_length=1, blank=True)
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices)
    special_needs = models.BooleanField(default=False)
    checked_in_at = models.DateTimeField()
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "person_key"],
                condition=models.Q(checked_out_at__isnull=True),
                name="warroom_one_stay_at_a_time",
            )
        ]
        indexes = [models.Index(fields=["shelter", "checked_out_at"], name="warroom_stay_open")]


class Store(TenantModel):
    """Where relief supplies are kept: a shelter's store room or a warehouse."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    shelter = models.ForeignKey(
        Shelter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class Stock(TenantModel):
    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="stock")
    item = models.CharField(max_length=100)  # ถุงยังชีพ, น้ำดื่ม (แพ็ก), ...
    unit = models.CharField(max_length=30, default="ชิ้น")
    quantity = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "store", "item"], name="warroom_stock_item"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="warroom_stock_not_negative"
            ),
        ]


class StockMove(TenantModel):
    """Every receipt and distribution; a distribution names the household, the recipient who
    confirmed it, and the hand-over photo."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(max_length=100)
    quantity = models.IntegerField()  # + received, - given out
    kind = models.CharField(max_length=12)  # receive, distribute
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    confirmed = models.BooleanField(default=False)
    photo = models.ForeignKey(
        "core.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")


class AffectedHousehold(TenantModel):
    """The register DDPM relief payments need (one row per household per event)."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=200)
    flooded_from = models.DateField()
    flooded_to = models.DateField(null=True, blank=True)
    eligibility = models.PositiveSmallIntegerField()  # Cabinet criteria 1-4
    damage = models.TextField(blank=True)
    applicant_name = models.CharField(max_length=200)
    applicant_id_masked = models.CharField(max_length=20, blank=True)
    applicant_id_hash = models.CharField(max_length=64, blank=True)
    residence_proof = models.CharField(max_length=30, blank=True)  # house registration, rental
    bank = models.CharField(max_length=60, blank=True)
    bank_account_masked = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "household", "event"], name="warroom_affected_once"
            )
        ]


class LinePending(TenantModel):
    """A LINE user who asked to subscribe or for help and has not shared the location yet."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey("core.Citizen", on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=12)  # subscribe, rescue
    text = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "citizen"], name="warroom_linepending_once")
        ]
