"""Soil tests and fertilizer advice: the ORM side of the fertilizer kernel (fertilizer.py).

Tables: the bundled ones, replaced crop by crop by the newest table an officer imported.
Prices: the bundled product list with the prices officers edited (FertilizerPrice).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.db import transaction

from phangnga.core.audit import Actor, record

from . import access, fertilizer
from .models import FertilizerPrice, FertilizerTable, Plot, SoilTest
from .services import FarmError


def ensure_prices() -> None:
    for p in fertilizer.load_products().values():
        FertilizerPrice.objects.get_or_create(
            grade=p.grade, defaults={"baht_per_bag": Decimal(str(p.price_per_bag)), "bag_kg": p.bag_kg}
        )


def products() -> dict[str, fertilizer.Product]:
    """The product list at the prices in the database (new grades an officer priced are added)."""
    ensure_prices()
    bundled = fertilizer.load_products()
    items = []
    for row in FertilizerPrice.objects.all():
        known = bundled.get(row.grade)
        items.append(
            {
                "grade": row.grade,
                "price_per_bag": float(row.baht_per_bag),
                "bag_kg": row.bag_kg,
                "name_th": known.name_th if known else "",
                "name_en": known.name_en if known else "",
            }
        )
    return fertilizer.load_products(override={"products": items})


def imported_tables() -> list[FertilizerTable]:
    """The newest import per crop."""
    newest: dict[str, FertilizerTable] = {}
    for row in FertilizerTable.objects.order_by("uploaded_at", "id"):
        newest[row.crop] = row
    return list(newest.values())


def tables() -> dict[str, fertilizer.FertilizerTable]:
    return fertilizer.load_tables(overrides=[row.data for row in imported_tables()])


def _kernel_errors(exc: fertilizer.FertilizerInputError) -> FarmError:
    return FarmError.wrap(exc)


def recommend(
    *,
    crop: str,
    area_rai: float,
    variety_type: str | None = None,
    om_pct: float | None = None,
    p_ppm: float | None = None,
    k_ppm: float | None = None,
    ph: float | None = None,
    om_class: str | None = None,
    p_class: str | None = None,
    k_class: str | None = None,
    usual_grade: str | None = None,
    usual_kg_per_rai: float | None = None,
) -> fertilizer.Recommendation:
    usual = None
    if usual_grade:
        if usual_kg_per_rai is None:
            raise FarmError("usual_kg_per_rai", "give how many kg per rai of the usual formula")
        usual = (usual_grade, usual_kg_per_rai)
    try:
        return fertilizer.recommend(
            crop=crop,
            area_rai=area_rai,
            variety_type=variety_type or None,
            om_pct=om_pct,
            p_ppm=p_ppm,
            k_ppm=k_ppm,
            ph=ph,
            om_class=om_class or None,
            p_class=p_class or None,
            k_class=k_class or None,
            usual=usual,
            tables=tables(),
            products=products(),
        )
    except fertilizer.FertilizerInputError as exc:
        raise _kernel_errors(exc) from None


def _line(line: fertilizer.ProductLine) -> dict:
    return asdict(line)


def _plan(plan: fertilizer.ProductPlan) -> dict:
    return {
        "kind": plan.kind,
        "base_grade": plan.base_grade,
        "products": [_line(x) for x in plan.lines],
        "supplied": asdict(plan.supplied),
        "difference": asdict(plan.difference),
        "cost_baht": plan.cost_baht,
        "cost_used_baht": plan.cost_used_baht,
        "cost_per_rai_baht": plan.cost_per_rai_baht,
        "saving_vs_usual_baht": plan.saving_vs_usual_baht,
    }


def as_dict(rec: fertilizer.Recommendation) -> dict:
    """The API answer: kg/rai of N, P2O5, K2O and the straights plan's products, then the details."""
    return {
        "crop": rec.crop,
        "variety_type": rec.variety_type,
        "area_rai": rec.area_rai,
        "n": rec.n,
        "p2o5": rec.p2o5,
        "k2o": rec.k2o,
        "products": [_line(x) for x in rec.plan.lines],
        "cost_baht": rec.plan.cost_baht,
        "cost_used_baht": rec.plan.cost_used_baht,
        "supplied": asdict(rec.plan.supplied),
        "classes": [asdict(c) for c in rec.classes],
        "alternatives": [_plan(p) for p in rec.alternatives],
        "usual": None
        if rec.usual is None
        else {
            "products": [_line(x) for x in rec.usual.lines],
            "supplied": asdict(rec.usual.supplied),
            "difference": asdict(rec.usual.difference),
            "cost_baht": rec.usual.cost_baht,
            "cost_used_baht": rec.usual.cost_used_baht,
        },
        "saving_baht": rec.saving_baht,
        "table_source": rec.table_source,
        "table_confidence": rec.table_confidence,
        "notes": list(rec.notes),
    }


