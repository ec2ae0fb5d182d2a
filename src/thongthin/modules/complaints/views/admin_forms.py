"""The complaint categories a locality admin keeps on the web (an AdminSection of the module)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thongthin.core.views.admin_forms import ReferenceForm, SafeJSONField

from ..models import Category

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


class CategoryForm(ReferenceForm):
    sla_hours = forms.IntegerField(label=_("Service window (hours)"), min_value=1, max_value=8760)
    duplicate_radius_m = forms.IntegerField(
        label=_("Nearby-duplicate radius (metres)"), min_value=0, max_value=5000
    )

    class Meta:
        model = Category
        fields = [
            "code", "name_th", "name_en", "name_ms", "department", "sla_hours", "sla_mode",
            "duplicate_radius_m", "keywords", "attributes", "active", "order",
        ]  # fmt: skip
        labels = {
            "code": _("Short code (a-z, used in the API and Open311)"),
            "name_th": _("Name in Thai"),
            "name_en": _("Name in English"),
            "name_ms": _("Name in Malay"),
            "department": _("Division that handles it"),
            "sla_mode": _("Counted in"),
            "keywords": _("Keywords (help the classifier; separated by spaces)"),
            "attributes": _("Extra questions (Open311 attributes, JSON)"),
            "active": _("Citizens can choose it"),
            "order": _("Order in lists"),
        }
        help_texts = {
            "attributes": _(
                'A list such as [{"code": "depth", "datatype": "number", "required": false, '
                '"description": "How deep is the water (cm)?"}]. Empty: no extra questions.'
            ),
        }
        field_classes = {"attributes": SafeJSONField}
        widgets = {"attributes": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})}

    def clean_attributes(self) -> Any:
        questions = self.cleaned_data.get("attributes") or []
        if not isinstance(questions, list):
            raise forms.ValidationError(_("Give a list of questions."))
        codes = set()
        for question in questions:
            if (
                not isinstance(question, dict)
                or not isinstance(question.get("code"), str)
                or not isinstance(question.get("description", ""), str)
                or not question["code"].strip()
                or not str(question.get("description", "")).strip()
                or question.get("datatype", "string") not in DATATYPES
            ):
                raise forms.ValidationError(
                    _("Each question needs a code, a description and a datatype among %(types)s."),
                    params={"types": ", ".join(DATATYPES)},
                )
            if question["code"] in codes:
                raise forms.ValidationError(
                    _("Two questions have the code '%(code)s'."), params={"code": question["code"]}
                )
            codes.add(question["code"])
        return questions
