from datetime import UTC, date, datetime

import pytest

from phangnga.core.thai import (
    ThaiValueError,
    fiscal_year,
    fiscal_year_be,
    fiscal_year_bounds,
    fiscal_year_label,
    parse_fiscal_year,
)


def test_edges_30_sep_and_1_oct():
    assert fiscal_year(date(2021, 9, 30)) == 2021
    assert fiscal_year(date(2021, 10, 1)) == 2022
    assert fiscal_year(date(2020, 10, 1)) == 2021
    assert fiscal_year(date(2020, 9, 30)) == 2020


def test_calendar_new_year_does_not_change_fiscal_year():
    assert fiscal_year(date(2020, 12, 31)) == fiscal_year(date(2021, 1, 1)) == 2021


def test_fiscal_year_be():
    assert fiscal_year_be(date(2020, 10, 1)) == 2564
    assert fiscal_year_be(date(2021, 9, 30)) == 2564


def test_aware_datetime_is_read_in_bangkok_time():
    # 30 Sep 2021 18:00 UTC is 1 Oct 2021 01:00 in Bangkok: the next fiscal year.
    assert fiscal_year(datetime(2021, 9, 30, 18, 0, tzinfo=UTC)) == 2022
    assert fiscal_year(datetime(2021, 9, 30, 16, 59, tzinfo=UTC)) == 2021
    # Naive datetimes are taken as given.
    assert fiscal_year(datetime(2021, 9, 30, 23, 59)) == 2021


def test_bounds():
    assert fiscal_year_bounds(2021) == (date(2020, 10, 1), date(2021, 9, 30))
    start, end = fiscal_year_bounds(2024)  # leap year does not matter: the end is 30 Sep
    assert (start, end) == (date(2023, 10, 1), date(2024, 9, 30))
    assert fiscal_year(start) == fiscal_year(end) == 2024


@pytest.mark.parametrize(
    "value,expected",
    [
        (2564, 2021),
        (2021, 2021),
        ("2564", 2021),
        (" 2021 ", 2021),
        ("FY2563", 2020),
        ("fy2020", 2020),
        (2563, 2020),
        (2443, 1900),
    ],
)
def test_parse_be_or_ce(value, expected):
    assert parse_fiscal_year(value) == expected


def test_parse_years_from_2400_are_read_as_be():
    # 2400 BE is 1857 CE, before any record we hold: refused rather than taken as CE 2400.
    with pytest.raises(ThaiValueError) as exc:
        parse_fiscal_year(2400)
    assert exc.value.code == "out_of_range"
    assert parse_fiscal_year(2299) == 2299  # below 2400: read as CE


@pytest.mark.parametrize("value", ["abc", "", "25.64", -2021, 1800, 2350, True, 2564.0, None])
def test_parse_rejects_with_field(value):
    with pytest.raises(ThaiValueError) as exc:
        parse_fiscal_year(value)  # type: ignore[arg-type]
    assert exc.value.field == "fy"


def test_parse_custom_field():
    with pytest.raises(ThaiValueError) as exc:
        parse_fiscal_year("x", field="fiscal_year")
    assert exc.value.field == "fiscal_year"


def test_bounds_reject_be_year():
    with pytest.raises(ThaiValueError):
        fiscal_year_bounds(2564)


def test_label():
    assert fiscal_year_label(2021) == "ปีงบประมาณ 2564"
    assert fiscal_year_label(2021, lang="en") == "FY2564 (2020-21)"
