"""Criteria Based Dispatch (CBD) reference data: symptom groups, colours and team levels.

The 25 numbered groups of the NIEMS/MOPH manual (11 is reserved and refused), the five dispatch
colours, and the dispatch code a dispatcher reads aloud: ``<group><colour><criterion>``, e.g.
``24แดง4``. Kept in code, not in a table: they are national, not per locality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongthin.core.errors import ValidationFailed

SYMPTOM_GROUPS: dict[int, Any] = {
    1: _("Abdominal/back/pelvic/groin pain"),
    2: _("Anaphylaxis/allergic reaction"),
    3: _("Animal bite"),
    4: _("Non-traumatic bleeding"),
    5: _("Breathing difficulty"),
    6: _("Cardiac arrest"),
    7: _("Chest pain/heart"),
    8: _("Choking/airway obstruction"),
    9: _("Diabetic problem"),
    10: _("Environmental (heat/cold etc.)"),
    12: _("Headache/eye/ENT"),
    13: _("Psychiatric/behavioural"),
    14: _("Overdose/poisoning"),
    15: _("Pregnancy/childbirth/gynae"),
    16: _("Seizure"),
    17: _("Sick/weak/unknown/other"),
    18: _("Stroke"),
    19: _("Unconscious/syncope"),
    20: _("Paediatric"),
    21: _("Assault"),
    22: _("Burns/electrical/chemical"),
    23: _("Drowning/diving/water"),
    24: _("Falls/accident/injury"),
    25: _("Motor-vehicle accident"),
}
RESERVED_GROUPS = frozenset({11})


@dataclass(frozen=True)
class Colour:
    word: str  # the Thai word dispatch codes are written with, in every language: 24แดง4
    name: Any  # "Red", translated
    meaning: Any  # "Critical", translated
    rank: int  # sort order: most urgent first


COLOURS: dict[str, Colour] = {
    "red": Colour("แดง", pgettext_lazy("triage colour", "Red"), _("Critical"), 0),
    "yellow": Colour("เหลือง", pgettext_lazy("triage colour", "Yellow"), _("Urgent"), 1),
    "green": Colour("เขียว", pgettext_lazy("triage colour", "Green"), _("Non-severe emergency"), 2),
    "white": Colour("ขาว", pgettext_lazy("triage colour", "White"), _("Non-emergency"), 3),
    "black": Colour(
        "ดำ", pgettext_lazy("triage colour", "Black"), _("Other public-health service"), 4
    ),
}

# Team levels, lowest first; the index is the level's rank.
LEVELS = ("FR", "BLS", "ILS", "ALS")
LEVEL_NAMES: dict[str, Any] = {
    "FR": _("First responder"),
    "BLS": _("Basic life support"),
    "ILS": _("Intermediate life support"),
    "ALS": _("Advanced life support"),
}
# The lowest team level each dispatch colour calls for (red -> ALS, as the CBD rule of thumb).
LEVEL_FOR_COLOUR = {"red": "ALS", "yellow": "BLS", "green": "FR", "white": "FR", "black": "FR"}

CRITERION_MAX = 99


def group_label(number: int | None) -> str:
    if number not in SYMPTOM_GROUPS:
        return ""
    return f"{number} {SYMPTOM_GROUPS[number]}"  # type: ignore[index]


def colour_label(code: str) -> str:
    """แดง (ผู้ป่วยฉุกเฉินวิกฤต) / Red (Critical)."""
    if code not in COLOURS:
        return ""
    colour = COLOURS[code]
    return f"{colour.name} ({colour.meaning})"


def colour_word(code: str) -> str:
    """แดง / Red: the short name on chips and tables."""
    return str(COLOURS[code].name) if code in COLOURS else ""


def colour_rank(code: str) -> int:
    """How urgent a colour is, most urgent first; unknown or none last."""
    return COLOURS[code].rank if code in COLOURS else len(COLOURS)


def validate_group(number: int | None) -> int:
    if number is None or number in RESERVED_GROUPS or number not in SYMPTOM_GROUPS:
        raise ValidationFailed(
            _("Unknown CBD symptom group %(number)s; use 1-25 (11 is reserved)."),
            code="unknown_symptom_group",
            params={"number": repr(number)},
        )
    return number


def validate_colour(code: str, *, field: str = "colour") -> str:
    if code not in COLOURS:
        raise ValidationFailed(
            _("Unknown triage colour %(code)s; use one of %(allowed)s."),
            code=f"unknown_{field}",
            params={"code": repr(code), "allowed": ", ".join(COLOURS)},
        )
    return code


def validate_criterion(value: int | None) -> int:
    if value is None or not 1 <= value <= CRITERION_MAX:
        raise ValidationFailed(
            _("The criterion must be a number from 1 to %(max)s."),
            code="criterion_invalid",
            params={"max": CRITERION_MAX},
        )
    return value


def dispatch_code(group: int | None, colour: str, criterion: int | None) -> str:
    """``24แดง4``: group, the colour's Thai word, criterion (as the NIEMS manual writes it)."""
    if group is None or colour not in COLOURS:
        return ""
    return f"{group}{COLOURS[colour].word}{criterion or ''}"


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1
