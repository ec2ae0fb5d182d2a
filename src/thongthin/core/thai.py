"""Thai everyday rules: Buddhist Era dates, the fiscal year, national IDs, mobile numbers and
working hours that skip weekends and Thai public holidays (from the ``holidays`` package).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

MONTHS_TH_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_TH_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_EN_SHORT = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


THAI_LEADING_VOWELS = frozenset("เแโใไ")


def sort_key(text: str) -> str:
    """Thai dictionary order, near enough without ICU: a leading vowel (เ แ โ ใ ไ) is written
    before its consonant but sorts after it (เชียงราย among the ช)."""
    if len(text) > 1 and text[0] in THAI_LEADING_VOWELS:
        return text[1] + text[0] + text[2:]
    return text


def be_year(value: date | datetime) -> int:
    """The Buddhist Era year (พ.ศ.) of a date: CE + 543."""
    if isinstance(value, datetime):
        value = to_bangkok(value).date()
    return value.year + BE_OFFSET


def to_bangkok(value: datetime) -> datetime:
    return value.astimezone(BANGKOK) if value.tzinfo else value.replace(tzinfo=BANGKOK)


def format_thai_date(value: date | datetime, *, long: bool = False, with_time: bool = False) -> str:
    """23 พ.ย. 2569 (or 23 พฤศจิกายน 2569 with ``long``; ``with_time`` adds 14:05 น.)."""
    moment = to_bangkok(value) if isinstance(value, datetime) else value
    months = MONTHS_TH_LONG if long else MONTHS_TH_SHORT
    text = f"{moment.day} {months[moment.month - 1]} {moment.year + BE_OFFSET}"
    if with_time and isinstance(moment, datetime):
        text += f" {moment:%H:%M} น."
    return text


YEAR_MIN, YEAR_MAX = 1900, 2200  # the years a form's date can be (CE)


def parse_date_input(text: str) -> date | None:
    """A date as people type it in a form: day/month/year in the Buddhist Era (3/12/2569, or
    3/12/69 with its last two digits), or the ISO form links and the API use (2026-12-03). A
    year from 2400 is taken as พ.ศ.
    None for nothing typed; ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    if "-" in text:
        year, month, day = (int(p) for p in text.split("-"))
    else:
        day, month, year = (int(p) for p in text.replace(".", "/").split("/"))
    if year < 100:  # 16/12/69: people write the Buddhist Era's last two digits
        year += 2500
    if year >= 2400:
        year -= BE_OFFSET
    if not YEAR_MIN <= year <= YEAR_MAX:  # 1/1/1 is a typing slip, not the year 1
        raise ValueError(f"year {year} out of range")
    return date(year, month, day)


def format_date_input(value: date | None) -> str:
    """The value a date field shows: day/month/year in the Buddhist Era (3/12/2569)."""
    return f"{value.day}/{value.month}/{value.year + BE_OFFSET}" if value else ""


def format_english_date(value: date | datetime, *, with_time: bool = False) -> str:
    moment = to_bangkok(value) if isinstance(value, datetime) else value
    text = f"{moment.day} {MONTHS_EN_SHORT[moment.month - 1]} {moment.year}"
    if with_time and isinstance(moment, datetime):
        text += f" {moment:%H:%M}"
    return text


def fiscal_year_be(value: date | datetime) -> int:
    """Thai government fiscal year (ปีงบประมาณ), 1 Oct to 30 Sep, named by the year it ends in."""
    if isinstance(value, datetime):
        value = to_bangkok(value).date()
    return value.year + BE_OFFSET + (1 if value.month >= 10 else 0)


def fiscal_year_bounds(year_be: int) -> tuple[date, date]:
    """First and last day of fiscal year ``year_be`` (e.g. 2570 → 1 Oct 2026 .. 30 Sep 2027)."""
    end_ce = year_be - BE_OFFSET
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


# --- Locations -----------------------------------------------------------------------------

