"""Thai helpers used across the platform: national ID, Buddhist-era dates, the Thai
fiscal year, and rai-ngan-square wah areas.

Pure Python (no Django) so kernels and bench scripts can import it freely.
Every bad input raises `ThaiValueError` (a `ValueError`) carrying the offending
`field` and a short machine `code`, so an API layer can answer 422 naming the field.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")

# The Buddhist era is the Common Era plus 543 for the whole calendar year
# (Thailand moved New Year to 1 January in 1941, so no partial-year shift applies).
BE_OFFSET = 543

# A year written >= 2400 can only be Buddhist era for any date this platform handles
# (CE 2400 is centuries away; BE 2400 is CE 1857, before any record we keep).
BE_THRESHOLD = 2400


class ThaiValueError(ValueError):
    """Bad input to a Thai helper; `field` names the input, `code` says what is wrong."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.code = code
        self.message = message


# --------------------------------------------------------------------------------------
# National ID (เลขประจำตัวประชาชน): 13 digits, the last one a mod-11 check digit.
# --------------------------------------------------------------------------------------

NATIONAL_ID_WRONG_LENGTH = "wrong_length"
NATIONAL_ID_NOT_DIGITS = "not_digits"
NATIONAL_ID_BAD_CHECK_DIGIT = "bad_check_digit"

# People write IDs as "1-2345-67890-12-1" or with spaces; those separators carry no meaning.
_ID_SEPARATORS = str.maketrans("", "", "- \t")


def national_id_check_digit(first12: str) -> int:
    """Check digit for the first 12 digits: weights 13..2, then (11 - sum mod 11) mod 10."""
    if len(first12) != 12 or not (first12.isascii() and first12.isdigit()):
        raise ThaiValueError(
            "national_id", NATIONAL_ID_WRONG_LENGTH, "need exactly 12 digits to compute a check digit"
        )
    total = sum(int(d) * w for d, w in zip(first12, range(13, 1, -1), strict=True))
    return (11 - total % 11) % 10


def validate_national_id(value: str, field: str = "national_id") -> str:
    """Return the normalised 13-digit ID or raise `ThaiValueError` with a specific code.

    Codes: `wrong_length`, `not_digits`, `bad_check_digit`. Dashes and spaces are ignored.
    """
    if not isinstance(value, str):
        raise ThaiValueError(field, NATIONAL_ID_NOT_DIGITS, "must be a string of 13 digits")
    cleaned = value.strip().translate(_ID_SEPARATORS)
    # isdecimal() would accept Thai digits (๑๒๓); registries hold ASCII digits only.
    if cleaned and not (cleaned.isascii() and cleaned.isdigit()):
        raise ThaiValueError(field, NATIONAL_ID_NOT_DIGITS, "must contain digits only")
    if len(cleaned) != 13:
        raise ThaiValueError(field, NATIONAL_ID_WRONG_LENGTH, f"must have 13 digits, got {len(cleaned)}")
    if national_id_check_digit(cleaned[:12]) != int(cleaned[12]):
        raise ThaiValueError(field, NATIONAL_ID_BAD_CHECK_DIGIT, "check digit does not match")
    return cleaned


def is_valid_national_id(value: str) -> bool:
    try:
        validate_national_id(value)
    except ThaiValueError:
        return False
    return True


def format_national_id(value: str) -> str:
    """ "1234567890121" -> "1-2345-67890-12-1", the layout printed on the ID card."""
    v = validate_national_id(value)
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


def random_valid_national_id(rng: random.Random) -> str:
    """A syntactically valid ID for demo data (never a real person's on purpose).

    The first digit is the person category; 1-8 are the categories issued to people
    in the house registration, so demo IDs look like ordinary ones.
    """
    first12 = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + str(national_id_check_digit(first12))


