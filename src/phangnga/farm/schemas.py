"""Output schemas of the Farmbook API: what `serialize.py`, `disasters.py`, `advice.as_dict` and
`advice_api.soil_test_dict` return, key for key (core/schemas.py: a key left out here would vanish).

Measurements are `Num`: a value just written keeps the type it was sent with (an area of 2 rai
stays 2, not 2.0)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from phangnga.core.schemas import FreeForm, Num, OutSchema, Sparse


class CycleOut(OutSchema):
    """serialize.cycle_dict: one crop cycle of a plot."""

    id: int
    crop: str
    crop_group: str = Field(description="The compensation group of the crop")
    register_group: str
    variety: str
    planting_date: date
    expected_harvest: date
    area_rai: Num
    tree_count: int | None
    reported_on: date


class PlotProperties(OutSchema):
    id: int
    household_id: int
    name: str
    area_m2: Num
    area_rai: Num
    area_rai_ngan_wah: str = Field(description="The area in rai-ngan-square wah, as Thai documents write it")
    land_document: str
    land_document_no: str
    tenure: str
    district: str | None
    subdistrict: str
    registered_on: date


class PlotPropertiesWithCycles(PlotProperties):
    cycles: list[CycleOut]


class PlotFeature(OutSchema):
    """serialize.plot_feature: a plot as a GeoJSON Feature with its crop cycles."""

    type: str = Field(description="Feature")
    id: int
    geometry: FreeForm = Field(description="GeoJSON geometry (Polygon or MultiPolygon, lon/lat)")
    properties: PlotPropertiesWithCycles


class PlotCollection(OutSchema):
    type: str = Field(description="FeatureCollection")
    features: list[PlotFeature]


class HouseholdSummary(OutSchema):
    """serialize.household_summary."""

    id: int
    code: str
    head_name: str
    district: str | None
    subdistrict: str
    subdistrict_name: str
    moo: int
    village: str
    status: str
    registration: str = Field(description="current, due or lapsed (the yearly update)")
    registered_on: date
    last_update_on: date


class MemberOut(OutSchema):
    id: int
    name: str
    national_id: str
    relation: str
    birth_year: int | None
    farms: bool


class HouseholdDetail(HouseholdSummary):
    """serialize.household_detail: a household with its members and plots."""

    head_national_id: str
    phone: str
    house_no: str
    water_source: str
    machinery: str
    lapses_on: date
    members: list[MemberOut]
    plots: PlotCollection


class HouseholdList(OutSchema):
    count: int
    items: list[HouseholdSummary]


class MemberAdded(OutSchema):
    id: int
    name: str


class DisasterBrief(OutSchema):
    """disasters.disaster_dict."""

    id: int
    kind: str
    name: str
    started_on: date
    ended_on: date | None
    districts: list[str]
    subdistricts: list[str]
    has_area: bool


class DisasterOut(DisasterBrief):
    """disasters.disaster_dict with the drawn area."""

    area: FreeForm | None = Field(description="The drawn area as GeoJSON geometry, if one was drawn")


class AssessmentOut(OutSchema):
    """disasters.assessment_dict: the officer's finding on one plot."""

    id: int
    plot_id: int
    cycle_id: int | None
    damaged_m2: Num
    damaged_rai: Num
    damaged_rai_ngan_wah: str
    total_loss: bool
    cap_priority: int | None = Field(description="Order in the household's 30-rai cap (1 first)")
    note: str
    assessed_on: date
    assessed_by: str | None


class AssessablePlot(OutSchema):
    plot_id: int
    plot_name: str
    household_id: int
    household_code: str
    head_name: str
    plot_district: str | None
    plot_subdistrict: str
    area_rai: Num
    area_rai_ngan_wah: str
    share_inside_drawn_area: Num
    standing: list[CycleOut] = Field(description="The crop cycles standing when the disaster struck")
    assessment: AssessmentOut | None


class AssessmentList(OutSchema):
    count: int
    items: list[AssessablePlot]


