"""Output schemas of the smart travel API, key for key as `services.attraction_dict`,
`api.sign_dict` and `services.scan_counts` return them (core/schemas.py: a key left out here
would vanish)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from phangnga.core.schemas import Num, OutSchema


class Identity(OutSchema):
    aspect: str
    text: str
    fallback: bool


class AttractionPlace(OutSchema):
    code: str
    lat: float
    lon: float
    source: str
    accuracy_m: int
    needs_check: bool


class Opening(OutSchema):
    opens: str | None = Field(description="HH:MM")
    closes: str | None = Field(description="HH:MM")
    season_start: str | None = Field(description="MM-DD")
    season_end: str | None = Field(description="MM-DD")
    in_season: bool
    fee_thai_thb: int | None
    fee_foreign_thb: int | None
    fees_checked: bool


class AttractionOut(OutSchema):
    """services.attraction_dict: an attraction in one language (a missing text falls back)."""

    code: str
    category: str
    lang: str
    name: str
    name_fallback: bool = Field(description="The name is in another language than asked")
    description: str
    description_fallback: bool
    hours_note: str
    hours_note_fallback: bool
    identity: list[Identity]
    names: dict[str, str] = Field(description="Language -> name")
    missing_languages: list[str]
    place: AttractionPlace
    opening: Opening
    needs_boat: bool
    poster_url: str = Field(description="'' when there is none")
    clip_url: str = Field(description="'' when there is none")
    active: bool
    url: str = Field(description="The attraction's landing page")


class AttractionList(OutSchema):
    lang: str
    count: int
    attractions: list[AttractionOut]


class SignOut(OutSchema):
    """api.sign_dict: a QR sign and where it stands."""

    code: str
    url: str = Field(description="What the QR code opens")
    attraction: str
    attraction_active: bool
    name_th: str
    name_en: str
    location_note: str
    installed_lat: Num | None
    installed_lon: Num | None
    installed_on: date | None
    condition: str
    checked_on: date | None
    is_demo: bool


class SignList(OutSchema):
    count: int
    signs: list[SignOut]


class SignScans(OutSchema):
    # The keys are the ORM's lookups ("sign__code"), as the counts have always been written.

    sign__code: str
    sign__attraction__code: str
    scans: int
    attraction_name: str = Field(description="The attraction's English name")


class DayScans(OutSchema):
    day: date
    scans: int


class LanguageScans(OutSchema):
    language: str
    scans: int


class DeviceScans(OutSchema):
    device: str
    scans: int


class ScanStats(OutSchema):
    """services.scan_counts: scans per sign, day, language and device class (no addresses)."""

    total: int
    per_sign: list[SignScans]
    per_day: list[DayScans]
    per_language: list[LanguageScans]
    per_device: list[DeviceScans]
