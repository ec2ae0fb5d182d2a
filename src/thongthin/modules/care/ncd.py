"""Home readings of blood pressure and capillary glucose, in the colour bands of the
"ปิงปองจราจรชีวิต 7 สี" as the domain notes give them: white and light green for people not
known to have hypertension or diabetes; dark green, yellow, orange, red for known patients, and
for anyone else from the screening's suspected-case cut-offs (140/90, 126 mg/dL) up; black is a
complication, recorded by staff, never by a reading.

Pure functions; the bands a reading raises an alert in are the module setting
``ALERT_COLOURS`` (red by default), and the low-glucose limit is ``GLUCOSE_LOW``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORDER = ("white", "light_green", "dark_green", "yellow", "orange", "red", "low")
LABELS = {
    "white": pgettext_lazy("ncd", "White: normal"),
    "light_green": pgettext_lazy("ncd", "Light green: at risk"),
    "dark_green": pgettext_lazy("ncd", "Dark green: controlled"),
    "yellow": pgettext_lazy("ncd", "Yellow: not controlled"),
    "orange": pgettext_lazy("ncd", "Orange: high"),
    "red": pgettext_lazy("ncd", "Red: dangerous"),
    "low": pgettext_lazy("ncd", "Low sugar: dangerous"),
}
# What a home device can show at all: anything outside is a typing or device error.
LIMITS = {"sbp": (50, 300), "dbp": (20, 200), "glucose": (10, 800)}


class ReadingError(ValueError):
    def __init__(self, code: str, message, field: str = "") -> None:
        super().__init__(str(message))
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class Band:
    colour: str
    reason: str  # which value put it there: "bp" or "glucose"

    @property
    def label(self):
        return LABELS[self.colour]


def check(sbp: int | None, dbp: int | None, glucose: int | None) -> None:
    """A reading people could have taken, or :class:`ReadingError`."""
    if sbp is None and dbp is None and glucose is None:
        raise ReadingError("reading_empty", _("Give a blood pressure or a sugar reading."))
    if (sbp is None) != (dbp is None):
        raise ReadingError(
            "bp_incomplete", _("Blood pressure needs both numbers (upper and lower)."), "dbp"
        )
    for name, value in (("sbp", sbp), ("dbp", dbp), ("glucose", glucose)):
        if value is None:
            continue
        low, high = LIMITS[name]
        if not low <= value <= high:
            raise ReadingError(
                "reading_impossible",
                _("%(value)s is outside what can be measured (%(low)s–%(high)s).")
                % {"value": value, "low": low, "high": high},
                name,
            )
    if sbp is not None and dbp is not None and dbp >= sbp:
        raise ReadingError(
            "bp_order", _("The upper number must be higher than the lower one."), "sbp"
        )


def _bp_colour(sbp: int, dbp: int, patient: bool) -> str:
    # Someone not known to have hypertension at 140/90 or more is a suspected case (the NCD
    # screen's cut-off): read on the patients' scale, so 190/115 is red, not "at risk".
    if not patient and sbp < 140 and dbp < 90:
        return "light_green" if sbp >= 120 or dbp >= 80 else "white"
    if sbp >= 180 or dbp >= 110:
        return "red"
    if sbp >= 160 or dbp >= 100:
        return "orange"
    if sbp >= 140 or dbp >= 90:
        return "yellow"
    return "dark_green"


def _glucose_colour(value: int, patient: bool, low_limit: int) -> str:
    if value < low_limit:
        return "low"
    if not patient and value < 126:  # 126 and more: suspected diabetes, the patients' scale
        return "light_green" if value >= 100 else "white"
    if value >= 183:
        return "red"
    if value >= 155:
        return "orange"
    if value >= 126:
        return "yellow"
    return "dark_green"


def classify(
    *,
    sbp: int | None,
    dbp: int | None,
    glucose: int | None,
    hypertension: bool,
    diabetes: bool,
    low_limit: int = 70,
) -> Band:
    """The reading's band: the worse of its blood pressure's and its glucose's."""
    check(sbp, dbp, glucose)
    bands: list[Band] = []
    if sbp is not None and dbp is not None:
        bands.append(Band(_bp_colour(sbp, dbp, hypertension), "bp"))
    if glucose is not None:
        bands.append(Band(_glucose_colour(glucose, diabetes, low_limit), "glucose"))
    return max(bands, key=lambda b: ORDER.index(b.colour))
