"""Subdistricts (tambon) of the 8 districts, for addresses. Pure module."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "subdistricts.json"


@lru_cache(maxsize=1)
def table() -> dict[str, list[tuple[str, str, str]]]:
    """district code -> [(subdistrict code, Thai name, English name)]."""
    data = json.loads(DATA_FILE.read_text())
    return {d: [tuple(row) for row in rows] for d, rows in data["districts"].items()}


def choices(district: str) -> list[tuple[str, str, str]]:
    return table().get(district, [])


def name(district: str, code: str, lang: str = "th") -> str:
    for c, th, en in choices(district):
        if c == code:
            return th if lang == "th" else en
    return code


def is_valid(district: str, code: str) -> bool:
    return any(c == code for c, _, _ in choices(district))
