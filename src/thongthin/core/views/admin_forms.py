"""Forms of the locality administration; they parse and label, services decide."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.validators import RegexValidator, validate_slug
from django.db.models import Q, UniqueConstraint
from django.utils.translation import gettext_lazy as _

from .. import modules, thai
from ..errors import ValidationFailed
from ..i18n import localized
from ..models import Department, Locality, LocalityType, Province, SubDistrict, User
from ..models.accounts import PLATFORM_ADMIN
from ..tenancy import TenantModel

GEOJSON_BYTES_MAX = 2 * 1024 * 1024
SLUG_MESSAGE = _("Use only letters a-z, digits 0-9, dashes and underscores.")


def slug_messages(form: forms.BaseForm) -> None:
    """Every short-code field says what it takes in the reader's language (Django's own
    message has no Thai translation)."""
    for field in form.fields.values():
        if any(v is validate_slug for v in field.validators):
            field.validators = [v for v in field.validators if v is not validate_slug] + [
                RegexValidator(validate_slug.regex, SLUG_MESSAGE, code="invalid")
            ]


class BuddhistDateInput(forms.TextInput):
    """A date typed as day/month/year in the Buddhist Era (7/12/2569)."""

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "year"):
            return thai.format_date_input(value)
        return super().format_value(value)


class BuddhistDateField(forms.DateField):
    """A form's date in the Buddhist Era, as :func:`thai.parse_date_input` reads it (a
    ModelForm's DateField becomes this through ``field_classes``)."""

    widget = BuddhistDateInput(attrs={"inputmode": "numeric", "placeholder": "7/12/2569"})
    default_error_messages = {
        "invalid": _("Give the day as day/month/year in the Buddhist Era, e.g. 7/12/2569.")
    }

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return thai.parse_date_input(str(value)[:20])
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReferenceForm(forms.ModelForm):
    """A form of one locality's reference row (the base of every :class:`AdminSection` form):
    choices of the locality's own rows only, uniqueness checked within the locality, and each
    (latitude, longitude) pair named in ``points`` checked to be in Thailand."""

    points: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args: Any, locality: Locality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slug_messages(self)
        self.locality = locality
        if self.instance.pk is None:
            self.instance.locality = locality
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if issubclass(queryset.model, TenantModel):
                field.queryset = queryset.model.objects.for_locality(locality)  # type: ignore[attr-defined]
                if hasattr(queryset.model, "name_th"):  # the name in the reader's language
                    field.label_from_instance = lambda row: localized(row, "name")  # type: ignore[attr-defined]
            elif queryset.model is User:
                # Active staff, and whoever is chosen already (a head since deactivated must
                # not make the row impossible to save).
                field.queryset = User.objects.filter(locality=locality).filter(  # type: ignore[attr-defined]
                    Q(is_active=True) | Q(pk__in=self._chosen(name))
                )

    def _chosen(self, name: str) -> list[Any]:
        if self.instance.pk is None:
            return []
        value = self.initial.get(name)
        if isinstance(value, list | tuple):
            return [getattr(v, "pk", v) for v in value]
        return [value] if value else []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for lat, lon in self.points:
            if lat in self.errors or lon in self.errors:
                continue
            try:
                thai.validate_point(data.get(lat), data.get(lon))
            except ValidationFailed as exc:
                self.add_error(lat, exc.message)
        return data

    def validate_unique(self) -> None:
        """Unique per locality, checked in the locality (Django's own check would query
        across tenants)."""
        model = self._meta.model
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or constraint.condition is not None:
                continue
            others = [f for f in constraint.fields if f != "locality"]
            if not others or any(f not in self.cleaned_data for f in others):
                continue
            rows = model.objects.for_locality(self.locality).filter(  # type: ignore[attr-defined]
                **{f: self.cleaned_data[f] for f in others}
            )
            if self.instance.pk is not None:
                rows = rows.exclude(pk=self.instance.pk)
            if rows.exists():
                self.add_error(others[0], _("This is already used in this locality."))


class DepartmentForm(ReferenceForm):
    def clean_name_th(self) -> str:
        name = self.cleaned_data["name_th"].strip()
        same = Department.objects.for_locality(self.locality).filter(name_th=name)
        if self.instance.pk is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("Another division has this name."))
        return name

    class Meta:
        model = Department
        fields = ["code", "name_th", "name_en", "name_ms", "head"]
        labels = {
            "code": _("Short code (a-z, used in files and the API)"),
            "name_th": _("Name in Thai"),
            "name_en": _("Name in English"),
            "name_ms": _("Name in Malay"),
            "head": _("Head (receives escalations)"),
        }


def role_choices(*, platform: bool = False) -> list[tuple[str, str]]:
    return [
        (code, str(role.label))
        for code, role in modules.roles().items()
        if platform or code != PLATFORM_ADMIN
    ]


CHANNELS = (
    ("email", _("E-mail")),
    ("sms", _("SMS")),
    ("link", _("Show me the link (to send in LINE)")),
)


class StaffInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"))
    division = forms.ChoiceField(label=_("Division"), required=False)
    channel = forms.ChoiceField(label=_("Send the link by"), choices=CHANNELS)

    def __init__(self, *args: Any, locality: Locality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices()  # type: ignore[attr-defined]
        self.fields["division"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (d.code, d.name) for d in Department.objects.for_locality(locality)
        ]


class StaffEditForm(StaffInviteForm):
    channel = None  # type: ignore[assignment]


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8)"))
    channel = forms.ChoiceField(label=_("Send the links by"), choices=CHANNELS)


