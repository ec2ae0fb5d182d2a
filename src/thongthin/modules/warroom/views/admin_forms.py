"""The war room's gauging stations, warning rules, shelters and stores, kept on the web."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thongthin.core.views.admin_forms import ReferenceForm

from ..models import AlertRule, Shelter, Station, Store

SHELTER_SERVICES = (
    ("food", _("Food")),
    ("medical", _("Medical care")),
    ("toilets", _("Toilets")),
    ("power", _("Power")),
    ("pets", _("Pets")),
)


class StationForm(ReferenceForm):
    points = (("lat", "lon"),)

    class Meta:
        model = Station
        fields = [
            "code", "name", "kind", "unit", "lat", "lon", "river", "river_order",
            "ground_level", "bank_level", "warning_level", "critical_level", "min_value",
            "max_value", "active",
        ]  # fmt: skip
        labels = {
            "code": _("Code (as the sensor sends it)"),
            "name": _("Name"),
            "kind": _("Kind"),
            "unit": _("Unit of the readings"),
            "lat": _("Latitude"),
            "lon": _("Longitude"),
            "river": _("River"),
            "river_order": _("Order along the river (smaller is upstream)"),
            "ground_level": _("Ground level"),
            "bank_level": _("Bank level"),
            "warning_level": _("Warning level"),
            "critical_level": _("Critical level"),
            "min_value": _("Lowest believable reading"),
            "max_value": _("Highest believable reading"),
            "active": _("In use"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("min_value") is not None
            and data.get("max_value") is not None
            and data["min_value"] >= data["max_value"]
        ):
            self.add_error("max_value", _("Must be above the lowest believable reading."))
        warning, critical = data.get("warning_level"), data.get("critical_level")
        if warning is not None and critical is not None and critical < warning:
            self.add_error("critical_level", _("Must not be below the warning level."))
        return data


class AlertRuleForm(ReferenceForm):
    class Meta:
        model = AlertRule
        fields = [
            "station", "threshold", "forecast", "severity", "auto_issue", "event_th",
            "instruction_th", "area_desc", "active",
        ]  # fmt: skip
        labels = {
            "station": _("Station"),
            "threshold": _("When the water reaches"),
            "forecast": _("Warn ahead, from an upstream rise"),
            "severity": _("Severity"),
            "auto_issue": _("Issue the warning without waiting for an officer"),
            "event_th": _("Event (Thai)"),
            "instruction_th": _("What people should do (Thai)"),
            "area_desc": _("Area (as people name it)"),
            "active": _("In use"),
        }


class ShelterForm(ReferenceForm):
    points = (("lat", "lon"),)
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=SHELTER_SERVICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Shelter
        fields = ["name", "lat", "lon", "capacity", "services", "status", "phone"]
        labels = {
            "name": _("Name"),
            "lat": _("Latitude"),
            "lon": _("Longitude"),
            "capacity": _("Capacity (people)"),
            "status": _("Status"),
            "phone": _("Phone"),
        }


class StoreForm(ReferenceForm):
    class Meta:
        model = Store
        fields = ["name", "shelter"]
        labels = {"name": _("Name"), "shelter": _("At shelter")}