# Thailand's bounding box, generous by a few km; a point outside is a typo or a spoof.
THAI_LAT = (5.5, 20.6)
THAI_LON = (97.3, 105.7)


def validate_point(lat: float | None, lon: float | None) -> None:
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise ValidationFailed(_("Give both latitude and longitude."), code="location_incomplete")
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (lat, lon)):
        raise ValidationFailed(_("Coordinates must be numbers."), code="location_invalid")
    if not (THAI_LAT[0] <= lat <= THAI_LAT[1] and THAI_LON[0] <= lon <= THAI_LON[1]):
        raise ValidationFailed(
            _("The location is outside Thailand."),
            code="location_outside_thailand",
            detail={"lat": lat, "lon": lon},
        )


# --- National ID (เลขประจำตัวประชาชน) ----------------------------------------------------

_NON_DIGITS = re.compile(r"\D")


def normalize_national_id(value: str) -> str:
    return _NON_DIGITS.sub("", value or "")


def is_valid_national_id(value: str) -> bool:
    """13 digits whose last is the mod-11 check digit of the first 12."""
    digits = normalize_national_id(value)
    if len(digits) != 13 or not (value or "").replace("-", "").replace(" ", "").isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def mask_national_id(value: str) -> str:
    """x-xxxx-xxxxx-12-3: only the last three digits stay readable."""
    digits = normalize_national_id(value)
    return f"x-xxxx-xxxxx-{digits[10:12]}-{digits[12]}"


def hash_national_id(value: str, key: str) -> str:
    """Keyed hash (HMAC-SHA256), so the same person can be matched without storing the ID."""
    digits = normalize_national_id(value)
    return hmac.new(key.encode(), digits.encode(), hashlib.sha256).hexdigest()


# --- Mobile numbers ------------------------------------------------------------------------

_MOBILE = re.compile(r"^0[689]\d{8}$")


def normalize_thai_mobile(value: str) -> str | None:
    """Return 0XXXXXXXXX for a Thai mobile number (06/08/09, 10 digits), or None."""
    digits = _NON_DIGITS.sub("", value or "")
    if digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) else None


def mask_phone(value: str) -> str:
    return f"{value[:3]}-xxx-{value[-4:]}" if value and len(value) >= 7 else ""


# --- Working hours --------------------------------------------------------------------------

OFFICE_OPEN = time(8, 30)
OFFICE_CLOSE = time(16, 30)


@lru_cache(maxsize=64)
def _thai_holidays(year: int, language: str = "th") -> Any:
    import holidays  # imported on first use: the package is large and only SLAs need it

    return holidays.country_holidays("TH", years=year, language=language)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _thai_holidays(day.year)


def holiday_name(day: date) -> str:
    """The public holiday's name on ``day`` in the reader's language (Thai, or English for any
    other: the holidays package has no Malay), or ""."""
    from django.utils.translation import get_language

    language = "th" if (get_language() or "th").startswith("th") else "en_US"
    return str(_thai_holidays(day.year, language).get(day) or "")


def add_working_hours(start: datetime, hours: float) -> datetime:
    """The moment ``hours`` of office time (08:30-16:30, Mon-Fri, not holidays) after ``start``."""
    remaining = timedelta(hours=hours)
    moment = to_bangkok(start)
    while True:
        day = moment.date()
        opens = datetime.combine(day, OFFICE_OPEN, BANGKOK)
        closes = datetime.combine(day, OFFICE_CLOSE, BANGKOK)
        if not is_working_day(day) or moment >= closes:
            moment = datetime.combine(day + timedelta(days=1), OFFICE_OPEN, BANGKOK)
            continue
        moment = max(moment, opens)
        available = closes - moment
        if remaining <= available:
            return moment + remaining
        remaining -= available
        moment = datetime.combine(day + timedelta(days=1), OFFICE_OPEN, BANGKOK)


def sla_due(start: datetime, hours: float, mode: str) -> datetime:
    if mode == "working":
        return add_working_hours(start, hours)
    return start + timedelta(hours=hours)