class SoilTestOut(OutSchema):
    """advice_api.soil_test_dict: a soil test and the advice stored with it."""

    id: int
    plot_id: int
    sampled_on: date
    ph: Num | None
    om_pct: Num | None
    p_ppm: Num | None
    k_ppm: Num | None
    om_level: str
    p_level: str
    k_level: str
    crop: str
    variety_type: str
    area_rai: Num
    cost_baht: Num
    usual_cost_baht: Num | None
    saving_baht: Num | None
    advice: FreeForm = Field(description="The fertilizer advice as POST /farm/fertilizer answers it")


class AdviceOut(OutSchema):
    """advice.as_dict: kg/rai of N, P2O5 and K2O, the straights plan and the alternatives."""

    crop: str
    variety_type: str
    area_rai: Num
    n: Num = Field(description="kg N per rai")
    p2o5: Num = Field(description="kg P2O5 per rai")
    k2o: Num = Field(description="kg K2O per rai")
    products: list[FreeForm] = Field(
        description="The straights plan's products (grade, kg per rai, bags, cost)"
    )
    cost_baht: Num
    cost_used_baht: Num
    supplied: FreeForm = Field(description="Nutrients the plan supplies, kg per rai")
    classes: list[FreeForm] = Field(description="The soil classes the table used, per nutrient")
    alternatives: list[FreeForm] = Field(description="Compound-based plans, cheapest first")
    usual: FreeForm | None = Field(description="The farmer's usual practice compared, if given")
    saving_baht: Num | None
    table_source: str
    table_confidence: str
    notes: list[str]


class TableImported(OutSchema):
    id: int
    crop: str
    source: str
    uploaded_at: datetime


class FertilizerTable(OutSchema):
    crop: str
    aliases: list[str]
    name_en: str
    name_th: str
    source: str
    confidence: str
    variety_types: FreeForm


class Product(OutSchema):
    grade: str
    name_th: str
    name_en: str
    price_per_bag: Num
    bag_kg: Num


class PayablePlot(OutSchema):
    """compensation.PlotResult of one plot, with the plot's own facts."""

    plot_id: int
    eligible: bool
    reasons: list[str] = Field(description="Why not eligible (codes), empty when eligible")
    cycle_id: int | None
    crop_group: str | None
    assessed: bool
    total_loss: bool
    damaged_rai: Num
    affected_rai: Num = Field(
        description="The payable basis: damaged rai, at most the crop's registered area"
    )
    paid_rai: Num
    rate: Num = Field(description="Baht per rai")
    amount: Num
    cap_priority: int | None
    share_inside: Num
    plot_name: str
    area_rai: Num
    area_rai_ngan_wah: str
    plot_district: str | None
    plot_subdistrict: str
    land_document: str
    land_document_no: str
    crop: str | None
    assessment: AssessmentOut | None


class PayableHousehold(OutSchema):
    household_id: int
    code: str
    head_name: str
    head_national_id: str
    district: str | None
    subdistrict: str
    moo: int
    village: str
    eligible: bool
    reasons: list[str]
    affected_rai: Num
    paid_rai: Num
    capped: bool = Field(description="The 30-rai household cap cut the paid area")
    amount: Num
    plots: list[PayablePlot]


class PayTotals(OutSchema):
    households: int
    plots: int
    paid_rai: Num
    amount: Num
    not_eligible: int
    plots_in_area: int
    plots_assessed: int
    plots_total_loss: int


class Eligible(Sparse):
    """disasters.eligible_payload: who is paid for a disaster; `not_eligible` only when asked."""

    disaster: DisasterBrief
    rates: dict[str, float] = Field(description="Crop group -> baht per rai")
    cap_rai_per_household: Num
    cap_order: str
    households: list[PayableHousehold]
    totals: PayTotals
    not_eligible: list[PayableHousehold] | None = None


class GroupTotals(OutSchema):
    plots: int
    paid_rai: Num
    amount: Num


class PaidHousehold(OutSchema):
    household_id: int
    code: str
    head_name: str
    paid_rai: Num
    amount: Num
    capped: bool


class Compensation(OutSchema):
    """disasters.compensation_summary: totals, by crop group, and per household."""

    disaster: DisasterBrief
    rates: dict[str, float] = Field(description="Crop group -> baht per rai")
    cap_rai_per_household: Num
    totals: PayTotals
    by_group: dict[str, GroupTotals]
    households: list[PaidHousehold]
