"""Where a reading sits: share of bank capacity with ThaiWater's bands, and the locality's own
warning and critical levels.

Bank capacity is the channel from the ground (river bed) level to the bank: 0 % dry, 100 % at the
bank, above 100 % overflowing. ThaiWater's situation scale: ≤10 % critically low, >10 % low,
>30 % normal, >70 % high, >100 % overflowing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BANDS = (  # (above this %, code, label, colour)
    (100.0, "overflow", pgettext_lazy("water band", "Overflowing"), "#d32f2f"),
    (70.0, "high", pgettext_lazy("water band", "High"), "#f57c00"),
    (30.0, "normal", pgettext_lazy("water band", "Normal"), "#388e3c"),
    (10.0, "low", pgettext_lazy("water band", "Low"), "#fbc02d"),
    (float("-inf"), "critical_low", pgettext_lazy("water band", "Critically low"), "#8d6e63"),
)
# Against the locality's own levels.
STATES = {
    "none": _("No data"),
    "normal": pgettext_lazy("water level state", "Normal"),
    "warning": _("At warning level"),
    "critical": _("At critical level"),
}


@dataclass(frozen=True)
class Level:
    percent: float | None
    band: str
    band_label: str
    colour: str
    state: str  # normal, warning, critical (the locality's own levels)

    def as_dict(self) -> dict:
        return {
            "percent": None if self.percent is None else round(self.percent, 1),
            "band": self.band,
            "band_label": self.band_label,
            "colour": self.colour,
            "state": self.state,
            "state_label": str(STATES.get(self.state, self.state)),
        }


def bank_percent(station, value: float) -> float | None:
    if station.bank_level is None or station.ground_level is None:
        return None
    depth = station.bank_level - station.ground_level
    if depth <= 0:
        return None
    return (value - station.ground_level) / depth * 100


def level_of(station, value: float | None) -> Level:
    if value is None:
        return Level(None, "none", str(STATES["none"]), "#9e9e9e", "none")
    state = "normal"
    if station.critical_level is not None and value >= station.critical_level:
        state = "critical"
    elif station.warning_level is not None and value >= station.warning_level:
        state = "warning"
    percent = bank_percent(station, value)
    if percent is None:
        colour = {"critical": "#d32f2f", "warning": "#f57c00"}.get(state, "#1976d2")
        return Level(None, "unknown", "-", colour, state)
    for floor, code, label, colour in BANDS:
        if percent > floor:
            return Level(percent, code, str(label), colour, state)
    raise AssertionError("unreachable")


def threshold_value(station, threshold: str) -> float | None:
    return {
        "warning": station.warning_level,
        "critical": station.critical_level,
        "bank": station.bank_level,
    }.get(threshold)
