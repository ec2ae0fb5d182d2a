from datetime import date, datetime

import pytest

from thongthin.core import thai

BKK = thai.BANGKOK


def test_buddhist_era_dates():
    assert thai.format_thai_date(date(2026, 11, 23)) == "23 พ.ย. 2569"
    assert thai.format_thai_date(date(2027, 1, 5), long=True) == "5 มกราคม 2570"
    moment = datetime(2026, 11, 23, 7, 5, tzinfo=BKK)
    assert thai.format_thai_date(moment, with_time=True) == "23 พ.ย. 2569 07:05 น."
    assert thai.be_year(datetime(2026, 12, 31, 18, 0, tzinfo=thai.ZoneInfo("UTC"))) == 2570


def test_fiscal_year_runs_october_to_september():
    assert thai.fiscal_year_be(date(2026, 9, 30)) == 2569
    assert thai.fiscal_year_be(date(2026, 10, 1)) == 2570
    assert thai.fiscal_year_bounds(2570) == (date(2026, 10, 1), date(2027, 9, 30))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1101700203451", False),
        ("1-1017-00203-45-0", True),
        ("1101700203450", True),
        ("3100600445566", False),
        ("110170020345", False),
        ("11017002034501", False),
        ("abcdefghijklm", False),
        ("", False),
    ],
)
def test_national_id_checksum(value, valid):
    assert thai.is_valid_national_id(value) is valid


def test_national_id_is_masked_and_hashed_with_a_key():
    assert thai.mask_national_id("1101700203450") == "x-xxxx-xxxxx-45-0"
    first = thai.hash_national_id("1-1017-00203-45-0", "k1")
    assert first == thai.hash_national_id("1101700203450", "k1")
    assert first != thai.hash_national_id("1101700203450", "k2")
    assert "1101700203450" not in first


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("081-234-5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("0612345678", "0612345678"),
        ("021234567", None),
        ("0712345678", None),
        ("08123", None),
    ],
)
def test_thai_mobile_numbers(value, normal):
    assert thai.normalize_thai_mobile(value) == normal


def test_working_hours_skip_nights_weekends_and_thai_holidays():
    # Friday 4 Dec 2026 15:00 + 8 office hours: 1.5 h on Friday; Monday 7 Dec is the
    # substitute holiday for King Bhumibol's birthday (Sat 5 Dec); the rest is on Tuesday.
    start = datetime(2026, 12, 4, 15, 0, tzinfo=BKK)
    assert not thai.is_working_day(date(2026, 12, 7))
    assert thai.add_working_hours(start, 8) == datetime(2026, 12, 8, 15, 0, tzinfo=BKK)
    # Before opening time the clock starts at 08:30.
    early = datetime(2026, 11, 23, 6, 0, tzinfo=BKK)
    assert thai.add_working_hours(early, 2) == datetime(2026, 11, 23, 10, 30, tzinfo=BKK)
    # Songkran (13-15 April) is not working time.
    assert not thai.is_working_day(date(2027, 4, 13))


def test_sla_due_calendar_versus_working():
    start = datetime(2026, 11, 27, 16, 0, tzinfo=BKK)  # a Friday afternoon
    assert thai.sla_due(start, 48, "calendar") == datetime(2026, 11, 29, 16, 0, tzinfo=BKK)
    assert thai.sla_due(start, 1, "working") == datetime(2026, 11, 30, 9, 0, tzinfo=BKK)


def test_dates_are_typed_and_shown_in_the_buddhist_era():
    from datetime import date

    from thongthin.core import thai

    assert thai.parse_date_input("3/12/2569") == date(2026, 12, 3)
    assert thai.parse_date_input("2026-12-03") == date(2026, 12, 3)  # links and the API
    assert thai.parse_date_input("3/12/2026") == date(2026, 12, 3)  # a CE year still reads
    assert thai.parse_date_input("16/12/69") == date(2026, 12, 16)  # พ.ศ. by its last digits
    assert thai.parse_date_input("") is None
    for bad in ("32/12/2569", "3/13/2569", "yesterday", "3/12", "1/1/100", "31/12/10542"):
        try:
            thai.parse_date_input(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")
    assert thai.format_date_input(date(2026, 12, 3)) == "3/12/2569"


def test_month_keys_read_as_months():
    from django.utils import translation

    from thongthin.core.templatetags.thongthin import bemonth

    with translation.override("th"):
        assert bemonth("2026-06") == "มิ.ย. 2569"
    with translation.override("en"):
        assert bemonth("2026-06") == "Jun 2026"
    assert bemonth("not a month") == "not a month"
