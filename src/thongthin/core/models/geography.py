"""Thai administrative geography (จังหวัด / อำเภอ / ตำบล), shipped with the package."""

from django.db import models


class Province(models.Model):
    """จังหวัด. ``id`` is the dataset's numeric id; ``region`` the geography (ภาค)."""

    tenant_global = "national reference data, the same for every locality"

    id = models.PositiveIntegerField(primary_key=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    region = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    """อำเภอ / เขต. ``id`` is the 4-digit DOPA code."""

    tenant_global = "national reference data, the same for every locality"

    id = models.PositiveIntegerField(primary_key=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th


class SubDistrict(models.Model):
    """ตำบล / แขวง. ``id`` is the 6-digit DOPA code."""

    tenant_global = "national reference data, the same for every locality"

    id = models.PositiveIntegerField(primary_key=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    postcode = models.CharField(max_length=5, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = "sub-district"

    def __str__(self) -> str:
        return self.name_th
