"""The locality admin's form for a service of the catalogue (core administration pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed
from thongthin.core.views.admin_forms import BuddhistDateField, ReferenceForm, SafeJSONField

from ..formdata import form_check
from ..models import WEEKDAYS, Closure, Counter, PaymentAccount, QueueGroup, Service, SlotRule


class ServiceForm(ReferenceForm):
    class Meta:
        model = Service
        fields = [
            "code", "name_th", "name_en", "name_ms", "kind", "department", "legal_basis",
            "conditions", "channels", "steps", "time_limit", "time_unit", "time_note",
            "documents", "fee", "fee_unit_field", "fee_note", "complaints_to", "form",
            "document_title", "document_body", "validity_months", "inspection", "active", "order",
        ]  # fmt: skip
        labels = {
            "code": _("Short code (a-z, used in the address and the API)"),
            "name_th": _("Name in Thai"),
            "name_en": _("Name in English"),
            "name_ms": _("Name in Malay"),
            "kind": _("Kind of service"),
            "department": _("Division responsible"),
            "legal_basis": _("Legal basis"),
            "conditions": _("Criteria, method and conditions"),
            "channels": _("Where and when to apply"),
            "steps": _("Steps, their time and division (JSON)"),
            "time_limit": _("Total time limit"),
            "time_unit": _("Counted in"),
            "time_note": _("About the time limit"),
            "documents": _("Documents to bring (JSON)"),
            "fee": _("Fee charged on approval (baht; empty: set each time)"),
            "fee_unit_field": _(
                "Per unit: the code of the form's number field the fee is multiplied by "
                "(empty: a fixed fee)"
            ),
            "fee_note": _("Fees"),
            "complaints_to": _("Where to complain"),
            "form": _("Application form (JSON)"),
            "document_title": _("Title of the document issued (licence, permit, certificate)"),
            "document_body": _("Text of the document issued"),
            "validity_months": _("Months the document is valid (empty: no expiry)"),
            "inspection": _("A site inspection before the decision"),
            "active": _("Offered to citizens"),
            "order": _("Order in lists"),
        }
        help_texts = {
            "steps": _('A list such as [{"step": "Check the documents", "minutes": 60, '
                       '"division": "Engineering"}].'),
            "documents": _('A list such as [{"name": "Copy of the ID card", "originals": 0, '
                           '"copies": 1}]. Empty: the manual says no documents are needed.'),
            "fee_note": _("Empty: the manual says there is no fee."),
            "form": _('Fields such as [{"code": "floors", "type": "number", "label_th": "จำนวนชั้น", '
                      '"required": true}]. Types: text, number, date, choice (with "choices"), '
                      'address, point, national_id, phone, file (with "accept": ["pdf"] or '
                      '["image"] to take only one kind), declaration. A change makes a new '
                      "version; applications keep the one they were filed with."),
            "document_body": _("{{ code }} is replaced by the answer of that form field, or by "
                               "number, locality, service, issued, valid_until."),
        }  # fmt: skip
        field_classes = {"steps": SafeJSONField, "documents": SafeJSONField, "form": SafeJSONField}
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
            "documents": forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
            "form": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "channels": forms.Textarea(attrs={"rows": 2}),
            "fee_note": forms.Textarea(attrs={"rows": 2}),
            "complaints_to": forms.Textarea(attrs={"rows": 2}),
            "document_body": forms.Textarea(attrs={"rows": 4}),
        }

    def _rows(self, name: str, keys: dict[str, type]) -> list[dict]:
        rows = self.cleaned_data.get(name) or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise forms.ValidationError(_("Give a list of entries in braces."))
        for row in rows:
            text = row.get(next(iter(keys)))
            if not isinstance(text, str) or not text.strip():
                raise forms.ValidationError(
                    _("Each entry needs its %(key)s."), params={"key": next(iter(keys))}
                )
            for key, kind in list(keys.items())[1:]:
                value = row.get(key, 0)
                if kind is int and (not isinstance(value, int) or value < 0 or value > 10**6):
                    raise forms.ValidationError(
                        _("%(key)s must be a whole number of zero or more."), params={"key": key}
                    )
        return rows

    def clean_steps(self) -> Any:
        return self._rows("steps", {"step": str, "minutes": int})

    def clean_documents(self) -> Any:
        return self._rows("documents", {"name": str, "originals": int, "copies": int})

    def clean_form(self) -> Any:
        try:
            return form_check(self.cleaned_data.get("form") or [])
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit = (data.get("fee_unit_field") or "").strip()
        form = data.get("form") or []
        if unit and not any(
            isinstance(f, dict) and f.get("code") == unit and f.get("type") == "number"
            for f in form
        ):
            self.add_error("fee_unit_field", _("Name a number field of the application form."))
        return data

    def save(self, commit: bool = True) -> Service:
        if self.instance.pk is not None and "form" in self.changed_data:
            self.instance.form_version += 1
        return super().save(commit=commit)


class PaymentAccountForm(ReferenceForm):
    class Meta:
        model = PaymentAccount
        fields = ["name", "biller_id", "promptpay_id"]
        labels = {
            "name": _("Account name (shown under the QR code)"),
            "biller_id": _("Biller ID for Thai QR Bill Payment (15 digits, from the bank)"),
            "promptpay_id": _("PromptPay ID (mobile number or 13-digit tax ID)"),
        }

    def clean_biller_id(self) -> str:
        value = (self.cleaned_data.get("biller_id") or "").strip()
        if value and not (value.isascii() and value.isdigit() and len(value) == 15):
            raise forms.ValidationError(_("The biller ID is 15 digits."))
        return value

    def clean_promptpay_id(self) -> str:
        value = "".join(c for c in (self.cleaned_data.get("promptpay_id") or "") if c.isdigit())
        if value and not (len(value) == 13 or (len(value) == 10 and value.startswith("0"))):
            raise forms.ValidationError(_("A mobile number or a 13-digit tax ID."))
        return value


class QueueGroupForm(ReferenceForm):
    class Meta:
        model = QueueGroup
        fields = ["letter", "name_th", "name_en", "name_ms", "active", "order"]
        labels = {
            "letter": _("Letter of its tickets (A-Z)"),
            "name_th": _("Name in Thai"),
            "name_en": _("Name in English"),
            "name_ms": _("Name in Malay"),
            "active": _("Tickets given"),
            "order": _("Order in lists"),
        }

    def clean_letter(self) -> str:
        value = (self.cleaned_data.get("letter") or "").strip().upper()
        if not (len(value) == 1 and "A" <= value <= "Z"):
            raise forms.ValidationError(_("One letter, A to Z."))
        return value


class CounterForm(ReferenceForm):
    class Meta:
        model = Counter
        fields = ["number", "name", "letters", "active"]
        labels = {
            "number": _("Counter number (said on the display)"),
            "name": _("Name"),
            "letters": _("Lines it calls from (letters, e.g. AB; empty: every line)"),
            "active": _("In use"),
        }

    def clean_letters(self) -> str:
        value = "".join((self.cleaned_data.get("letters") or "").upper().split())
        if not all("A" <= c <= "Z" for c in value):
            raise forms.ValidationError(_("Letters A to Z only, e.g. AB."))
        lines = set(QueueGroup.objects.for_locality(self.locality).values_list("letter", flat=True))
        unknown = sorted(set(value) - lines)
        if unknown:
            raise forms.ValidationError(
                _("No line has the letter %(letters)s."), params={"letters": ", ".join(unknown)}
            )
        return "".join(sorted(set(value)))


class SlotRuleForm(ReferenceForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SlotRule
        fields = [
            "service", "counter", "group", "weekdays", "start", "end", "minutes", "capacity",
            "active",
        ]  # fmt: skip
        labels = {
            "service": _("Service (empty: any service)"),
            "counter": _("Counter"),
            "group": _("Line joined on arrival (empty: the first line)"),
            "start": _("First slot starts (e.g. 09:00)"),
            "end": _("Last slot ends (e.g. 12:00)"),
            "minutes": _("Minutes per slot"),
            "capacity": _("People per slot"),
            "active": _("Taking bookings"),
        }
        widgets = {
            "start": forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
            "end": forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["weekdays"] = list(self.instance.weekdays or "01234")

    def clean_weekdays(self) -> str:
        return "".join(sorted(set(self.cleaned_data.get("weekdays") or [])))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end, minutes = data.get("start"), data.get("end"), data.get("minutes")
        if start and end and end <= start:
            self.add_error("end", _("The end comes after the start."))
        if minutes is not None and not 5 <= minutes <= 480:
            self.add_error("minutes", _("From 5 to 480 minutes."))
        capacity = data.get("capacity")
        if capacity is not None and not 1 <= capacity <= 100:
            self.add_error("capacity", _("From 1 to 100 people."))
        return data


class ClosureForm(ReferenceForm):
    class Meta:
        model = Closure
        fields = ["day", "reason"]
        labels = {"day": _("Day (day/month/year B.E.)"), "reason": _("Why it is closed")}
        field_classes = {"day": BuddhistDateField}
