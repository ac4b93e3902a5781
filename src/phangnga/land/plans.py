"""Land readjustment reads: a project's geometry, the plan (both methods side by side), the
new plots cut for it, GeoJSON out. Writes nothing (services.py saves). Kernels: readjust.py,
layout.py, parcels.py."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely import ops
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from phangnga.core.kernel_errors import KernelInputError

from . import layout as layout_kernel
from . import parcels as parcel_kernel
from .models import Parcel, Project, Zone
from .readjust import Parcel as KParcel
from .readjust import ReadjustResult, readjust

SLIVER_M = 0.05


class PlanError(KernelInputError):
    """Refused input, naming the field (the API answers 422: core/kernel_errors.py)."""


# ---- geometry helpers -------------------------------------------------------------------


def boundary_shape(project: Project):
    return shape(project.boundary)


def _local(project: Project) -> tuple[Transformer, Transformer]:
    """lon/lat <-> a transverse Mercator centred on the project (scale 1 at the centre)."""
    c = boundary_shape(project).centroid
    proj = f"+proj=tmerc +lat_0={c.y:.6f} +lon_0={c.x:.6f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"
    fwd = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    back = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)
    return fwd, back


def _to(tr: Transformer, geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


# ---- checks before a write --------------------------------------------------------------


def set_boundary(project: Project, geometry: dict) -> None:
    geom = shape(geometry)
    if geom.geom_type != "Polygon" or not geom.is_valid:
        raise PlanError("boundary", "must be a valid GeoJSON Polygon")
    project.boundary = mapping(geom)
    project.boundary_area_m2 = round(parcel_kernel.geodesic_area_m2(geom), 2)


# ---- the plan --------------------------------------------------------------------------


@dataclass
class Plan:
    project: Project
    parcels: list[Parcel]
    public_before_m2: float
    public_after_m2: float  # roads, drainage, open space after
    reserve_m2: float
    area: ReadjustResult
    value: ReadjustResult | None
    value_error: str | None
    chosen: ReadjustResult
    layout: layout_kernel.Layout | None
    layout_error: str | None
    allocated: ReadjustResult | None  # the chosen method with the allocated plots and cash

    def rows(self) -> list[dict]:
        by_area = {r.id: r for r in self.area.parcels}
        by_value = {r.id: r for r in self.value.parcels} if self.value else {}
        settled = {r.id: r for r in self.allocated.parcels} if self.allocated else {}
        plots = {p.id: p for p in self.layout.plots} if self.layout else {}
        out = []
        for p in self.parcels:
            out.append(
                {
                    "parcel": p,
                    "area": by_area[p.deed_no],
                    "value": by_value.get(p.deed_no),
                    "settled": settled.get(p.deed_no),
                    "plot": plots.get(p.deed_no),
                }
            )
        return out


def sums(project: Project) -> tuple[float, float, float]:
    before = after = reserve = 0.0
    for pl in project.public_land.all():
        if pl.phase == "before":
            before += pl.area_m2
        elif pl.kind == "reserve":
            reserve += pl.area_m2
        else:
            after += pl.area_m2
    return before, after, reserve


def _kparcels(parcels: list[Parcel], zones: dict[str, Zone], allocated: dict[str, float] | None = None):
    out = []
    for p in parcels:
        z = zones.get(p.zone)
        out.append(
            KParcel(
                id=p.deed_no,
                area_m2=p.computed_area_m2,
                value_per_m2=z.value_before if z else None,
                new_value_per_m2=z.value_after if z else None,
                allocated_area_m2=(allocated or {}).get(p.deed_no),
            )
        )
    return out


def compute_plan(
    project: Project,
    method: str | None = None,
    manual: dict[str, float] | None = None,
    with_layout: bool = True,
) -> Plan:
    """Entitlements by both methods, the layout of new plots for the chosen method
    (hand-set areas in `manual` are kept exactly), and the cash settlement."""
    method = method or project.method
    parcels = list(project.parcels.all())
    if not parcels:
        raise PlanError("parcels", "the project has no parcels yet")
    zones = {z.code: z for z in project.zones.all()}
    before, after, reserve = sums(project)
    total = project.boundary_area_m2 or None
    area = readjust(_kparcels(parcels, zones), before, after, reserve, "area", total_m2=total)
    value, value_error = None, None
    try:
        value = readjust(_kparcels(parcels, zones), before, after, reserve, "value", total_m2=total)
    except ValueError as exc:  # e.g. a parcel without a zone value: show why beside the table
        value_error = str(exc)
    chosen = value if method == "value" and value is not None else area
    manual = {k: v for k, v in (manual or {}).items() if v}
    lay, lay_error, allocated = None, None, None
    if with_layout:
        try:
            lay = cut_plots(project, parcels, chosen, manual)
        except layout_kernel.LayoutError as exc:
            lay_error = str(exc)
        if lay is not None:
            got = {p.id: p.area_m2 for p in lay.plots}
            allocated = readjust(
                _kparcels(parcels, zones, got), before, after, reserve, chosen.method, total_m2=total
            )
    return Plan(
        project, parcels, before, after, reserve, area, value, value_error, chosen, lay, lay_error, allocated
    )


def cut_plots(
    project: Project, parcels: list[Parcel], chosen: ReadjustResult, manual: dict[str, float]
) -> layout_kernel.Layout:
    fwd, _ = _local(project)
    land = _to(fwd, boundary_shape(project))
    roads = []
    for pl in project.public_land.filter(phase="after"):
        g = _to(fwd, shape(pl.geometry))
        land = land.difference(g)
        if pl.kind == "road":
            roads.append(g)
    # Public land drawn edge to edge leaves slivers a few mm wide that would join the
    # blocks; an opening (shrink, then grow, square corners kept) removes them.
    land = land.buffer(-SLIVER_M, join_style="mitre").buffer(SLIVER_M, join_style="mitre")
    if not roads:
        raise layout_kernel.LayoutError("public_land", "draw the new roads first: plots are cut along them")
    entitled = {r.id: r.new_area_m2 for r in chosen.parcels}
    requests = []
    for p in parcels:
        c = _to(fwd, shape(p.geometry)).centroid
        fixed = p.deed_no in manual
        requests.append(
            layout_kernel.PlotRequest(
                p.deed_no, float(manual[p.deed_no]) if fixed else entitled[p.deed_no], (c.x, c.y), fixed
            )
        )
    return layout_kernel.layout(land, ops.unary_union(roads), requests)


def plot_geojson(project: Project, plot: layout_kernel.Plot) -> dict:
    _, back = _local(project)
    return mapping(_to(back, plot.polygon))


# ---- GeoJSON out ------------------------------------------------------------------------


def before_geojson(project: Project) -> dict:
    feats = [
        {
            "type": "Feature",
            "geometry": project.boundary,
            "properties": {"layer": "boundary", "name": project.name},
        }
    ]
    for p in project.parcels.all():
        feats.append(
            {
                "type": "Feature",
                "geometry": p.geometry,
                "properties": {
                    "layer": "parcel",
                    "deed_no": p.deed_no,
                    "zone": p.zone,
                    "area_m2": p.computed_area_m2,
                    "deed_area_m2": p.deed_area_m2,
                    "area_flagged": p.area_flagged,
                },
            }
        )
    for pl in project.public_land.filter(phase="before"):
        feats.append(
            {
                "type": "Feature",
                "geometry": pl.geometry,
                "properties": {"layer": pl.kind, "name": pl.name, "area_m2": pl.area_m2},
            }
        )
    return {
        "type": "FeatureCollection",
        "properties": {"project": project.name, "demo": project.is_demo},
        "features": feats,
    }


def after_geojson(project: Project) -> dict:
    """The new layout: plots saved for each owner plus public land and reserve after."""
    feats = [
        {
            "type": "Feature",
            "geometry": project.boundary,
            "properties": {"layer": "boundary", "name": project.name},
        }
    ]
    for p in project.parcels.all():
        if p.new_geometry:
            feats.append(
                {
                    "type": "Feature",
                    "geometry": p.new_geometry,
                    "properties": {
                        "layer": "plot",
                        "deed_no": p.deed_no,
                        "old_area_m2": p.computed_area_m2,
                        "new_area_m2": p.new_area_m2,
                        "manual": p.manual_area_m2 is not None,
                    },
                }
            )
    for pl in project.public_land.filter(phase="after"):
        feats.append(
            {
                "type": "Feature",
                "geometry": pl.geometry,
                "properties": {"layer": pl.kind, "name": pl.name, "area_m2": pl.area_m2},
            }
        )
    return {
        "type": "FeatureCollection",
        "properties": {"project": project.name, "demo": project.is_demo, "legal_basis": project.legal_basis},
        "features": feats,
    }
