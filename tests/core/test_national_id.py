import random

import pytest

from phangnga.core.thai import (
    NATIONAL_ID_BAD_CHECK_DIGIT,
    NATIONAL_ID_NOT_DIGITS,
    NATIONAL_ID_WRONG_LENGTH,
    ThaiValueError,
    format_national_id,
    is_valid_national_id,
    national_id_check_digit,
    random_valid_national_id,
    validate_national_id,
)


def _check_digit_by_hand(first12: str) -> int:
    # Independent restatement of the published rule: weights 13 down to 2.
    total = 0
    weight = 13
    for ch in first12:
        total += int(ch) * weight
        weight -= 1
    return (11 - total % 11) % 10


def test_worked_example_check_digit():
    # 1-1037-00012-34-?: sum = 1*13+1*12+0*11+3*10+7*9+0*8+0*7+0*6+1*5+2*4+3*3+4*2 = 148;
    # 148 mod 11 = 5; 11 - 5 = 6.
    assert national_id_check_digit("110370001234") == 6
    assert validate_national_id("1103700012346") == "1103700012346"


def test_check_digit_mod_10_wraps_when_remainder_is_0_or_1():
    # Remainder 1 -> 11 - 1 = 10 -> check digit 0; remainder 0 -> 11 -> 1.
    found = {0: None, 1: None}
    rng = random.Random(7)
    while None in found.values():
        first12 = "".join(str(rng.randint(0, 9)) for _ in range(12))
        total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1), strict=True))
        if total % 11 in found:
            found[total % 11] = first12
    assert national_id_check_digit(found[1]) == 0
    assert national_id_check_digit(found[0]) == 1


def test_separators_are_ignored():
    assert validate_national_id("1-1037-00012-34-6") == "1103700012346"
    assert validate_national_id(" 1 1037 00012 34 6 ") == "1103700012346"


def test_format_national_id():
    assert format_national_id("1103700012346") == "1-1037-00012-34-6"


@pytest.mark.parametrize("value", ["110370001234", "11037000123466", "", "1"])
def test_wrong_length(value):
    with pytest.raises(ThaiValueError) as exc:
        validate_national_id(value)
    assert exc.value.code == NATIONAL_ID_WRONG_LENGTH
    assert exc.value.field == "national_id"


@pytest.mark.parametrize("value", ["11037000123a6", "1103700012.46", "๑๑๐๓๗๐๐๐๑๒๓๔๖", "+103700012346"])
def test_not_digits(value):
    with pytest.raises(ThaiValueError) as exc:
        validate_national_id(value)
    assert exc.value.code == NATIONAL_ID_NOT_DIGITS


def test_not_a_string():
    with pytest.raises(ThaiValueError) as exc:
        validate_national_id(1103700012346)  # type: ignore[arg-type]
    assert exc.value.code == NATIONAL_ID_NOT_DIGITS


@pytest.mark.parametrize("wrong", [d for d in "012345789"])
def test_every_wrong_check_digit_is_rejected(wrong):
    with pytest.raises(ThaiValueError) as exc:
        validate_national_id("110370001234" + wrong)
    assert exc.value.code == NATIONAL_ID_BAD_CHECK_DIGIT


def test_typical_typos_are_caught():
    assert is_valid_national_id("1103700012346")
    assert not is_valid_national_id("2103700012346")  # first digit changed
    assert not is_valid_national_id("1103700021346")  # adjacent digits swapped
    assert not is_valid_national_id("1103700012347")


def test_known_blind_spot_of_mod_11_weights():
    # The 3rd digit has weight 11 = 0 (mod 11): changing it alone cannot be detected.
    # Recorded here so nobody relies on the check digit for more than it gives.
    assert is_valid_national_id("1193700012346")


def test_custom_field_name_is_carried():
    with pytest.raises(ThaiValueError) as exc:
        validate_national_id("123", field="head_cid")
    assert exc.value.field == "head_cid"
    assert isinstance(exc.value, ValueError)


def test_random_ids_are_valid_and_reproducible():
    a = [random_valid_national_id(random.Random(42)) for _ in range(3)]
    assert len(set(a)) == 1  # same seed, same ID
    rng = random.Random(1)
    ids = [random_valid_national_id(rng) for _ in range(2000)]
    assert all(is_valid_national_id(i) for i in ids)
    assert all(_check_digit_by_hand(i[:12]) == int(i[12]) for i in ids)
    assert {i[0] for i in ids} <= set("12345678")
    assert len(set(ids)) > 1990
