"""Forms of the portal and back office; they only parse, services decide."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Department, Locality, User


class RequestForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=20, required=False)
    photo = forms.FileField(required=False)


class TrackForm(forms.Form):
    code = forms.CharField(max_length=16)


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=40)
    reason = forms.CharField(max_length=5000, required=False)


class NoteForm(forms.Form):
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(required=False)


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False)
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args, locality: Locality, **kwargs):
        super().__init__(*args, **kwargs)
        department = cast(forms.ModelChoiceField, self.fields["department"])
        department.queryset = Department.objects.for_locality(locality)
        assignee = cast(forms.ModelChoiceField, self.fields["assignee"])
        assignee.queryset = User.objects.filter(locality=locality, is_active=True)


class LocalitySettingsForm(forms.Form):
    name_th = forms.CharField(max_length=200)
    name_en = forms.CharField(max_length=200)
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    center_lat = forms.FloatField()
    center_lon = forms.FloatField()
    boundary = forms.JSONField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    require_2fa = forms.BooleanField(
        required=False, label=_("Staff who read personal data must use a second factor (TOTP)")
    )
    line_channel_id = forms.CharField(max_length=40, required=False)
    # Write-only: left empty, the stored value stays.
    line_channel_secret = forms.CharField(
        max_length=100, required=False, widget=forms.PasswordInput(render_value=False)
    )
    line_channel_access_token = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False)
    )
