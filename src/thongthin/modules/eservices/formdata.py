"""Application forms as data: a service's form is a list of typed fields the locality admin
writes; ``form_check`` refuses a malformed form, ``answers_clean`` checks what an applicant
gave against it. A national ID is kept masked with a keyed hash (never the number), like the
core keeps citizens' IDs."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from django.utils.translation import gettext_lazy as _

from thongthin.core import thai
from thongthin.core.errors import ValidationFailed
from thongthin.core.services.accounts import national_id_protect

TYPES = (
    "text", "number", "date", "choice", "address", "point", "national_id", "phone", "file",
    "declaration",
)  # fmt: skip
# What a file field may take ("accept"): a PDF, a photo (JPEG, PNG, WebP), or either.
FILE_KINDS = {"pdf": "application/pdf", "image": "image/jpeg,image/png,image/webp"}
KIND_NAMES = {"pdf": _("a PDF"), "image": _("a photo (JPEG, PNG or WebP)")}
TEXT_MAX = 2000
FIELDS_MAX = 100
# Names the page's own form already uses.
RESERVED = frozenset({"csrfmiddlewaretoken", "locality", "message", "renew"})
# A field's code may not end so: "<code>__area" is an address field's sub-district.
# Thai (and Arabic-Indic) digits typed on a phone, read as 0-9.
_DIGITS = {ord(c): str(unicodedata.digit(c)) for c in "๐๑๒๓๔๕๖๗๘๙٠١٢٣٤٥٦٧٨٩"}


def _bad_form(message, **params: Any) -> ValidationFailed:
    return ValidationFailed(message, code="form_invalid", params=params)


def form_check(fields: Any) -> list[dict]:
    """The form as the admin wrote it, if every field is well made."""
    if not isinstance(fields, list):
        raise _bad_form(_("Give the form as a list of fields."))
    if len(fields) > FIELDS_MAX:
        raise _bad_form(_("At most %(n)s fields."), n=FIELDS_MAX)
    codes: set[str] = set()
    for field in fields:
        if not isinstance(field, dict):
            raise _bad_form(_("Give the form as a list of fields."))
        code = field.get("code")
        if (
            not isinstance(code, str)
            or not code.isascii()
            or not code.isidentifier()
            or "__" in code
            or len(code) > 40
            or code in codes | RESERVED
        ):
            raise _bad_form(_("Each field needs its own code (letters, digits, _)."))
        codes.add(code)
        if field.get("type") not in TYPES:
            raise _bad_form(
                _("Field %(code)s: the type must be one of %(types)s."),
                code=code,
                types=", ".join(TYPES),
            )
        label = field.get("label_th")
        if not isinstance(label, str) or not label.strip() or len(label) > 300:
            raise _bad_form(_("Field %(code)s needs a Thai label."), code=code)
        for key in ("label_en", "label_ms", "help"):
            text = field.get(key, "")
            if not isinstance(text, str) or len(text) > 500:
                raise _bad_form(_("Field %(code)s: %(key)s must be a text."), code=code, key=key)
        if not isinstance(field.get("required", False), bool):
            raise _bad_form(_("Field %(code)s: required is true or false."), code=code)
        choices = field.get("choices")
        if field["type"] == "choice" and (
            not isinstance(choices, list)
            or not 0 < len(choices) <= 100
            or not all(isinstance(c, str) and c.strip() for c in choices)
        ):
            raise _bad_form(_("Field %(code)s: give the choices as a list of texts."), code=code)
        accept = field.get("accept", list(FILE_KINDS))
        if field["type"] == "file" and (
            not isinstance(accept, list) or not accept or not set(accept) <= set(FILE_KINDS)
        ):
            raise _bad_form(
                _("Field %(code)s: accept is a list of %(kinds)s."),
                code=code,
                kinds=", ".join(FILE_KINDS),
            )
    return fields


def file_kind(data: bytes) -> str:
    """What an uploaded file is, by its bytes (the core's upload check says whether it is a
    well-made one)."""
    return "pdf" if data.startswith(b"%PDF-") else "image"


def accept_attribute(field: dict) -> str:
    """The file input's ``accept`` for a file field (what the phone's picker offers)."""
    return ",".join(FILE_KINDS[k] for k in field.get("accept") or FILE_KINDS if k in FILE_KINDS)


def address_areas(locality: Any) -> list[tuple[int, str]]:
    """The locality's own sub-districts, as an address field offers them."""
    rows = locality.subdistricts.select_related("district__province").order_by("name_th")
    return [(s.pk, area_text(s)) for s in rows]


def fields_for_page(fields: list[dict]) -> list[dict]:
    """The form's fields as a page shows them: a file field with its picker's types."""
    return [
        {**f, "accept_attr": accept_attribute(f)} if f.get("type") == "file" else f for f in fields
    ]


