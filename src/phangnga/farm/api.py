"""Farmbook and fertilizer API, mounted at /api/v1/farm."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from phangnga.core import roles
from phangnga.core.audit import record
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.idempotency import create_once, idempotency_key

from . import access, disasters, serialize, services
from .models import Disaster, Household, Plot

router = Router(tags=["farm"])
FARM_ROLES = (roles.FARMER, roles.AGRICULTURE_OFFICER)


@contextmanager
def field_errors():
    try:
        yield
    except services.FarmError as exc:
        raise FieldError(exc.field, exc.message) from None


class MemberIn(Schema):
    name: str
    national_id: str = ""
    relation: str = ""
    birth_year: int | None = None
    farms: bool = True


class HouseholdIn(Schema):
    head_name: str = Field(min_length=1, max_length=150)
    head_national_id: str
    district: str
    subdistrict: str
    moo: int = Field(ge=1, le=30)
    village: str = Field(min_length=1, max_length=100)
    phone: str = ""
    house_no: str = ""
    water_source: str = ""
    machinery: str = ""
    members: list[MemberIn] = []
    client_id: str | None = None


class HouseholdPatch(Schema):
    head_name: str | None = None
    phone: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    moo: int | None = Field(None, ge=1, le=30)
    village: str | None = None
    house_no: str | None = None
    water_source: str | None = None
    machinery: str | None = None


class ApproveIn(Schema):
    approve: bool = True


class PlotIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    geometry: dict
    land_document: str
    land_document_no: str = ""
    tenure: str = "owned"
    client_id: str | None = None


class CycleIn(Schema):
    crop: str
    variety: str = ""
    planting_date: date
    expected_harvest: date
    area_rai: float = Field(gt=0)
    client_id: str | None = None


class DisasterIn(Schema):
    kind: str
    name: str
    started_on: date
    ended_on: date | None = None
    districts: list[str] = []
    area: dict | None = None


def _user(request):
    return require_role(request, *FARM_ROLES)


def _plot(user, plot_id: int) -> Plot:
    plot = Plot.objects.filter(household__in=access.households_for(user), pk=plot_id).select_related("household").first()
    if plot is None:
        raise ApiError(404, "not_found", "No such plot")
    return plot


@router.get("/households", auth=token_or_session, summary="Households you may see (farmer: yours; officer: district)")
def list_households(request, district: str | None = None, status: str | None = None):
    user = _user(request)
    qs = access.households_for(user)
    if district:
        qs = qs.filter(district_id=district)
    if status:
        qs = qs.filter(status=status)
    items = [serialize.household_summary(h) for h in qs[:1000]]
    record(request, "read", object_type="farm.household", summary=f"list {len(items)} households", user=user)
    return {"count": len(items), "items": items}


@router.post("/households", auth=token_or_session, response={201: dict, 200: dict}, summary="Register a household")
def create_household(request, payload: HouseholdIn):
    user = _user(request)
    key = idempotency_key(request, payload.client_id)
    data = payload.dict(exclude={"client_id"})

    def create():
        with field_errors():
            return services.create_household(request, user, **data)

    household, created = create_once("farm.household", key, create, lambda pk: Household.objects.get(pk=pk))
    return (201 if created else 200), serialize.household_detail(household)


@router.get("/households/{household_id}", auth=token_or_session, summary="One household with members, plots, cycles")
def get_household(request, household_id: int):
    user = _user(request)
    household = access.household_for(user, household_id)
    record(request, "read", household, user=user)
    return serialize.household_detail(household)


@router.patch("/households/{household_id}", auth=token_or_session, summary="Update a household")
def patch_household(request, household_id: int, payload: HouseholdPatch):
    user = _user(request)
    household = access.household_for(user, household_id)
    with field_errors():
        services.update_household(request, user, household, **payload.dict(exclude_none=True))
    return serialize.household_detail(household)


@router.post("/households/{household_id}/approve", auth=token_or_session, summary="Officer approves or rejects")
def approve_household(request, household_id: int, payload: ApproveIn):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    household = access.household_for(user, household_id)
    services.approve(request, user, household, payload.approve)
    return serialize.household_summary(household)


@router.post("/households/{household_id}/members", auth=token_or_session, response={201: dict})
def add_member(request, household_id: int, payload: MemberIn):
    user = _user(request)
    household = access.household_for(user, household_id)
    with field_errors():
        member = services.add_member(request, user, household, **payload.dict())
    return 201, {"id": member.pk, "name": member.name}


@router.post("/households/{household_id}/plots", auth=token_or_session, response={201: dict, 200: dict},
             summary="Add a plot from a GeoJSON polygon; the area is computed geodesically")
def add_plot(request, household_id: int, payload: PlotIn):
    user = _user(request)
    household = access.household_for(user, household_id)
    key = idempotency_key(request, payload.client_id)

    def create():
        with field_errors():
            return services.add_plot(request, user, household, name=payload.name, geometry_data=payload.geometry,
                                     land_document=payload.land_document, land_document_no=payload.land_document_no,
                                     tenure=payload.tenure)

    plot, created = create_once(f"farm.plot.{household.pk}", key, create, lambda pk: Plot.objects.get(pk=pk))
    return (201 if created else 200), serialize.plot_feature(plot)


@router.get("/plots/{plot_id}", auth=token_or_session, summary="One plot as a GeoJSON Feature")
def get_plot(request, plot_id: int):
    user = _user(request)
    plot = _plot(user, plot_id)
    record(request, "read", plot, user=user)
    return serialize.plot_feature(plot)


@router.post("/plots/{plot_id}/cycles", auth=token_or_session, response={201: dict, 200: dict},
             summary="Report a crop cycle (15-60 days after planting)")
def add_cycle(request, plot_id: int, payload: CycleIn):
    user = _user(request)
    plot = _plot(user, plot_id)
    key = idempotency_key(request, payload.client_id)

    def create():
        with field_errors():
            return services.add_cycle(request, user, plot, **payload.dict(exclude={"client_id"}))

    from .models import CropCycle

    cycle, created = create_once(f"farm.cycle.{plot.pk}", key, create, lambda pk: CropCycle.objects.get(pk=pk))
    return (201 if created else 200), serialize.cycle_dict(cycle)


@router.get("/disasters", auth=token_or_session, summary="Declared disaster events")
def list_disasters(request):
    require_role(request, roles.AGRICULTURE_OFFICER)
    return [{"id": d.pk, "kind": d.kind, "name": d.name, "started_on": d.started_on, "ended_on": d.ended_on,
             "districts": d.districts, "area": d.area} for d in Disaster.objects.all()[:500]]


@router.post("/disasters", auth=token_or_session, response={201: dict}, summary="Declare a disaster event (officer)")
def declare_disaster(request, payload: DisasterIn):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    with field_errors():
        event = disasters.declare(request, user, **payload.dict())
    return 201, {"id": event.pk, "kind": event.kind, "name": event.name, "started_on": event.started_on,
                 "ended_on": event.ended_on, "districts": event.districts, "area": event.area}


@router.get("/disasters/{disaster_id}/eligible", auth=token_or_session,
            summary="Eligible households and plots with compensation (30-rai cap per household)")
def eligible(request, disaster_id: int, include_ineligible: bool = False):
    user = require_role(request, roles.AGRICULTURE_OFFICER)
    event = get_object_or_404(Disaster, pk=disaster_id)
    body = disasters.eligible_payload(event, access.households_for(user), include_ineligible)
    record(request, "read", event, user=user, summary=f"eligible list: {body['totals']['households']} households")
    return body