# --------------------------------------------------------------------------------------
# Buddhist-era dates
# --------------------------------------------------------------------------------------

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
# Fixed English names rather than strftime("%b"), which follows the process locale.
EN_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _local_date(value: date) -> date:
    """Dates pass through; aware datetimes are read in Asia/Bangkok (times are stored in
    UTC, but 23:30 UTC is already the next day in Phang Nga); naive datetimes as given."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BANGKOK)
        return value.date()
    if isinstance(value, date):
        return value
    raise ThaiValueError("date", "not_a_date", "must be a date or datetime")


def be_year(ce: int) -> int:
    return ce + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def format_date_th(value: date, long: bool = False) -> str:
    """5 January 2026 -> "5 ม.ค. 2569" (or "5 มกราคม 2569" with long=True)."""
    d = _local_date(value)
    months = THAI_MONTHS_LONG if long else THAI_MONTHS_SHORT
    return f"{d.day} {months[d.month - 1]} {be_year(d.year)}"


def format_date_en(value: date) -> str:
    """5 January 2026 -> "5 Jan 2026 (BE 2569)"."""
    d = _local_date(value)
    return f"{d.day} {EN_MONTHS_SHORT[d.month - 1]} {d.year} (BE {be_year(d.year)})"


# --------------------------------------------------------------------------------------
# Thai government fiscal year: 1 October to 30 September, named by the year it ends in.
# FY2021 (BE 2564) = 1 Oct 2020 - 30 Sep 2021.
# --------------------------------------------------------------------------------------

FISCAL_YEAR_START_MONTH = 10
_MIN_FY_CE = 1900
_MAX_FY_CE = 2300


def fiscal_year(value: date) -> int:
    """CE fiscal year containing the date (aware datetimes are read in Bangkok time)."""
    d = _local_date(value)
    return d.year + 1 if d.month >= FISCAL_YEAR_START_MONTH else d.year


def fiscal_year_be(value: date) -> int:
    return be_year(fiscal_year(value))


def parse_fiscal_year(value: int | str, field: str = "fy") -> int:
    """Accept a BE year (>= 2400, e.g. 2564) or a CE year (e.g. 2021), as int or string
    (an "FY" prefix is tolerated), and return the CE fiscal year."""
    if isinstance(value, bool):  # bool is an int subclass; True is not a year
        raise ThaiValueError(field, "not_a_year", "must be a year such as 2564 or 2021")
    if isinstance(value, str):
        text = value.strip().upper().removeprefix("FY").strip()
        if not (text.isascii() and text.isdigit()):
            raise ThaiValueError(field, "not_a_year", "must be a year such as 2564 or 2021")
        year = int(text)
    elif isinstance(value, int):
        year = value
    else:
        raise ThaiValueError(field, "not_a_year", "must be a year such as 2564 or 2021")
    ce = ce_year(year) if year >= BE_THRESHOLD else year
    if not _MIN_FY_CE <= ce <= _MAX_FY_CE:
        raise ThaiValueError(field, "out_of_range", f"{year} is not a plausible fiscal year (BE or CE)")
    return ce


def fiscal_year_bounds(fy_ce: int) -> tuple[date, date]:
    """(first day, last day) of a CE fiscal year, both inclusive."""
    if not isinstance(fy_ce, int) or isinstance(fy_ce, bool) or not _MIN_FY_CE <= fy_ce <= _MAX_FY_CE:
        raise ThaiValueError("fy", "out_of_range", "must be a CE fiscal year (use parse_fiscal_year for BE)")
    return date(fy_ce - 1, FISCAL_YEAR_START_MONTH, 1), date(fy_ce, 9, 30)


def fiscal_year_label(fy_ce: int, lang: str = "th") -> str:
    """Report label: "ปีงบประมาณ 2564" or "FY2564 (2020-21)"."""
    be = be_year(fy_ce)
    if lang == "th":
        return f"ปีงบประมาณ {be}"
    return f"FY{be} ({fy_ce - 1}-{fy_ce % 100:02d})"


# --------------------------------------------------------------------------------------
# Thai land area: 1 rai = 4 ngan = 400 square wah = 1,600 m²; 1 square wah = 4 m².
# --------------------------------------------------------------------------------------

M2_PER_WAH = 4.0
WAH_PER_NGAN = 100
NGAN_PER_RAI = 4
WAH_PER_RAI = WAH_PER_NGAN * NGAN_PER_RAI
M2_PER_RAI = WAH_PER_RAI * M2_PER_WAH

# Float sums of surveyed areas carry noise (1599.9999999); round the wah total to this
# many decimals before splitting so 1,600 m² reads 1-0-0, not 0-3-99.99999.
_WAH_PRECISION = 6


def _check_area(m2: float, field: str) -> float:
    if isinstance(m2, bool) or not isinstance(m2, int | float):
        raise ThaiValueError(field, "not_a_number", "must be a number")
    if m2 != m2 or m2 in (float("inf"), float("-inf")):
        raise ThaiValueError(field, "not_a_number", "must be a finite number")
    if m2 < 0:
        raise ThaiValueError(field, "negative", "must not be negative")
    return float(m2)


def m2_to_rai(m2: float) -> float:
    return _check_area(m2, "area_m2") / M2_PER_RAI


def rai_to_m2(rai: float) -> float:
    return _check_area(rai, "area_rai") * M2_PER_RAI


def _split_wah(total_wah: float) -> tuple[int, int, float]:
    rai, rest = divmod(total_wah, WAH_PER_RAI)
    ngan, wah = divmod(rest, WAH_PER_NGAN)
    return int(rai), int(ngan), round(wah, _WAH_PRECISION)


def m2_to_rai_ngan_wah(m2: float) -> tuple[int, int, float]:
    """5,781 m² -> (3, 2, 45.25): whole rai, whole ngan (0-3), square wah (0 <= wah < 100)."""
    total_wah = round(_check_area(m2, "area_m2") / M2_PER_WAH, _WAH_PRECISION)
    return _split_wah(total_wah)


def rai_ngan_wah_to_m2(rai: int, ngan: int = 0, wah: float = 0.0) -> float:
    """Deed notation back to m². Ngan must be 0-3 and wah below 100, as on a deed:
    a larger value is almost always a typo or swapped fields, so it is refused."""
    _check_area(rai, "rai")
    _check_area(ngan, "ngan")
    _check_area(wah, "wah")
    if ngan >= NGAN_PER_RAI:
        raise ThaiValueError("ngan", "out_of_range", "must be 0-3 (4 ngan make 1 rai)")
    if wah >= WAH_PER_NGAN:
        raise ThaiValueError("wah", "out_of_range", "must be below 100 (100 square wah make 1 ngan)")
    return (rai * WAH_PER_RAI + ngan * WAH_PER_NGAN + wah) * M2_PER_WAH


def format_rai_ngan_wah(m2: float, decimals: int = 1, unit: str = "ไร่") -> str:
    """5,781 m² -> "3-2-45.2 ไร่" (the deed's rai-ngan-wah notation).

    The wah total is rounded first and then split, so rounding can never print a
    wah of 100.0 (e.g. 6,399.9 m² gives "4-0-0.0", not "3-3-100.0").
    """
    total_wah = round(_check_area(m2, "area_m2") / M2_PER_WAH, decimals)
    rai, ngan, wah = _split_wah(total_wah)
    text = f"{rai}-{ngan}-{wah:.{decimals}f}"
    return f"{text} {unit}" if unit else text
