"""Land readjustment API: the calculator, projects, parcel import, plan and layout."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from phangnga.core import limits, roles
from phangnga.core.audit import Actor
from phangnga.core.auth import require_role, token_or_session
from phangnga.core.errors import ApiError, FieldError
from phangnga.core.idempotency import create_once, idempotency_key
from phangnga.core.validation import column, day, number, text

from . import plans, schemas, services
from .models import Meeting, Parcel, Project, PublicLand, Zone
from .parcels import ImportProblems
from .readjust import Parcel as KParcel
from .readjust import ReadjustInputError, readjust

router = Router(tags=["land"])
READERS = (roles.LAND_OFFICER, roles.VIEWER)


# Plausible bounds: a readjustment project covers at most a district (1e8 m2 = 100 km2); the
# Treasury Department's highest land appraisal (central Bangkok, 2023-2026 round) is about 1e6 baht
# per square wah (4 m2), so 1e7 baht/m2 leaves a wide margin. Signs are the kernel's to check (its
# message names parcels[i]); these bounds only keep magnitudes a float sum can carry.
AREA_M2 = number(-1e8, 1e8)
BAHT_PER_M2 = number(-1e7, 1e7)


class ParcelIn(Schema):
    id: str = Field(min_length=1, max_length=60)
    area_m2: Annotated[float, Field(gt=0, le=1e8, allow_inf_nan=False)]  # the kernel: "must be above 0"
    value_per_m2: BAHT_PER_M2 | None = None
    new_value_per_m2: BAHT_PER_M2 | None = None
    allocated_area_m2: AREA_M2 | None = None


class ReadjustIn(Schema):
    parcels: list[ParcelIn] = Field(min_length=1, max_length=5000)
    public_before_m2: AREA_M2
    public_after_m2: AREA_M2
    reserve_m2: AREA_M2 = 0.0
    method: Literal["area", "value"] = "area"
    total_m2: AREA_M2 | None = None
    total_value_after_baht: number(-1e15, 1e15) | None = None


def _result_body(res) -> dict:
    return {
        "method": res.method,
        "ratio": round(res.ratio, 6),
        "k": None if res.k is None else round(res.k, 6),
        "total_m2": round(res.total_m2, 2),
        "available_m2": round(res.available_m2, 2),
        "allocated_sum_m2": res.allocated_sum_m2,
        "area_balance_m2": res.area_balance_m2,
        "total_value_before_baht": res.total_value_before_baht,
        "total_value_after_baht": res.total_value_after_baht,
        "total_settlement_baht": res.total_settlement_baht,
        "notes": list(res.notes),
        "parcels": [
            {
                "id": r.id,
                "old_area_m2": r.old_area_m2,
                "new_area_m2": r.new_area_m2,
                "contribution_m2": r.contribution_m2,
                "entitled_value_baht": r.entitled_value_baht,
                "allocated_area_m2": r.allocated_area_m2,
                "area_difference_m2": r.area_difference_m2,
                "settlement_baht": r.settlement_baht,
            }
            for r in res.parcels
        ],
    }


@router.post("/readjust", auth=token_or_session, response=schemas.ReadjustResult)
def readjust_calc(request, payload: ReadjustIn):
    """Contribution ratio and each parcel's new area (area or value method); with
    `allocated_area_m2` and `new_value_per_m2`, the cash settlement (> 0: the owner pays)."""
    require_role(request, *READERS)
    try:
        res = readjust(
            [KParcel(**p.dict()) for p in payload.parcels],
            payload.public_before_m2,
            payload.public_after_m2,
            payload.reserve_m2,
            payload.method,
            total_m2=payload.total_m2,
            total_value_after_baht=payload.total_value_after_baht,
        )
    except ReadjustInputError as exc:
        raise FieldError(exc.field, exc.message, exc.code) from None
    return _result_body(res)


# ---- projects ---------------------------------------------------------------------------


class ZoneIn(Schema):
    code: str = Field(min_length=1, max_length=20)
    name: column(Zone, "name") = ""
    value_before: float = Field(gt=0, le=1e7, allow_inf_nan=False)
    value_after: float = Field(gt=0, le=1e7, allow_inf_nan=False)


class ProjectIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    name_th: column(Project, "name_th") = ""
    location: column(Project, "location") = ""
    boundary: dict[str, Any]
    zones: list[ZoneIn] = []
    method: Literal["area", "value"] = "area"


class ImportIn(Schema):
    format: Literal["geojson", "csv"]
    data: dict[str, Any] | text(limits.MAX_PARCEL_BYTES)
    replace: bool = False


class PublicLandIn(Schema):
    phase: Literal["before", "after"]
    kind: Literal["road", "drainage", "open_space", "reserve"]
    name: column(PublicLand, "name") = ""
    geometry: dict[str, Any]


def _project_body(p: Project) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "name_th": p.name_th,
        "location": p.location,
        "legal_basis": p.legal_basis,
        "boundary_area_m2": p.boundary_area_m2,
        "method": p.method,
        "is_demo": p.is_demo,
        "parcels": p.parcels.count(),
    }


@router.get("/projects", auth=token_or_session, response=list[schemas.ProjectOut])
def list_projects(request):
    require_role(request, *READERS)
    return [_project_body(p) for p in Project.objects.all()]


@router.post("/projects", auth=token_or_session, response={201: schemas.ProjectOut})
def create_project(request, payload: ProjectIn):
    require_role(request, roles.LAND_OFFICER)
    try:
        project = services.create_project(
            Actor.of(request),
            name=payload.name,
            name_th=payload.name_th,
            location=payload.location,
            method=payload.method,
            boundary=payload.boundary,
            zones=[z.dict() for z in payload.zones],
        )
    except (plans.PlanError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FieldError(
            "boundary", getattr(exc, "message", None) or "must be a valid GeoJSON Polygon"
        ) from None
    return 201, _project_body(project)


@router.post(
    "/projects/{project_id}/parcels/import", auth=token_or_session, response={201: schemas.ParcelsImported}
)
def import_parcels(request, project_id: int, payload: ImportIn):
    """GeoJSON FeatureCollection or CSV of corners; all or nothing. Parcels that do not
    close, overlap or lie outside the project -> 422 with `fields` naming each one."""
    require_role(request, roles.LAND_OFFICER)
    project = get_object_or_404(Project, pk=project_id)
    try:
        created = services.import_parcels(
            Actor.of(request), project, payload.format, payload.data, payload.replace
        )
    except ImportProblems as exc:
        raise ApiError(422, "bad_parcels", f"{len(exc.problems)} problem(s): {exc}", exc.problems) from None
    return 201, {
        "imported": len(created),
        "parcels": [
            {
                "deed_no": p.deed_no,
                "deed_area_m2": p.deed_area_m2,
                "computed_area_m2": p.computed_area_m2,
                "area_difference_m2": p.area_difference_m2,
                "area_flagged": p.area_flagged,
            }
            for p in created
        ],
    }


@router.post(
    "/projects/{project_id}/public-land", auth=token_or_session, response={201: schemas.PublicLandAdded}
)
def add_public_land(request, project_id: int, payload: PublicLandIn):
    require_role(request, roles.LAND_OFFICER)
    project = get_object_or_404(Project, pk=project_id)
    try:
        pl = services.add_public_land(
            Actor.of(request), project, payload.phase, payload.kind, payload.geometry, payload.name
        )
    except plans.PlanError as exc:
        raise FieldError(exc.field, exc.message) from None
    except (ValueError, TypeError, KeyError, AttributeError):
        raise FieldError("geometry", "must be a valid GeoJSON Polygon") from None
    return 201, {"id": pl.id, "area_m2": pl.area_m2}


@router.get("/projects/{project_id}/plan", auth=token_or_session, response=schemas.ReadjustmentPlan)
def plan(request, project_id: int, method: Literal["area", "value"] | None = None):
    """Both methods side by side and the layout of new plots for the chosen one."""
    require_role(request, *READERS)
    project = get_object_or_404(Project, pk=project_id)
    try:
        p = plans.compute_plan(project, method)
    except (plans.PlanError, ReadjustInputError) as exc:
        raise FieldError(exc.field, exc.message) from None
    return {
        "project": _project_body(project),
        "public_before_m2": p.public_before_m2,
        "public_after_m2": p.public_after_m2,
        "reserve_m2": p.reserve_m2,
        "area": _result_body(p.area),
        "value": _result_body(p.value) if p.value else None,
        "value_error": p.value_error,
        "allocated": _result_body(p.allocated) if p.allocated else None,
        "layout_notes": p.layout.notes if p.layout else [],
        "layout_error": p.layout_error,
    }


@router.get("/projects/{project_id}/layout.geojson", auth=token_or_session)
def layout_geojson(request, project_id: int):
    require_role(request, *READERS)
    return plans.after_geojson(get_object_or_404(Project, pk=project_id))


@router.get("/projects/{project_id}/before.geojson", auth=token_or_session)
def before_geojson(request, project_id: int):
    require_role(request, *READERS)
    return plans.before_geojson(get_object_or_404(Project, pk=project_id))


# ---- participation (phones at village meetings: idempotent) ----------------------------


class MeetingIn(Schema):
    step: Literal["initiation", "survey", "plan", "allocation", "approval"]
    date: day(days_ahead=1)
    attendees: list[text(200)] = Field(min_length=1, max_length=500)
    resolution: str = Field(min_length=1, max_length=5000)
    client_id: text(128) | None = None


class ConsentIn(Schema):
    deed_no: column(Parcel, "deed_no", min_length=1)
    step: Literal["initiation", "survey", "plan", "allocation", "approval"]
    agreed: bool
    date: day(days_ahead=1)
    note: str = Field("", max_length=300)


@router.post(
    "/projects/{project_id}/meetings",
    auth=token_or_session,
    response={201: schemas.MeetingOut, 200: schemas.MeetingOut},
)
def add_meeting(request, project_id: int, payload: MeetingIn):
    """A meeting record; a retry with the same Idempotency-Key (or client_id) returns it."""
    user = require_role(request, roles.LAND_OFFICER)
    project = get_object_or_404(Project, pk=project_id)
    key = idempotency_key(request, payload.client_id)

    def create():
        return services.add_meeting(
            Actor.of(request, user),
            project,
            step=payload.step,
            day=payload.date,
            attendees="\n".join(payload.attendees),
            resolution=payload.resolution,
        )

    meeting, created = create_once(
        f"land.meeting.{project.pk}",
        key,
        create,
        lambda pk: Meeting.objects.get(pk=pk),
        request=request,
        user=user,
        body=payload.dict(exclude={"client_id"}),
    )
    body = {
        "id": meeting.id,
        "step": meeting.step,
        "date": meeting.date.isoformat(),
        "attendees": meeting.attendee_list,
        "resolution": meeting.resolution,
    }
    return (201 if created else 200), body


@router.put("/projects/{project_id}/consents", auth=token_or_session, response=schemas.ConsentOut)
def set_consent(request, project_id: int, payload: ConsentIn):
    """An owner's consent at a step (set again = replaced, so retries are harmless)."""
    require_role(request, roles.LAND_OFFICER)
    project = get_object_or_404(Project, pk=project_id)
    parcel = project.parcels.filter(deed_no=payload.deed_no).first()
    if parcel is None:
        raise FieldError("deed_no", f"no parcel {payload.deed_no} in this project")
    consent = services.set_consent(
        Actor.of(request),
        parcel,
        step=payload.step,
        agreed=payload.agreed,
        day=payload.date,
        note=payload.note,
    )
    return {
        "deed_no": parcel.deed_no,
        "step": consent.step,
        "agreed": consent.agreed,
        "date": consent.date.isoformat(),
        "note": consent.note,
    }
