"""Land readjustment's writer: every change to a project, its parcels, zones, public land,
layout, meetings and consents goes through here, in one transaction with its audit entry
(`actor`: who, from where). Reads and the plan are in plans.py."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from shapely.geometry import mapping, shape

from phangnga.core import limits
from phangnga.core.audit import Actor, record

from . import parcels as parcel_kernel
from .models import Consent, Meeting, Parcel, Project, PublicLand, Zone
from .plans import Plan, PlanError, boundary_shape, plot_geojson, set_boundary


@transaction.atomic
def create_project(
    actor: Actor, *, name: str, name_th: str, location: str, method: str, boundary: dict, zones: list[dict]
) -> Project:
    project = Project(name=name, name_th=name_th, location=location, method=method)
    set_boundary(project, boundary)
    project.save()
    Zone.objects.bulk_create([Zone(project=project, **z) for z in zones])
    record(actor, "create", project)
    return project


def _check_import_size(data) -> None:
    """Refuse an import past core/limits.py's parcel limits before any geometry is parsed."""
    if isinstance(data, str):
        if len(data) > limits.MAX_PARCEL_BYTES:
            raise parcel_kernel.ImportProblems({"data": f"more than {limits.MAX_PARCEL_BYTES:,} characters"})
        if data.count("\n") > limits.MAX_PARCELS * 50:  # a parcel has a few dozen corners at most
            raise parcel_kernel.ImportProblems({"data": "too many lines; split the file"})
    elif isinstance(data, dict) and isinstance(data.get("features"), list):
        if len(data["features"]) > limits.MAX_PARCELS:
            raise parcel_kernel.ImportProblems(
                {"data": f"more than {limits.MAX_PARCELS:,} parcels; split the file"}
            )


def import_parcels(actor: Actor, project: Project, fmt: str, data, replace: bool = False) -> list[Parcel]:
    """All or nothing: raises parcels.ImportProblems naming every bad parcel."""
    _check_import_size(data)
    if fmt == "geojson":
        incoming = parcel_kernel.from_geojson(data)
    elif fmt == "csv":
        if not isinstance(data, str):
            raise parcel_kernel.ImportProblems({"data": "CSV data must be text"})
        incoming = parcel_kernel.from_csv(data)
    else:
        raise parcel_kernel.ImportProblems({"format": 'must be "geojson" or "csv"'})
    existing = {} if replace else {p.deed_no: shape(p.geometry) for p in project.parcels.all()}
    parcel_kernel.check_against(incoming, boundary_shape(project), existing)
    zones = set(project.zones.values_list("code", flat=True))
    unknown = {
        f"parcels.{p.deed_no}": f"unknown zone {p.zone!r}" for p in incoming if p.zone and p.zone not in zones
    }
    if unknown:
        raise parcel_kernel.ImportProblems(unknown)
    with transaction.atomic():
        if replace:
            project.parcels.all().delete()
        else:
            project.parcels.filter(deed_no__in=[p.deed_no for p in incoming]).delete()
        created = Parcel.objects.bulk_create(
            [
                Parcel(
                    project=project,
                    deed_no=p.deed_no,
                    owners=p.owners,
                    deed_area_m2=p.deed_area_m2,
                    computed_area_m2=p.computed_area_m2,
                    area_flagged=p.area_flagged,
                    zone=p.zone,
                    geometry=mapping(p.polygon),
                )
                for p in incoming
            ]
        )
        record(actor, "import", project, changes={"parcels": [p.deed_no for p in created]})
    return created


@transaction.atomic
def add_public_land(
    actor: Actor, project: Project, phase: str, kind: str, geometry: dict, name: str = ""
) -> PublicLand:
    geom = shape(geometry)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
        raise PlanError("geometry", "must be a valid GeoJSON Polygon")
    grown = boundary_shape(project).buffer(parcel_kernel.OUTSIDE_TOLERANCE_M / 111_320.0)
    if not grown.contains(geom):
        raise PlanError("geometry", "lies outside the project boundary")
    public = PublicLand.objects.create(
        project=project,
        phase=phase,
        kind=kind,
        name=name,
        geometry=mapping(geom),
        area_m2=round(parcel_kernel.geodesic_area_m2(geom), 2),
    )
    record(actor, "create", public)
    return public


@transaction.atomic
def set_zone(actor: Actor, project: Project, code: str, name: str, value_before, value_after) -> Zone:
    zone, _created = Zone.objects.update_or_create(
        project=project,
        code=code.strip(),
        defaults={"name": name, "value_before": value_before, "value_after": value_after},
    )
    record(actor, "update", zone, changes={"value_before": value_before, "value_after": value_after})
    return zone


@transaction.atomic
def save_layout(actor: Actor, project: Project, plan: Plan, manual: dict[str, float] | None = None) -> int:
    if plan.layout is None:
        raise PlanError("layout", plan.layout_error or "no layout")
    plots = {p.id: p for p in plan.layout.plots}
    manual = manual or {}
    n = 0
    for p in plan.parcels:
        plot = plots.get(p.deed_no)
        p.new_geometry = plot_geojson(project, plot) if plot else None
        p.new_area_m2 = plot.area_m2 if plot else None
        p.manual_area_m2 = manual.get(p.deed_no) or None
        p.save(update_fields=["new_geometry", "new_area_m2", "manual_area_m2"])
        n += 1
    project.method = plan.chosen.method
    project.save(update_fields=["method"])
    record(
        actor, "update", project, changes={"layout": "saved", "method": plan.chosen.method, "manual": manual}
    )
    return n


# ---- participation ---------------------------------------------------------------------


@transaction.atomic
def add_meeting(
    actor: Actor, project: Project, *, step: str, day: date, attendees: str, resolution: str
) -> Meeting:
    meeting = Meeting.objects.create(
        project=project,
        step=step,
        date=day,
        attendees=attendees,
        resolution=resolution,
        created_by=actor.user.get_username() if actor.user else "",
    )
    record(actor, "create", meeting)
    return meeting


@transaction.atomic
def set_consent(actor: Actor, parcel: Parcel, *, step: str, agreed: bool, day: date, note: str) -> Consent:
    """An owner's consent at a step (set again = replaced, so retries are harmless)."""
    consent, _created = Consent.objects.update_or_create(
        parcel=parcel, step=step, defaults={"agreed": agreed, "date": day, "note": note}
    )
    record(actor, "update", consent, changes={"agreed": agreed, "step": step})
    return consent
