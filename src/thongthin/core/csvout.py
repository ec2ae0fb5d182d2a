"""CSV for people to open in a spreadsheet: a cell that would start a formula (=, +, @, a tab or
a carriage return, or - before something that is not a number) is written with a leading
apostrophe, so text someone typed (a name, a division) is shown, never run (CSV injection)."""

from __future__ import annotations

import csv
from typing import Any

_STARTS = ("=", "+", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cell(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_STARTS) or (value.startswith("-") and not _number(value)):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` with every cell passed through :func:`cell`."""

    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **kwargs: Any) -> SafeWriter:
    return SafeWriter(out, **kwargs)
