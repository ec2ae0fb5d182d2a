"""EMS tables: units, hospitals, incidents (a case each), patients and the board's change log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thongthin.core.tenancy import TenantModel

from .cbd import LEVELS


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    DISPATCHED = "dispatched", _("Dispatched")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    TRANSPORTING = "transporting", _("Transporting")
    AT_HOSPITAL = "at_hospital", _("At hospital")
    RETURNING = "returning", _("Returning")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Hospital(TenantModel):
    """Reference data per locality: where crews take patients."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "name"], name="ems_hospital_name")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(TenantModel):
    """A team with its vehicle, base and crew on shift."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=3, choices=[(lv, lv) for lv in LEVELS])
    vehicle = models.CharField(max_length=60, blank=True)  # plate or description
    base_name = models.CharField(max_length=200, blank=True)
    base_lat = models.FloatField()
    base_lon = models.FloatField()
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    position_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )
    status_at = models.DateTimeField(auto_now_add=True)
    incident = models.ForeignKey(
        "ems.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    crew = models.ManyToManyField("core.User", blank=True, related_name="ems_units")

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["locality", "code"], name="ems_unit_code")]
        indexes = [models.Index(fields=["locality", "status"], name="ems_unit_status")]

    def __str__(self) -> str:
        return f"{self.code} ({self.level})"


class Source(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web SOS")
    LINE = "line", _("LINE SOS")
    RADIO = "radio", _("Radio")
    REFERRAL = "referral", _("From 1669")


class Outcome(models.TextChoices):
    """ITEMS dispositions."""

    TRANSPORTED = "transported", _("Transported to hospital")
    REFUSED = "refused", _("Refused transport")
    HIGHER_TEAM = "higher_team", _("Handed to a higher team")
    NO_TREATMENT = "no_treatment", _("No treatment")
    DIED = "died", _("Died")


# Timeline points in order (ITEMS names; NEMSIS eTimes in docs/ems.md).
STAMPS: tuple[str, ...] = (
    "call_at",
    "dispatch_at",
    "left_base_at",
    "at_scene_at",
    "left_scene_at",
    "at_hospital_at",
    "back_base_at",
)


class Incident(TenantModel):
    """The EMS record of a case of kind ``ems``: triage, the timeline and the units sent."""

    locality = models.ForeignKey("core.Locality", on_delete=models.PROTECT, related_name="+")
    # One per case: unique with the locality (the scale path), so a plain foreign key.
    case = models.ForeignKey("core.Case", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    confirmed = models.BooleanField(default=True)  # citizen SOS waits for a dispatcher
    caller_name = models.CharField(max_length=200, blank=True)
    caller_phone = models.CharField(max_length=20, blank=True)
    symptom_group = models.PositiveSmallIntegerField(null=True, blank=True)
    criterion = models.PositiveSmallIntegerField(null=True, blank=True)
    idc_colour = models.CharField(max_length=6, blank=True)  # dispatcher's code at the call
    rc_colour = models.CharField(max_length=6, blank=True)  # crew's code at the scene
    rc_detail = models.CharField(max_length=300, blank=True)
    patients_count = models.PositiveSmallIntegerField(default=1)
    mass_casualty = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatcher = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_at = models.DateTimeField()
    dispatch_at = models.DateTimeField(null=True, blank=True)
    left_base_at = models.DateTimeField(null=True, blank=True)
    at_scene_at = models.DateTimeField(null=True, blank=True)
    left_scene_at = models.DateTimeField(null=True, blank=True)
    at_hospital_at = models.DateTimeField(null=True, blank=True)
    back_base_at = models.DateTimeField(null=True, blank=True)
    hospital = models.ForeignKey(
        Hospital, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-call_at"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "case"], name="ems_incident_case_once")
        ]
        indexes = [
            models.Index(fields=["locality", "call_at"], name="ems_incident_call"),
            models.Index(fields=["locality", "confirmed", "call_at"], name="ems_incident_sos"),
        ]

    def __str__(self) -> str:
        return self.case.number


class Assignment(TenantModel):
    """A unit sent to an incident (one incident may get several, e.g. FR first, then ALS)."""

    locality = models.ForeignKey("core.Locality", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eta_seconds = models.PositiveIntegerField(null=True, blank=True)
    distance_km = models.FloatField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]


class Patient(TenantModel):
    """A patient care record: vitals, treatment, destination and handover, outcome."""

    locality = models.ForeignKey("core.Locality", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="patients")
    name = models.CharField(max_length=200, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)  # m, f or blank
    national_id_masked = models.CharField(max_length=20, blank=True)
    national_id_hash = models.CharField(max_length=64, blank=True)
    vitals = models.JSONField(default=list, blank=True)  # [{at, hr, rr, sbp, dbp, spo2, gcs, temp}]
    treatment = models.TextField(blank=True)
    hospital = models.ForeignKey(
        Hospital, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handover_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class BoardChange(TenantModel):
    """Append-only log of what changed on the dispatch board (unit status history included);
    the board's live stream watches the newest id per locality."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=30)  # incident, unit_status, position, stamp, assign
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["locality", "id"], name="ems_change_latest")]


class LineSos(TenantModel):
    """A citizen who wrote "SOS" on LINE and has not yet shared the location."""

    locality = models.ForeignKey("core.Locality", on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey("core.Citizen", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locality", "citizen"], name="ems_linesos_once")
        ]