class WelcomeForm(forms.Form):
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name (what uses the key)"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, locality: Locality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [  # type: ignore[attr-defined]
            (c.code, str(c.label))
            for c in modules.capabilities()
            if c.api_key and modules.enabled_in(locality, c.module)
        ]


class LineForm(forms.Form):
    line_channel_id = forms.CharField(label=_("Channel ID"), max_length=40, required=False)
    # Write-only: left empty, the stored value stays.
    line_channel_secret = forms.CharField(
        label=_("Channel secret"),
        max_length=100,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    line_channel_access_token = forms.CharField(
        label=_("Channel access token (long-lived)"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


def json_read(text: str, message: Any) -> Any:
    """JSON typed by a person: a ValidationError with ``message`` for anything unreadable,
    nesting too deep included."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise forms.ValidationError(message) from None


def _no_constants(name: str) -> Any:
    # NaN and Infinity are not JSON, and the databases refuse them in a JSON column.
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


class _StrictDecoder(json.JSONDecoder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "parse_constant": _no_constants})


class SafeJSONField(forms.JSONField):
    """Django's JSONField, answering a form error (not a crash) to JSON nested too deep or
    holding NaN/Infinity, in the reader's language."""

    default_error_messages = {"invalid": _("This is not JSON: check the brackets and quotes.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"decoder": _StrictDecoder, **kwargs})

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except RecursionError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return data


def _geojson(text: str, upload: Any) -> Any:
    if upload is not None:
        if upload.size > GEOJSON_BYTES_MAX:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        text = upload.read().decode("utf-8-sig", errors="replace")
    text = (text or "").strip()
    if not text:
        return None
    value = json_read(text, _("This is not GeoJSON (JSON could not be read)."))
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if not isinstance(features, list) or len(features) != 1:
            raise forms.ValidationError(_("Give one polygon (the file has several features)."))
        value = features[0]
    return value


class LocalityProfileForm(forms.Form):
    name_th = forms.CharField(label=_("Name in Thai"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_ms = forms.CharField(label=_("Name in Malay"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=LocalityType.choices)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    center_lat = forms.FloatField(label=_("Centre: latitude"))
    center_lon = forms.FloatField(label=_("Centre: longitude"))
    boundary = forms.CharField(
        label=_("Boundary (GeoJSON polygon; drawn on the map or pasted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    boundary_file = forms.FileField(
        label=_("…or upload a GeoJSON file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )
    subdistricts = forms.ModelMultipleChoiceField(
        label=_("Sub-districts it covers"),
        queryset=SubDistrict.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    modules_enabled = forms.MultipleChoiceField(
        label=_("Modules switched on"), required=False, widget=forms.CheckboxSelectMultiple
    )
    require_2fa = forms.BooleanField(
        required=False, label=_("Staff who read personal data must use a second factor (TOTP)")
    )

    def __init__(self, *args: Any, province: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistricts"].queryset = (  # type: ignore[attr-defined]
            SubDistrict.objects.filter(district__province=province)
            .select_related("district")
            .order_by("district__name_th", "name_th")
        )
        self.fields["subdistricts"].label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.name_th} · {s.district.name_th}"
        )
        self.fields["modules_enabled"].choices = [  # type: ignore[attr-defined]
            (m.name, str(m.label)) for m in modules.optional_modules()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["boundary"] = _geojson(data.get("boundary", ""), data.pop("boundary_file", None))
        except forms.ValidationError as exc:
            self.add_error("boundary", exc)
        return data


class LocalityCreateForm(forms.Form):
    slug = forms.SlugField(label=_("Web name (a-z, in the address: /yanyao/)"), max_length=60)
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *LocalityType.choices])
    name_th = forms.CharField(label=_("Name in Thai"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    center_lat = forms.FloatField(label=_("Centre: latitude"), required=False)
    center_lon = forms.FloatField(label=_("Centre: longitude"), required=False)
    subdistrict_codes = forms.CharField(
        label=_("Sub-district codes (6 digits, separated by spaces)"), required=False
    )
    admin_first_name = forms.CharField(label=_("First admin: first name"), max_length=150)
    admin_last_name = forms.CharField(
        label=_("First admin: last name"), max_length=150, required=False
    )
    admin_email = forms.CharField(label=_("First admin: e-mail"), max_length=254, required=False)
    admin_phone = forms.CharField(
        label=_("First admin: mobile phone"), max_length=20, required=False
    )
    channel = forms.ChoiceField(label=_("Send the invitation by"), choices=CHANNELS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slug_messages(self)
        provinces = sorted(Province.objects.all(), key=lambda p: thai.sort_key(p.name_th))
        province = self.fields["province"]
        province.queryset = Province.objects.all()  # type: ignore[attr-defined]
        province.choices = [("", "—")] + [(p.pk, localized(p, "name")) for p in provinces]  # type: ignore[attr-defined,misc]

    def clean_subdistrict_codes(self) -> list[int]:
        text = self.cleaned_data.get("subdistrict_codes", "")
        codes = []
        for part in text.replace(",", " ").split():
            if not part.isdigit() or len(part) != 6:
                raise forms.ValidationError(
                    _("'%(code)s' is not a 6-digit sub-district code."), params={"code": part}
                )
            codes.append(int(part))
        return codes
