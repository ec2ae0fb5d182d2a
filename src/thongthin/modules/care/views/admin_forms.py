"""The locality admin's forms for the Smart Car's vehicles and the hospitals rides go to."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thongthin.core.views.admin_forms import ReferenceForm

from ..models import Hospital, Vehicle


class VehicleForm(ReferenceForm):
    class Meta:
        model = Vehicle
        fields = ["name", "plate", "seats", "wheelchair_places", "stretcher", "driver", "active"]
        labels = {
            "name": _("Name"),
            "plate": _("Licence plate"),
            "seats": _("Seats for passengers"),
            "wheelchair_places": _("Wheelchair places"),
            "stretcher": _("Carries a stretcher"),
            "driver": _("Driver"),
            "active": _("In use"),
        }

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if seats > 12:
            raise forms.ValidationError(_("At most 12 seats."))
        return seats

    def clean_wheelchair_places(self):
        places = self.cleaned_data["wheelchair_places"]
        if places > 4:
            raise forms.ValidationError(_("At most 4 wheelchair places."))
        return places


class HospitalForm(ReferenceForm):
    points = (("lat", "lon"),)

    class Meta:
        model = Hospital
        fields = ["name", "lat", "lon", "active"]
        labels = {
            "name": _("Name"),
            "lat": _("Latitude"),
            "lon": _("Longitude"),
            "active": _("In use"),
        }
