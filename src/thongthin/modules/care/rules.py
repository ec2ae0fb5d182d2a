"""The module's dated and unverified figures, read from its settings (module.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .module import MODULE


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in str(text).split(","):
        key, sep, value = part.strip().rpartition(":")
        if sep and key:
            pairs.append((key.strip(), value.strip()))
    return pairs


def tai_groups() -> dict[str, int]:
    return {key.upper(): int(value) for key, value in _pairs(MODULE.setting("TAI_GROUPS"))}


def visits_per_month(group: int) -> int:
    table = {int(key): int(value) for key, value in _pairs(MODULE.setting("VISITS_PER_MONTH"))}
    return table.get(group, 1)


def ltc_rate(on: date) -> Decimal | None:
    """Baht per person per year for a plan starting ``on``: the last rate in force by then."""
    rate = None
    for key, value in sorted(_pairs(MODULE.setting("LTC_RATES"))):
        if date.fromisoformat(key) <= on:
            rate = Decimal(value)
    return rate


def alert_colours() -> set[str]:
    return {c.strip() for c in str(MODULE.setting("ALERT_COLOURS")).split(",") if c.strip()}
