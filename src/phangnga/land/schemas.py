"""Output schemas of the land readjustment API, key for key as `api.py` builds them from the
kernel's results (core/schemas.py: a key left out here would vanish). Areas in m2, money in baht;
`Num` keeps an integer an integer (a value sent as 1200 comes back as 1200)."""

from __future__ import annotations

from pydantic import Field

from phangnga.core.schemas import Num, OutSchema


class ParcelResult(OutSchema):
    id: str = Field(description="The parcel's deed number")
    old_area_m2: Num
    new_area_m2: Num
    contribution_m2: Num
    entitled_value_baht: Num | None
    allocated_area_m2: Num | None
    area_difference_m2: Num | None
    settlement_baht: Num | None


class ReadjustResult(OutSchema):
    """The readjustment kernel's result (by area or by value), parcel by parcel."""

    method: str
    ratio: Num
    k: Num | None = Field(description="The value method's factor")
    total_m2: Num
    available_m2: Num
    allocated_sum_m2: Num | None
    area_balance_m2: Num | None
    total_value_before_baht: Num | None
    total_value_after_baht: Num | None
    total_settlement_baht: Num | None
    notes: list[str]
    parcels: list[ParcelResult]


class ProjectOut(OutSchema):
    id: int
    name: str
    name_th: str
    location: str
    legal_basis: str
    boundary_area_m2: Num | None
    method: str
    is_demo: bool
    parcels: int = Field(description="How many parcels the project has")


class ReadjustmentPlan(OutSchema):
    """GET /projects/{id}/plan: the project's plan by area, by value, and as allocated."""

    project: ProjectOut
    public_before_m2: Num
    public_after_m2: Num
    reserve_m2: Num
    area: ReadjustResult
    value: ReadjustResult | None
    value_error: str | None
    allocated: ReadjustResult | None
    layout_notes: list[str]
    layout_error: str | None


class ImportedParcel(OutSchema):
    deed_no: str
    deed_area_m2: Num
    computed_area_m2: Num | None
    area_difference_m2: Num | None
    area_flagged: bool


class ParcelsImported(OutSchema):
    imported: int
    parcels: list[ImportedParcel]


class PublicLandAdded(OutSchema):
    id: int
    area_m2: Num


class MeetingOut(OutSchema):
    id: int
    step: str
    date: str = Field(description="ISO date")
    attendees: list[str]
    resolution: str


class ConsentOut(OutSchema):
    deed_no: str
    step: str
    agreed: bool
    date: str = Field(description="ISO date")
    note: str
