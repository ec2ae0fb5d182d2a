"""EMS units (with their bases) and hospitals, kept by the locality admin on the web."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongthin.core.views.admin_forms import ReferenceForm

from ..models import Hospital, Unit


class UnitForm(ReferenceForm):
    points = (("base_lat", "base_lon"),)

    class Meta:
        model = Unit
        fields = ["code", "name", "level", "vehicle", "base_name", "base_lat", "base_lon", "crew"]
        labels = {
            "code": _("Short code (a-z)"),
            "name": _("Call sign or name"),
            "level": _("Level (FR, BLS, ALS)"),
            "vehicle": _("Vehicle (plate or description)"),
            "base_name": _("Base"),
            "base_lat": _("Base: latitude"),
            "base_lon": _("Base: longitude"),
            "crew": _("Crew (their phones show this unit's jobs)"),
        }


class HospitalForm(ReferenceForm):
    points = (("lat", "lon"),)

    class Meta:
        model = Hospital
        fields = ["name", "phone", "lat", "lon", "active"]
        labels = {
            "name": _("Name"),
            "phone": _("Phone"),
            "lat": _("Latitude"),
            "lon": _("Longitude"),
            "active": _("Receives patients"),
        }
