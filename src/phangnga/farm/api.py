"""Farmbook and fertilizer API, mounted at /api/v1/farm."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from pydantic import StrictBool

from phangnga.core import roles
from phangnga.core.audit import Actor, record, record_list
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.validation import (
    EARLIEST_BIRTH,
    JsonObject,
    column,
    day,
    integer,
    number,
    object_id,
    text,
)
from phangnga.geo.schemas import PlaceCollection

from . import access, disasters, schemas, serialize, services
from .advice_api import AREA_RAI
from .advice_api import router as advice_router
from .models import CropCycle, Disaster, Household, Member, Plot

router = Router(tags=["farm"])


# Plausible ranges of the Farmbook's numbers (refused naming the field, before any rule runs).
BIRTH_YEAR = integer(EARLIEST_BIRTH.year, 2100)


class MemberIn(Schema):
    name: column(Member, "name")
    national_id: column(Member, "national_id") = ""
    relation: column(Member, "relation") = ""
    birth_year: BIRTH_YEAR | None = None
    farms: bool = True


class HouseholdIn(Schema):
    head_name: str = Field(min_length=1, max_length=150)
    head_national_id: column(Household, "head_national_id")
    district: text(64)
    subdistrict: column(Household, "subdistrict")
    moo: int = Field(ge=1, le=30)
    village: str = Field(min_length=1, max_length=100)
    phone: column(Household, "phone") = ""
    house_no: column(Household, "house_no") = ""
    water_source: column(Household, "water_source") = ""
    machinery: column(Household, "machinery") = ""
    members: list[MemberIn] = Field([], max_length=50)
    client_id: text(128) | None = None


class HouseholdPatch(JsonObject):
    head_name: column(Household, "head_name") | None = None
    phone: column(Household, "phone") | None = None
    district: text(64) | None = None
    subdistrict: column(Household, "subdistrict") | None = None
    moo: int | None = Field(None, ge=1, le=30)
    village: column(Household, "village") | None = None
    house_no: column(Household, "house_no") | None = None
    water_source: column(Household, "water_source") | None = None
    machinery: column(Household, "machinery") | None = None


class ApproveIn(JsonObject):
    approve: StrictBool = True  # strict: pydantic would take 0 as false


class PlotIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    geometry: dict
    land_document: column(Plot, "land_document")
    land_document_no: column(Plot, "land_document_no") = ""
    tenure: column(Plot, "tenure") = "owned"
    # Where the land lies (default: the household's subdistrict).
    district: text(64) | None = None
    subdistrict: text(64) | None = None
    client_id: text(128) | None = None


class PlotLocationIn(Schema):
    district: text(64)
    subdistrict: text(64)


class CycleIn(Schema):
    crop: column(CropCycle, "crop")
    variety: column(CropCycle, "variety") = ""
    # Seasonal crops: the planting date. Perennials: the date or only the planting year.
    planting_date: day(days_ahead=366) | None = None
    planting_year: integer(1900, 2100) | None = None
    # Seasonal crops: required. Perennials: optional (they stand for their productive life).
    # Perennials (rubber, oil palm, durian) first yield 3-7 years after planting: 10 years covers them.
    expected_harvest: day(days_ahead=10 * 366) | None = None
    area_rai: float = Field(gt=0, le=100_000, allow_inf_nan=False)
    # Fruit trees and perennials: required (the register counts the trees).
    tree_count: integer(0, 10_000_000) | None = None
    client_id: text(128) | None = None


class DisasterIn(Schema):
    kind: column(Disaster, "kind")
    name: column(Disaster, "name", min_length=1)
    started_on: day(days_ahead=1)
    ended_on: day(days_ahead=366) | None = None
    districts: list[text(64)] = Field([], max_length=100)
    # "<district>/<subdistrict>", e.g. "takua_thung/krasom"
    subdistricts: list[text(130)] = Field([], max_length=500)
    area: dict | None = None


class AssessmentIn(Schema):
    plot_id: object_id()
    # The damaged area: decimal rai, or rai-ngan-wah as on a deed (<= the plot's area).
    damaged_rai: AREA_RAI | None = None
    rai: integer(0, 100_000) | None = None
    ngan: integer(0, 3) | None = None  # 1 rai = 4 ngan
    wah: number(0, 100) | None = None  # 1 ngan = 100 square wah
    total_loss: bool
    cycle_id: object_id() | None = None
    cap_priority: integer(0, 1000) | None = None
    note: text(2000) = ""
    assessed_on: day(days_ahead=1) | None = None


@router.get(
    "/households",
    auth=token_or_session,
    response=schemas.HouseholdList,
    summary="Households you may see (farmer: yours; officer: district)",
)
def list_households(request, district: text(64) | None = None, status: text(16) | None = None):
    user = access.farm_user(request)
    qs = access.households_for(user)
    if district:
        qs = qs.filter(district_id=district)
    if status:
        qs = qs.filter(status=status)
    items = [serialize.household_summary(h) for h in qs[:1000]]
    record_list(request, "farm.household", [h["id"] for h in items], "household list", user=user)
    return {"count": len(items), "items": items}


@router.post(
    "/households",
    auth=token_or_session,
    response={201: schemas.HouseholdDetail, 200: schemas.HouseholdDetail},
    summary="Register a household",
)
def create_household(request, payload: HouseholdIn):
    user = access.farm_user(request)
    key = idempotency_key(request, payload.client_id)
    data = payload.dict(exclude={"client_id"})

    def create():
        return services.create_household(Actor.of(request, user), **data)

    household, created = create_once(
        f"farm.household.{user.pk}",
        key,
        create,
        lambda pk: Household.objects.get(pk=pk),
        request=request,
        user=user,
        body=data,
        visible=lambda h: access.households_for(user).filter(pk=h.pk).exists(),
    )
    return (201 if created else 200), serialize.household_detail(household)


@router.get(
    "/households/{household_id}",
    auth=token_or_session,
    response=schemas.HouseholdDetail,
    summary="One household with members, plots, cycles",
)
def get_household(request, household_id: int):
    user = access.farm_user(request)
    household = access.household_for(user, household_id)
    record(request, "read", household, user=user)
    return serialize.household_detail(household)


@router.patch(
    "/households/{household_id}",
    auth=token_or_session,
    response=schemas.HouseholdDetail,
    summary="Update a household",
)
def patch_household(request, household_id: int, payload: HouseholdPatch):
    user = access.farm_user(request)
    household = access.household_for(user, household_id)
    services.update_household(Actor.of(request, user), household, **payload.dict(exclude_none=True))
    return serialize.household_detail(household)


@router.post(
    "/households/{household_id}/approve",
    auth=token_or_session,
    response=schemas.HouseholdSummary,
    summary="Officer approves or rejects",
)
def approve_household(request, household_id: int, payload: ApproveIn):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    household = access.household_for(user, household_id)
    services.approve(Actor.of(request, user), household, payload.approve)
    return serialize.household_summary(household)


@router.post("/households/{household_id}/members", auth=token_or_session, response={201: schemas.MemberAdded})
def add_member(request, household_id: int, payload: MemberIn):
    user = access.farm_user(request)
    household = access.household_for(user, household_id)
    member = services.add_member(Actor.of(request, user), household, **payload.dict())
    return 201, {"id": member.pk, "name": member.name}


@router.post(
    "/households/{household_id}/plots",
    auth=token_or_session,
    response={201: schemas.PlotFeature, 200: schemas.PlotFeature},
    summary="Add a plot from a GeoJSON polygon; the area is computed geodesically",
)
def add_plot(request, household_id: int, payload: PlotIn):
    user = access.farm_user(request)
    household = access.household_for(user, household_id)
    key = idempotency_key(request, payload.client_id)

    def create():
        return services.add_plot(
            Actor.of(request, user),
            household,
            name=payload.name,
            geometry_data=payload.geometry,
            land_document=payload.land_document,
            land_document_no=payload.land_document_no,
            tenure=payload.tenure,
            district=payload.district,
            subdistrict=payload.subdistrict,
        )

    plot, created = create_once(
        f"farm.plot.{household.pk}",
        key,
        create,
        lambda pk: Plot.objects.get(pk=pk),
        request=request,
        user=user,
        body=payload.dict(exclude={"client_id"}),
    )
    return (201 if created else 200), serialize.plot_feature(plot)


@router.get(
    "/plots/{plot_id}",
    auth=token_or_session,
    response=schemas.PlotFeature,
    summary="One plot as a GeoJSON Feature",
)
def get_plot(request, plot_id: int):
    user = access.farm_user(request)
    plot = access.plot_for(user, plot_id)
    record(request, "read", plot, user=user)
    return serialize.plot_feature(plot)


@router.patch(
    "/plots/{plot_id}",
    auth=token_or_session,
    response=schemas.PlotFeature,
    summary="Correct where the plot lies",
)
def patch_plot(request, plot_id: int, payload: PlotLocationIn):
    user = access.farm_user(request)
    plot = access.plot_for(user, plot_id)
    services.set_plot_location(Actor.of(request, user), plot, **payload.dict())
    return serialize.plot_feature(plot)


@router.post(
    "/plots/{plot_id}/cycles",
    auth=token_or_session,
    response={201: schemas.CycleOut, 200: schemas.CycleOut},
    summary="Report a crop cycle by its crop group's rule",
    description="Rice: 15-60 days after planting. Field crops and vegetables: from day 15 after planting "
    "until harvest. Fruit trees and perennials: from day 30, any year, by planting year (or date), area and "
    "tree_count; reporting the same planting again is its yearly update. Rules: data/crops.json.",
)
def add_cycle(request, plot_id: int, payload: CycleIn):
    user = access.farm_user(request)
    plot = access.plot_for(user, plot_id)
    key = idempotency_key(request, payload.client_id)

    def create():
        return services.add_cycle(Actor.of(request, user), plot, **payload.dict(exclude={"client_id"}))

    cycle, created = create_once(
        f"farm.cycle.{plot.pk}",
        key,
        create,
        lambda pk: CropCycle.objects.get(pk=pk),
        request=request,
        user=user,
        body=payload.dict(exclude={"client_id"}),
    )
    created = created and not getattr(cycle, "yearly_update", False)
    return (201 if created else 200), serialize.cycle_dict(cycle)


@router.get(
    "/disasters",
    auth=token_or_session,
    response=list[schemas.DisasterOut],
    summary="Declared disaster events",
)
def list_disasters(request):
    require_role(request, roles.AGRICULTURE_OFFICER)
    return [{**disasters.disaster_dict(d), "area": d.area} for d in Disaster.objects.all()[:500]]


@router.post(
    "/disasters",
    auth=token_or_session,
    response={201: schemas.DisasterOut},
    summary="Declare a disaster event (officer)",
)
def declare_disaster(request, payload: DisasterIn):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    event = disasters.declare(Actor.of(request, user), **payload.dict())
    return 201, {**disasters.disaster_dict(event), "area": event.area}


@router.get(
    "/disasters/{disaster_id}/assessments",
    auth=token_or_session,
    response=schemas.AssessmentList,
    summary="Plots in the declared area (by their own location) with the officer's assessment, if any",
)
def list_assessments(request, disaster_id: int, assessed: bool | None = None):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    event = get_object_or_404(Disaster, pk=disaster_id)
    items = []
    for plot, standing, share, a in disasters.assessable_plots(event, access.households_for(user)):
        if assessed is not None and (a is not None) != assessed:
            continue
        items.append(
            {
                "plot_id": plot.pk,
                "plot_name": plot.name,
                "household_id": plot.household_id,
                "household_code": plot.household.code,
                "head_name": plot.household.head_name,
                "plot_district": plot.district_id,
                "plot_subdistrict": plot.subdistrict,
                "area_rai": round(plot.area_rai, 4),
                "area_rai_ngan_wah": plot.area_text,
                "share_inside_drawn_area": round(share, 4),
                "standing": [serialize.cycle_dict(c) for c in standing],
                "assessment": disasters.assessment_dict(a) if a else None,
            }
        )
    record(request, "read", event, user=user, summary=f"assessment list: {len(items)} plots")
    return {"count": len(items), "items": items}


@router.post(
    "/disasters/{disaster_id}/assessments",
    auth=token_or_session,
    response={201: schemas.AssessmentOut, 200: schemas.AssessmentOut},
    summary="Record (or replace) the assessment of one plot: damaged area and whether the loss is total",
)
def record_assessment(request, disaster_id: int, payload: AssessmentIn):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    event = get_object_or_404(Disaster, pk=disaster_id)
    plot = access.plot_for(user, payload.plot_id)
    m2 = disasters.damaged_m2_from(
        damaged_rai=payload.damaged_rai, rai=payload.rai, ngan=payload.ngan, wah=payload.wah
    )
    assessment, created = disasters.record_assessment(
        Actor.of(request, user),
        event,
        plot,
        damaged_m2=m2,
        total_loss=payload.total_loss,
        cycle_id=payload.cycle_id,
        cap_priority=payload.cap_priority,
        note=payload.note,
        assessed_on=payload.assessed_on,
    )
    return (201 if created else 200), disasters.assessment_dict(assessment)


@router.get(
    "/disasters/{disaster_id}/compensation",
    auth=token_or_session,
    response=schemas.Compensation,
    summary="What is paid: totals, by crop group, per household (assessed total losses, 30-rai cap)",
)
def compensation_summary(request, disaster_id: int):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    event = get_object_or_404(Disaster, pk=disaster_id)
    body = disasters.compensation_summary(event, access.households_for(user))
    record(
        request, "read", event, user=user, summary=f"compensation: {body['totals']['households']} households"
    )
    return body


@router.get(
    "/disasters/{disaster_id}/eligible",
    auth=token_or_session,
    response=schemas.Eligible,
    summary="Eligible households and plots: assessed total losses in the declared area, 30-rai cap",
)
def eligible(request, disaster_id: int, include_ineligible: bool = False):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    event = get_object_or_404(Disaster, pk=disaster_id)
    body = disasters.eligible_payload(event, access.households_for(user), include_ineligible)
    record(
        request, "read", event, user=user, summary=f"eligible list: {body['totals']['households']} households"
    )
    return body


@router.get(
    "/centres",
    auth=None,
    response=PlaceCollection,
    summary="The district incubation centres (places of kind incubation_centre)",
)
def centres(request):
    from phangnga.geo.models import Place
    from phangnga.geo.places import feature

    return {
        "type": "FeatureCollection",
        "features": [feature(p) for p in Place.objects.filter(kind="incubation_centre", active=True)],
    }


@router.get(
    "/rates", auth=None, response=dict[str, float], summary="Compensation rates (baht per rai by crop group)"
)
def list_rates(request):
    return disasters.rates()


# Soil tests and fertilizer advice (same /farm prefix and tag).
router.add_router("", advice_router)
