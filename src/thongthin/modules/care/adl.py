"""Barthel ADL (the Thai 0–20 version), its bands, and the NHSO dependency group.

Pure functions, no database: the screening page, the API, the visit sync and
``thongthin care classify`` all call :func:`classify`.

The items and their allowed scores are those of the Thai version (feeding 0–2, grooming 0–1,
transfer 0–3, toilet 0–2, mobility 0–3, dressing 0–2, stairs 0–2, bathing 0–1, bowels 0–2,
bladder 0–2; at most 20; the ×5 variant out of 100 is refused). Bands by the Department of
Health: 12–20 ติดสังคม, 5–11 ติดบ้าน, 0–4 ติดเตียง. The group (0–4) follows the ADL band, and
within a band the TAI class where one was assessed: 5–11 with a confused TAI class (B3, B4) is
group 2, otherwise 1; 0–4 with an immobile, severely ill class (I1–I3) is group 4, otherwise 3.
That TAI table is marked unverified in the domain notes, so it is the module's setting
``TAI_GROUPS`` and the rule that gave each group is returned with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (key, label, allowed scores): the order of the Thai form.
ITEMS: tuple[tuple[str, Any, tuple[int, ...]], ...] = (
    ("feeding", pgettext_lazy("adl", "Feeding"), (0, 1, 2)),
    ("grooming", pgettext_lazy("adl", "Grooming"), (0, 1)),
    ("transfer", pgettext_lazy("adl", "Transfer bed to chair"), (0, 1, 2, 3)),
    ("toilet", pgettext_lazy("adl", "Toilet use"), (0, 1, 2)),
    ("mobility", pgettext_lazy("adl", "Mobility indoors"), (0, 1, 2, 3)),
    ("dressing", pgettext_lazy("adl", "Dressing"), (0, 1, 2)),
    ("stairs", pgettext_lazy("adl", "Stairs"), (0, 1, 2)),
    ("bathing", pgettext_lazy("adl", "Bathing"), (0, 1)),
    ("bowels", pgettext_lazy("adl", "Bowels"), (0, 1, 2)),
    ("bladder", pgettext_lazy("adl", "Bladder"), (0, 1, 2)),
)
# What each score means, as the Thai form says it (care_education.md §1.1).
SCORE_TEXTS = {
    "feeding": (_("unable"), _("needs help (cutting, spreading)"), _("independent")),
    "grooming": (_("needs help"), _("independent")),
    "transfer": (
        _("unable, no sitting balance"), _("major help (1–2 people)"), _("minor help"),
        _("independent"),
    ),
    "toilet": (_("dependent"), _("some help"), _("independent")),
    "mobility": (
        _("immobile"), _("wheelchair, on their own"), _("walks with one helper"),
        _("independent (an aid allowed)"),
    ),
    "dressing": (_("dependent"), _("needs help, does about half"), _("independent")),
    "stairs": (_("unable"), _("needs help"), _("independent")),
    "bathing": (_("dependent"), _("independent")),
    "bowels": (_("incontinent or needs enemas"), _("occasional accident (once a week at most)"),
               _("continent")),
    "bladder": (_("incontinent or catheter"), _("occasional accident (once a day at most)"),
                _("continent")),
}  # fmt: skip
ITEM_KEYS = tuple(key for key, _label, _scores in ITEMS)
ITEM_LABELS = {key: label for key, label, _scores in ITEMS}
ALLOWED = {key: scores for key, _label, scores in ITEMS}
MAX_TOTAL = sum(max(scores) for _k, _l, scores in ITEMS)  # 20

# The bands as the Thai forms write them (also the values the CLI prints), and their codes.
SOCIAL, HOMEBOUND, BEDBOUND = "ติดสังคม", "ติดบ้าน", "ติดเตียง"
BAND_CODES = {SOCIAL: "social", HOMEBOUND: "homebound", BEDBOUND: "bedbound"}
BAND_LABELS = {
    "social": pgettext_lazy("adl band", "Socially active (ติดสังคม)"),
    "homebound": pgettext_lazy("adl band", "Homebound (ติดบ้าน)"),
    "bedbound": pgettext_lazy("adl band", "Bedbound (ติดเตียง)"),
}
# 43-file SPECIALPP code for an elderly ADL screen with a care plan, by band.
SPECIALPP = {"social": "1B1280", "homebound": "1B1281", "bedbound": "1B1282"}
# 43-file FUNCTIONAL DEPENDENT (THCC 72): 1 not dependent, 2 slightly, 3 very.
DEPENDENT = {"social": "1", "homebound": "2", "bedbound": "3"}

# TAI classes (Typology of Aged with Illustration) and the group each gives inside its ADL
# band. Unverified in the domain notes: overridable with the module setting TAI_GROUPS.
TAI_CLASSES = ("B5", "B4", "B3", "C4", "C3", "C2", "I3", "I2", "I1")
DEFAULT_TAI_GROUPS = {
    "B5": 1, "C4": 1,  # moves somewhat, no cognitive impairment
    "B3": 2, "B4": 2,  # confused
    "C2": 3, "C3": 3,  # cannot move by self
    "I1": 4, "I2": 4, "I3": 4,  # severe illness, end of life
}  # fmt: skip
GROUP_LABELS = {
    0: _("Group 0: moves and does daily activities by themself"),
    1: _("Group 1: moves somewhat, no cognitive impairment"),
    2: _("Group 2: moves somewhat, with cognitive impairment"),
    3: _("Group 3: cannot move by themself"),
    4: _("Group 4: cannot move by themself, severely ill or at the end of life"),
}


class ScoreError(ValueError):
    """An assessment that cannot be scored: ``code`` for machines, ``message`` for people,
    ``field`` the item at fault."""

    def __init__(self, code: str, message: Any, field: str = "") -> None:
        super().__init__(str(message))
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class Result:
    total: int
    band: str  # ติดสังคม / ติดบ้าน / ติดเตียง
    group: int
    rule: str  # how the group was reached, in words (English; shown translated by code)
    items: dict[str, int] = field(default_factory=dict)
    tai: str = ""

    @property
    def band_code(self) -> str:
        return BAND_CODES[self.band]

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "band": self.band, "group": self.group, "rule": self.rule}


def band_of(total: int) -> str:
    if total >= 12:
        return SOCIAL
    if total >= 5:
        return HOMEBOUND
    return BEDBOUND


def _score(key: str, value: Any) -> int:
    # A JSON true is an int to Python; a score is never a boolean, nor 1.0, nor "2".
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoreError(
            "adl_score_invalid",
            _("%(item)s: the score must be a whole number.") % {"item": ITEM_LABELS[key]},
            key,
        )
    if value not in ALLOWED[key]:
        allowed = ", ".join(str(s) for s in ALLOWED[key])
        raise ScoreError(
            "adl_score_invalid",
            _("%(item)s cannot score %(value)s (allowed: %(allowed)s).")
            % {"item": ITEM_LABELS[key], "value": value, "allowed": allowed},
            key,
        )
    return value


def classify(
    items: dict[str, Any], tai: str | None = None, tai_groups: dict[str, int] | None = None
) -> Result:
    """Score the ten items and give the band and the group; :class:`ScoreError` for a missing
    item, an unknown one, a score the item cannot take, a total given instead of items, or an
    unknown TAI class."""
    if not isinstance(items, dict):
        raise ScoreError("adl_items_missing", _("The ten item scores are needed."))
    if "total" in items or "score" in items:
        raise ScoreError(
            "adl_total_given",
            _("Give the score of each of the ten items, not a total."),
            "total",
        )
    unknown = sorted(set(items) - set(ITEM_KEYS))
    if unknown:
        raise ScoreError(
            "adl_item_unknown",
            _("Unknown item: %(item)s.") % {"item": unknown[0]},
            unknown[0],
        )
    missing = [key for key in ITEM_KEYS if key not in items or items[key] in (None, "")]
    if missing:
        raise ScoreError(
            "adl_item_missing",
            _("Missing item: %(item)s.") % {"item": ITEM_LABELS[missing[0]]},
            missing[0],
        )
    scores = {key: _score(key, items[key]) for key in ITEM_KEYS}
    total = sum(scores.values())
    band = band_of(total)
    tai_class = (tai or "").strip().upper()
    groups = tai_groups or DEFAULT_TAI_GROUPS
    if tai_class and tai_class not in groups:
        raise ScoreError(
            "tai_invalid",
            _("Unknown TAI class %(value)s.") % {"value": tai_class},
            "tai",
        )
    group, rule = _group(total, band, tai_class, groups)
    return Result(total=total, band=band, group=group, rule=rule, items=scores, tai=tai_class)


def _group(total: int, band: str, tai: str, groups: dict[str, int]) -> tuple[int, str]:
    if band == SOCIAL:
        return 0, f"ADL {total} (12-20): group 0"
    low, high = (1, 2) if band == HOMEBOUND else (3, 4)
    span = "5-11" if band == HOMEBOUND else "0-4"
    if not tai:
        return low, f"ADL {total} ({span}), no TAI: group {low}"
    by_tai = groups[tai]
    if by_tai in (low, high):
        return by_tai, f"ADL {total} ({span}), TAI {tai}: group {by_tai}"
    # A TAI class of another band: the ADL decides, and the rule says the two disagree.
    return low, f"ADL {total} ({span}), TAI {tai} belongs to group {by_tai}: group {low} by ADL"


def rule_words(total: int, tai: str, group: int, tai_groups: dict[str, int]) -> str:
    """How the group was reached, in the reader's language (the stored ``rule`` is the same in
    English for the command line and the export)."""
    if group == 0:
        return _("ADL %(total)s, 12 to 20: group 0") % {"total": total}
    span = "5–11" if 5 <= total <= 11 else "0–4"
    values = {"total": total, "span": span, "tai": tai, "group": group}
    if not tai:
        return _("ADL %(total)s, %(span)s, no TAI: group %(group)s") % values
    if tai_groups.get(tai) == group:
        return _("ADL %(total)s, %(span)s, TAI %(tai)s: group %(group)s") % values
    return _(
        "ADL %(total)s, %(span)s; TAI %(tai)s is of group %(other)s, so the ADL decides: "
        "group %(group)s"
    ) % {**values, "other": tai_groups.get(tai, "?")}
