from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from phangnga.core.thai import (
    THAI_MONTHS_SHORT,
    ThaiValueError,
    be_year,
    ce_year,
    format_date_en,
    format_date_th,
)


def test_thai_short():
    assert format_date_th(date(2026, 1, 5)) == "5 ม.ค. 2569"
    assert format_date_th(date(2020, 10, 1)) == "1 ต.ค. 2563"
    assert format_date_th(date(2021, 12, 31)) == "31 ธ.ค. 2564"


def test_thai_long():
    assert format_date_th(date(2026, 1, 5), long=True) == "5 มกราคม 2569"
    assert format_date_th(date(2024, 2, 29), long=True) == "29 กุมภาพันธ์ 2567"


def test_all_twelve_months_distinct():
    labels = [format_date_th(date(2025, m, 1)).split(" ")[1] for m in range(1, 13)]
    assert labels == list(THAI_MONTHS_SHORT)
    assert len(set(labels)) == 12


def test_english():
    assert format_date_en(date(2026, 1, 5)) == "5 Jan 2026 (BE 2569)"
    assert format_date_en(date(2021, 9, 30)) == "30 Sep 2021 (BE 2564)"


def test_year_conversion():
    assert be_year(2026) == 2569
    assert ce_year(2569) == 2026


def test_aware_datetime_shown_in_bangkok():
    # 31 Dec 2025 20:00 UTC is already 1 Jan 2026 03:00 in Bangkok (UTC+7).
    utc = datetime(2025, 12, 31, 20, 0, tzinfo=UTC)
    assert format_date_th(utc) == "1 ม.ค. 2569"
    assert format_date_en(utc) == "1 Jan 2026 (BE 2569)"
    other = datetime(
        2026, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=9))
    )  # Tokyo 01:00 = Bangkok 23:00 the day before
    assert format_date_th(other) == "31 ธ.ค. 2568"


def test_not_a_date():
    with pytest.raises(ThaiValueError) as exc:
        format_date_th("2026-01-05")  # type: ignore[arg-type]
    assert exc.value.field == "date"