@transaction.atomic
def add_soil_test(
    actor: Actor,
    plot: Plot,
    *,
    sampled_on: date,
    crop: str,
    area_rai: float | None = None,
    variety_type: str = "",
    ph: float | None = None,
    om_pct: float | None = None,
    p_ppm: float | None = None,
    k_ppm: float | None = None,
    om_level: str = "",
    p_level: str = "",
    k_level: str = "",
    usual_grade: str = "",
    usual_kg_per_rai: float | None = None,
) -> SoilTest:
    user = actor.user
    from .services import today

    if sampled_on > today():
        raise FarmError("sampled_on", "must not be in the future", "future_date")
    area = float(area_rai) if area_rai else round(plot.area_rai, 4)
    rec = recommend(
        crop=crop,
        area_rai=area,
        variety_type=variety_type,
        om_pct=om_pct,
        p_ppm=p_ppm,
        k_ppm=k_ppm,
        ph=ph,
        om_class=om_level,
        p_class=p_level,
        k_class=k_level,
        usual_grade=usual_grade or None,
        usual_kg_per_rai=usual_kg_per_rai,
    )
    test = SoilTest.objects.create(
        plot=plot,
        sampled_on=sampled_on,
        ph=ph,
        om_pct=om_pct,
        p_ppm=p_ppm,
        k_ppm=k_ppm,
        om_level=om_level or "",
        p_level=p_level or "",
        k_level=k_level or "",
        crop=rec.crop,
        variety_type=rec.variety_type,
        area_rai=area,
        usual_grade=usual_grade or "",
        usual_kg_per_rai=usual_kg_per_rai,
        advice=as_dict(rec),
        cost_baht=rec.plan.cost_used_baht,
        usual_cost_baht=rec.usual.cost_used_baht if rec.usual else None,
        saving_baht=rec.saving_baht,
        created_by=user,
    )
    record(actor, "create", test, changes={"plot": plot.pk, "crop": rec.crop})
    return test


@transaction.atomic
def import_table(actor: Actor, data) -> FertilizerTable:
    """An officer's corrected table, validated by the kernel against the tables in use."""
    user = actor.user
    access.require_officer(user)
    if not isinstance(data, dict):
        raise FarmError("table", "must be a JSON object")
    try:
        merged = fertilizer.import_table(tables(), data)
    except fertilizer.FertilizerInputError as exc:
        raise _kernel_errors(exc) from None
    table = merged[data["crop"]]
    row = FertilizerTable.objects.create(
        crop=table.crop, data=data, source=table.source[:255], uploaded_by=user
    )
    record(actor, "import", row, changes={"crop": table.crop, "source": table.source[:200]})
    return row


def resolve_key(crop: str | None) -> str | None:
    """The table key for a Farmbook crop's fertilizer name (aliases allowed), or None."""
    if not crop:
        return None
    try:
        return fertilizer.resolve_crop(tables(), crop).crop
    except fertilizer.FertilizerInputError:
        return None
