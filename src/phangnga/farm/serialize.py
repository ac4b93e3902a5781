"""Households, plots and cycles as JSON-ready dicts (API and page scripts share them)."""

from __future__ import annotations

from phangnga.core.thai import format_rai_ngan_wah

from . import crops, services, subdistricts
from .models import CropCycle, Household, Plot


def cycle_dict(c: CropCycle) -> dict:
    return {
        "id": c.pk,
        "crop": c.crop,
        "crop_group": c.crop_obj.compensation_group,
        "register_group": c.crop_obj.register_group,
        "variety": c.variety,
        "planting_date": c.planting_date,
        "expected_harvest": c.expected_harvest,
        "area_rai": c.area_rai,
        "tree_count": c.tree_count,
        "reported_on": c.reported_on,
    }


def plot_feature(p: Plot, with_cycles: bool = True) -> dict:
    props = {
        "id": p.pk,
        "household_id": p.household_id,
        "name": p.name,
        "area_m2": round(p.area_m2, 1),
        "area_rai": round(p.area_rai, 4),
        "area_rai_ngan_wah": format_rai_ngan_wah(p.area_m2),
        "land_document": p.land_document,
        "land_document_no": p.land_document_no,
        "tenure": p.tenure,
        "district": p.district_id,
        "subdistrict": p.subdistrict,
        "registered_on": p.registered_on,
    }
    if with_cycles:
        props["cycles"] = [cycle_dict(c) for c in p.cycles.all()]
    return {"type": "Feature", "id": p.pk, "geometry": p.geometry, "properties": props}


def household_summary(h: Household) -> dict:
    return {
        "id": h.pk,
        "code": h.code,
        "head_name": h.head_name,
        "district": h.district_id,
        "subdistrict": h.subdistrict,
        "subdistrict_name": subdistricts.name(h.district_id, h.subdistrict),
        "moo": h.moo,
        "village": h.village,
        "status": h.status,
        "registration": services.lapse_status(h),
        "registered_on": h.registered_on,
        "last_update_on": h.last_update_on,
    }


def household_detail(h: Household) -> dict:
    body = household_summary(h)
    body.update(
        head_national_id=h.head_national_id,
        phone=h.phone,
        house_no=h.house_no,
        water_source=h.water_source,
        machinery=h.machinery,
        lapses_on=crops.lapse_date(h.last_update_on),
        members=[
            {
                "id": m.pk,
                "name": m.name,
                "national_id": m.national_id,
                "relation": m.relation,
                "birth_year": m.birth_year,
                "farms": m.farms,
            }
            for m in h.members.all()
        ],
        plots={
            "type": "FeatureCollection",
            "features": [plot_feature(p) for p in h.plots.prefetch_related("cycles")],
        },
    )
    return body
