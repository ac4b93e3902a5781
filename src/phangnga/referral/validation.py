"""Pure checks of referral input (no Django): ICD-10 form, passports, triage."""

from __future__ import annotations

import re

# WHO ICD-10 / ICD-10-TM: a letter, two digits, then an optional dot and 1-4 more characters
# (I63.9, S06.00, N185 as Thai registries often write it without the dot).
ICD10_RE = re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,4})?$")
# Passport numbers differ by country; ICAO 9303 allows up to 9 letters and digits (some
# countries issue longer numbers in other documents, so allow 5-20).
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")

SCHEMES = {
    "UC": "Universal Coverage (gold card)",
    "SSS": "Social Security",
    "CSMBS": "Civil Servant Medical Benefit",
    "foreign": "Foreigner (insurance or migrant card)",
    "self_pay": "Self-pay",
}
SEXES = {"M": "male", "F": "female", "U": "unknown"}
URGENCIES = {"emergency": "Emergency", "urgent": "Urgent", "elective": "Elective"}


def normalise_icd10(value: str) -> str:
    """Upper-case, strip spaces; raise ValueError when the code is not of ICD-10 form."""
    code = (value or "").strip().upper().replace(" ", "")
    if not ICD10_RE.match(code):
        raise ValueError("must look like an ICD-10 code, e.g. I63.9 or S06.0 (letter, 2 digits, optional .x)")
    return code


def normalise_passport(value: str) -> str:
    number = (value or "").strip().upper().replace(" ", "")
    if not PASSPORT_RE.match(number):
        raise ValueError("passport number must be 5 to 20 letters or digits")
    return number


def check_triage(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise ValueError("triage must be a level from 1 (resuscitation) to 5 (non-urgent)")
    return value