def _refuse(field: dict, message, code: str, **params: Any) -> ValidationFailed:
    return ValidationFailed(
        message,
        code=code,
        params={"field": field.get("label_th") or field["code"], **params},
        detail={"field": field["code"]},
    )


def answers_clean(fields: list[dict], raw: dict[str, Any], files: dict[str, bytes]) -> dict:
    """The answers to keep, checked field by field; files are checked by the caller's upload
    rules and listed here by field. Anything not in the form is ignored."""
    clean: dict[str, Any] = {}
    for field in fields:
        code, kind = field["code"], field["type"]
        value = raw.get(code)
        value = value.strip() if isinstance(value, str) else value
        if kind == "file":
            present = code in files
            allowed = field.get("accept") or list(FILE_KINDS)
            if present and file_kind(files[code]) not in allowed:
                raise _refuse(
                    field,
                    _("%(field)s: this field takes %(kinds)s."),
                    "file_type_not_allowed",
                    kinds=", ".join(str(KIND_NAMES[k]) for k in allowed),
                )
        elif kind == "declaration":
            present = value in (True, "1", "on", "true")
        else:
            present = value not in (None, "", [])
        if kind == "address" and present:
            clean[code] = _address(field, value, raw.get(f"{code}__area"))
            continue
        if not present:
            if field.get("required") and kind == "declaration":
                raise _refuse(field, _("Tick the box: %(field)s"), "answer_required")
            if field.get("required"):
                raise _refuse(field, _("%(field)s is required."), "answer_required")
            continue
        clean[code] = _one(field, kind, value)
    return clean


BANGKOK_PROVINCE = 10  # its sub-districts are แขวง in เขต, not ตำบล in อำเภอ


def area_text(subdistrict: Any) -> str:
    """A sub-district as a Thai address writes it: ต.ท่าวัง อ.เมืองนครศรีธรรมราช
    จ.นครศรีธรรมราช 80000 (แขวง ... เขต ... กรุงเทพมหานคร in Bangkok)."""
    district = subdistrict.district
    province = district.province
    if province.pk == BANGKOK_PROVINCE:
        text = f"แขวง{subdistrict.name_th} เขต{district.name_th} {province.name_th}"
    else:
        text = f"ต.{subdistrict.name_th} อ.{district.name_th} จ.{province.name_th}"
    return f"{text} {subdistrict.postcode}".strip()


def _address(field: dict, value: Any, area: Any) -> Any:
    """An address: the house number, village and road as typed, and where the page offered it,
    the sub-district chosen from the Thai geography (its district, province and postcode)."""
    from thongthin.core.models import SubDistrict

    text = str(value or "")
    if len(text) > TEXT_MAX:
        raise _refuse(field, _("%(field)s is too long."), "answer_too_long")
    area = str(area or "").strip()
    if not area:
        return text
    found = (
        SubDistrict.objects.select_related("district__province").filter(pk=int(area)).first()
        if area.isascii() and area.isdigit() and len(area) <= 9
        else None
    )
    if found is None:
        raise _refuse(field, _("%(field)s: choose the sub-district from the list."), "area_invalid")
    return {"text": text, "subdistrict": found.pk, "area": area_text(found)}


def _one(field: dict, kind: str, value: Any) -> Any:
    if kind == "text":
        text = str(value)
        if len(text) > TEXT_MAX:
            raise _refuse(field, _("%(field)s is too long."), "answer_too_long")
        return text
    if kind == "number":
        try:
            number = float(str(value).translate(_DIGITS).replace(",", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or abs(number) > 1e12:
            raise _refuse(field, _("%(field)s must be a number."), "answer_invalid")
        return number
    if kind == "date":
        try:
            day = thai.parse_date_input(str(value))
        except ValueError:
            day = None
        if day is None:
            raise _refuse(
                field, _("%(field)s: write the date as day/month/year (B.E.)."), "answer_invalid"
            )
        return day.isoformat()
    if kind == "choice":
        if value not in field.get("choices", []):
            raise _refuse(field, _("%(field)s: choose one of the options."), "answer_invalid")
        return value
    if kind == "point":
        try:
            lat, lon = (float(x) for x in str(value).split(","))
            thai.validate_point(lat, lon)
        except (ValueError, ValidationFailed):
            raise _refuse(
                field, _("%(field)s: pick the place on the map."), "answer_invalid"
            ) from None
        return [lat, lon]
    if kind == "national_id":
        try:
            masked, digest = national_id_protect(str(value).translate(_DIGITS))
        except ValidationFailed:
            raise _refuse(
                field, _("%(field)s: the national ID is not valid."), "national_id_invalid"
            ) from None
        return {"masked": masked, "hash": digest}
    if kind == "phone":
        phone = thai.normalize_thai_mobile(str(value).translate(_DIGITS))
        if not phone:
            raise _refuse(field, _("%(field)s: not a Thai mobile number."), "phone_invalid")
        return phone
    if kind == "file":
        return "attached"
    return True  # a declaration, ticked
