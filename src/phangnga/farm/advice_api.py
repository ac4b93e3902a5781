"""Farmbook's soil-test and fertilizer API: advice for a plot's soil test (farm/fertilizer.py, the
Land Development Department's tables), stored soil tests, the officers' corrected tables and the
product prices. Mounted by farm/api.py under /farm (same tag)."""

from __future__ import annotations

from ninja import Router, Schema

from phangnga.core import roles
from phangnga.core.audit import Actor
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.validation import (
    column,
    day,
    load_json,
    number,
    text,
)

from . import access, advice, schemas
from .models import SoilTest

router = Router(tags=["farm"])
AREA_RAI = number(0, 100_000)  # the largest holdings in the province are a few thousand rai
PH = number(0, 14)  # the pH scale
PERCENT = number(0, 100)
PPM = number(0, 100_000)  # mg/kg: a million is the whole sample
KG_PER_RAI = number(0, 10_000)


class FertilizerIn(Schema):
    crop: text(32)
    variety_type: text(32) | None = None
    area_rai: AREA_RAI
    om_pct: PERCENT | None = None
    p_ppm: PPM | None = None
    k_ppm: PPM | None = None
    ph: PH | None = None
    om_class: text(16) | None = None
    p_class: text(16) | None = None
    k_class: text(16) | None = None
    usual_grade: text(16) | None = None
    usual_kg_per_rai: KG_PER_RAI | None = None


@router.post(
    "/fertilizer",
    auth=None,
    response=schemas.AdviceOut,
    summary="Soil-test fertilizer recommendation: kg/rai of N, P2O5, K2O and products",
    description="Measured values (om_pct, p_ppm, k_ppm) or the kit's class levels (om_class, p_class, "
    "k_class: low/medium/high). `products` is the straights plan (18-46-0 sized on P2O5, "
    "46-0-0 and 0-0-60 make up N and K2O); `alternatives` are compound-based plans.",
)
def fertilizer_advice(request, payload: FertilizerIn):
    rec = advice.recommend(**payload.dict())
    return advice.as_dict(rec)


class SoilTestIn(Schema):
    sampled_on: day(days_ahead=1)
    crop: column(SoilTest, "crop")
    variety_type: column(SoilTest, "variety_type") = ""
    area_rai: AREA_RAI | None = None
    ph: PH | None = None
    om_pct: PERCENT | None = None
    p_ppm: PPM | None = None
    k_ppm: PPM | None = None
    om_level: column(SoilTest, "om_level") = ""
    p_level: column(SoilTest, "p_level") = ""
    k_level: column(SoilTest, "k_level") = ""
    usual_grade: column(SoilTest, "usual_grade") = ""
    usual_kg_per_rai: KG_PER_RAI | None = None
    client_id: text(128) | None = None


def soil_test_dict(t: SoilTest) -> dict:
    return {
        "id": t.pk,
        "plot_id": t.plot_id,
        "sampled_on": t.sampled_on,
        "ph": t.ph,
        "om_pct": t.om_pct,
        "p_ppm": t.p_ppm,
        "k_ppm": t.k_ppm,
        "om_level": t.om_level,
        "p_level": t.p_level,
        "k_level": t.k_level,
        "crop": t.crop,
        "variety_type": t.variety_type,
        "area_rai": t.area_rai,
        "cost_baht": t.cost_baht,
        "usual_cost_baht": t.usual_cost_baht,
        "saving_baht": t.saving_baht,
        "advice": t.advice,
    }


@router.post(
    "/plots/{plot_id}/soil-tests",
    auth=token_or_session,
    response={201: schemas.SoilTestOut, 200: schemas.SoilTestOut},
    summary="Record a soil test of a plot and store the fertilizer advice",
)
def add_soil_test(request, plot_id: int, payload: SoilTestIn):
    user = access.farm_user(request)
    plot = access.plot_for(user, plot_id)
    key = idempotency_key(request, payload.client_id)

    def create():
        return advice.add_soil_test(Actor.of(request, user), plot, **payload.dict(exclude={"client_id"}))

    test, created = create_once(
        f"farm.soil.{plot.pk}",
        key,
        create,
        lambda pk: SoilTest.objects.get(pk=pk),
        request=request,
        user=user,
        body=payload.dict(exclude={"client_id"}),
    )
    return (201 if created else 200), soil_test_dict(test)


@router.post(
    "/fertilizer/tables",
    auth=token_or_session,
    response={201: schemas.TableImported},
    summary="Officer imports a corrected class-to-rate table (validated by the kernel)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    },
)
def import_fertilizer_table(request):
    """The body is the table document itself (same format as the bundled tables)."""
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    payload = load_json(request.body or b"null", "table", status=422)  # cleaned; 4xx when too deep
    row = advice.import_table(Actor.of(request, user), payload)
    return 201, {"id": row.pk, "crop": row.crop, "source": row.source, "uploaded_at": row.uploaded_at}


@router.get(
    "/fertilizer/tables",
    auth=None,
    response=list[schemas.FertilizerTable],
    summary="Fertilizer tables in use, each with its source",
)
def list_fertilizer_tables(request):
    return [
        {
            "crop": t.crop,
            "aliases": list(t.aliases),
            "name_en": t.name_en,
            "name_th": t.name_th,
            "source": t.source,
            "confidence": t.confidence,
            "variety_types": dict(t.variety_types),
        }
        for t in advice.tables().values()
    ]


@router.get(
    "/fertilizer/products",
    auth=None,
    response=list[schemas.Product],
    summary="Fertilizers on sale at the editable prices",
)
def list_products(request):
    return [
        {
            "grade": p.grade,
            "name_th": p.name_th,
            "name_en": p.name_en,
            "price_per_bag": p.price_per_bag,
            "bag_kg": p.bag_kg,
        }
        for p in advice.products().values()
    ]
