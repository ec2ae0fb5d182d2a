"""Forms of the portal and back office; they only parse, services decide."""

from __future__ import annotations

from typing import cast

from django import forms

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


def date_params(request, keys: tuple[str, ...], message) -> list:  # type: ignore[no-untyped-def]
    """Dates given in a page's query (day/month/year in the Buddhist Era as typed, or ISO from
    a link), None where empty; ``ValidationFailed(message, code="date_invalid")`` otherwise."""
    from .. import thai
    from ..errors import ValidationFailed

    values = []
    for key in keys:
        try:
            values.append(thai.parse_date_input(request.GET.get(key, "")[:20]))
        except ValueError:
            raise ValidationFailed(message, code="date_invalid") from None
    return values
