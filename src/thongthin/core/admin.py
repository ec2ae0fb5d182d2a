"""Django admin for reference data only; tenant data is worked in the back office and API."""

from django.contrib import admin

from .models import District, Province, SubDistrict


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("id", "name_th", "name_en", "region")
    search_fields = ("name_th", "name_en")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("id", "name_th", "name_en", "province")
    list_filter = ("province",)
    search_fields = ("name_th", "name_en")


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("id", "name_th", "name_en", "district", "postcode")
    search_fields = ("name_th", "name_en", "postcode")
    list_select_related = ("district",)
