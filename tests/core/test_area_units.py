import math

import pytest

from phangnga.core.thai import (
    M2_PER_RAI,
    ThaiValueError,
    format_rai_ngan_wah,
    m2_to_rai,
    m2_to_rai_ngan_wah,
    rai_ngan_wah_to_m2,
    rai_to_m2,
)


def test_unit_definitions():
    assert M2_PER_RAI == 1600
    assert rai_ngan_wah_to_m2(1, 0, 0) == 1600
    assert rai_ngan_wah_to_m2(0, 1, 0) == 400
    assert rai_ngan_wah_to_m2(0, 0, 1) == 4


def test_split_worked_example():
    # 3 rai 2 ngan 45.25 wah = 4800 + 800 + 181 = 5781 m²
    assert m2_to_rai_ngan_wah(5781) == (3, 2, 45.25)


def test_exact_unit_boundaries():
    assert m2_to_rai_ngan_wah(1600) == (1, 0, 0.0)
    assert m2_to_rai_ngan_wah(400) == (0, 1, 0.0)
    assert m2_to_rai_ngan_wah(399.99) == (0, 0, 99.9975)
    assert m2_to_rai_ngan_wah(0) == (0, 0, 0.0)


def test_float_noise_does_not_produce_99_999_wah():
    noisy = sum([0.1] * 16000)  # 1599.9999999998 instead of 1600
    assert m2_to_rai_ngan_wah(noisy) == (1, 0, 0.0)


@pytest.mark.parametrize("m2", [1.0, 123.456, 1600.0, 5781.0, 99999.9, 1_234_567.0])
def test_round_trip(m2):
    rai, ngan, wah = m2_to_rai_ngan_wah(m2)
    assert 0 <= ngan <= 3 and 0 <= wah < 100
    assert math.isclose(rai_ngan_wah_to_m2(rai, ngan, wah), m2, rel_tol=0, abs_tol=1e-5)


def test_rai_conversions():
    assert m2_to_rai(2400) == 1.5
    assert rai_to_m2(2.5) == 4000


def test_formatter():
    assert format_rai_ngan_wah(5782) == "3-2-45.5 ไร่"
    assert format_rai_ngan_wah(5782, decimals=0, unit="") == "3-2-46"
    assert format_rai_ngan_wah(1600, unit="rai") == "1-0-0.0 rai"


def test_formatter_rounding_carries_into_ngan_and_rai():
    # 6399.99 m² = 1599.9975 wah: printed at 1 decimal it must read 4-0-0.0, not 3-3-100.0
    assert format_rai_ngan_wah(6399.99) == "4-0-0.0 ไร่"
    assert format_rai_ngan_wah(399.9) == "0-1-0.0 ไร่"


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "12", None, True])
def test_bad_area_rejected(bad):
    with pytest.raises(ThaiValueError) as exc:
        m2_to_rai_ngan_wah(bad)  # type: ignore[arg-type]
    assert exc.value.field == "area_m2"


def test_deed_notation_limits():
    with pytest.raises(ThaiValueError) as exc:
        rai_ngan_wah_to_m2(1, 4, 0)
    assert exc.value.field == "ngan"
    with pytest.raises(ThaiValueError) as exc:
        rai_ngan_wah_to_m2(1, 0, 100)
    assert exc.value.field == "wah"
    with pytest.raises(ThaiValueError) as exc:
        rai_ngan_wah_to_m2(-1, 0, 0)
    assert exc.value.field == "rai"
