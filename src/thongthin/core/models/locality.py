"""Localities (อปท., the tenants) and their departments (กอง/สำนัก)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..crypto import EncryptedTextField
from ..i18n import localized
from ..tenancy import TenantModel


class LocalityType(models.TextChoices):
    PAO = "pao", _("Provincial Administrative Organization")
    CITY = "city", _("City Municipality")
    TOWN = "town", _("Town Municipality")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict Municipality")
    SAO = "sao", _("Subdistrict Administrative Organization")
    BANGKOK = "bangkok", _("Bangkok Metropolitan Administration")
    PATTAYA = "pattaya", _("Pattaya City")


# Slugs that would shadow the site's own top-level paths.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "staff", "line", "static", "media", "i18n", "healthz", "open311", "cap", "www"}
)


class Locality(models.Model):
    """One local government (อปท.): the tenant every tenant-owned row points to."""

    tenant_global = "the tenants themselves"

    slug = models.SlugField(max_length=60, unique=True)
    type = models.CharField(max_length=30, choices=LocalityType.choices)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    name_ms = models.CharField(max_length=200, blank=True)
    province = models.ForeignKey("core.Province", on_delete=models.PROTECT, related_name="+")
    subdistricts = models.ManyToManyField("core.SubDistrict", blank=True, related_name="+")
    center_lat = models.FloatField()
    center_lon = models.FloatField()
    boundary = models.JSONField(null=True, blank=True, help_text=_("GeoJSON polygon"))
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # LINE Official Account of this locality (Messaging API channel).
    line_channel_id = models.CharField(max_length=40, blank=True)
    # Encrypted at rest (THONGTHIN_ENCRYPTION_KEY); never shown back once saved.
    line_channel_secret = EncryptedTextField(blank=True)
    line_channel_access_token = EncryptedTextField(blank=True)
    modules_enabled = models.JSONField(default=list, blank=True)
    # Staff here who may read citizens' personal data must use a second factor (TOTP).
    require_2fa = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name_th

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def type_name(self) -> str:
        return str(self.get_type_display())

    @property
    def has_line(self) -> bool:
        return bool(self.line_channel_secret and self.line_channel_access_token)

    def module_enabled(self, code: str) -> bool:
        from ..modules import enabled_in

        return enabled_in(self, code)


DEFAULT_DEPARTMENTS = (
    ("palad", "สำนักปลัด", "Office of the Permanent Secretary"),
    ("finance", "กองคลัง", "Finance Division"),
    ("engineering", "กองช่าง", "Engineering Division"),
    ("health", "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health and Environment Division"),
    ("education", "กองการศึกษา", "Education Division"),
    ("welfare", "กองสวัสดิการสังคม", "Social Welfare Division"),
)


class Department(TenantModel):
    """A division (กอง/สำนัก) of a locality; cases are owned by one."""

    locality = models.ForeignKey(
        "core.Locality", on_delete=models.CASCADE, related_name="departments"
    )
    code = models.SlugField(max_length=40)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    name_ms = models.CharField(max_length=200, blank=True)
    head = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["locality_id", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "code"], name="department_locality_code")
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def name(self) -> str:
        return localized(self, "name")
