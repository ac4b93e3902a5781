"""Disaster events and who gets compensation: the ORM side of compensation.py."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from phangnga.core.audit import record
from phangnga.geo.models import District

from . import access, compensation, crops, geometry
from .models import CompensationRate, Disaster, DisasterKind, Household, Plot
from .services import FarmError, region_box

RATE_SOURCE_2021 = "DOAE disaster assistance rates 2021 (REFERENCE.md)"
REASONS = {
    "household_not_approved": _("registration not approved yet"),
    "household_registered_after_event": _("household registered after the event"),
    "plot_registered_after_event": _("plot registered after the event"),
    "no_land_document": _("no land document"),
    "outside_affected_area": _("plot outside the affected area"),
    "no_crop_standing_at_event": _("no crop registered on the plot at the time"),
    "no_plots": _("no plots registered"),
}
GROUP_LABELS = {
    crops.GROUP_RICE: _("Rice"),
    crops.GROUP_FIELD_VEG: _("Field crops and vegetables"),
    crops.GROUP_FRUIT_PERENNIAL: _("Fruit trees and perennials"),
}


def ensure_rates() -> None:
    """The 2021 defaults, created once; officers edit them afterwards."""
    for group, rate in crops.DEFAULT_RATES_2021.items():
        CompensationRate.objects.get_or_create(
            group=group, defaults={"baht_per_rai": Decimal(str(rate)), "source": RATE_SOURCE_2021}
        )


def rates() -> dict[str, float]:
    ensure_rates()
    return {r.group: float(r.baht_per_rai) for r in CompensationRate.objects.all()}


@transaction.atomic
def declare(
    request,
    user,
    *,
    kind: str,
    name: str,
    started_on: date,
    ended_on: date | None = None,
    districts: list[str] | None = None,
    area=None,
) -> Disaster:
    access.require_officer(user)
    if kind not in DisasterKind.values:
        raise FarmError("kind", f"must be one of {', '.join(DisasterKind.values)}")
    if not (name or "").strip():
        raise FarmError("name", "required")
    if ended_on and ended_on < started_on:
        raise FarmError("ended_on", "must not be before the start", "ended_before_start")
    districts = sorted(set(districts or []))
    known = set(District.objects.values_list("code", flat=True)) - {"outside"}
    if unknown := [d for d in districts if d not in known]:
        raise FarmError("districts", f"unknown districts: {', '.join(unknown)}")
    for d in districts:
        if not access.officer_may_use_district(user, d):
            raise FarmError(
                "districts", f"you declare events in your own district only, not {d}", "other_district"
            )
    area_json = None
    if area:
        try:
            area_json = geometry.to_geojson(geometry.parse_polygon(area, region_box(), max_rai=10_000_000))
        except geometry.GeometryError as exc:
            raise FarmError("area", exc.message, exc.code, **exc.params) from None
    if not districts and not area_json:
        raise FarmError(
            "districts", "name the affected districts or draw the affected area", "no_affected_area"
        )
    event = Disaster.objects.create(
        kind=kind,
        name=name.strip(),
        started_on=started_on,
        ended_on=ended_on,
        districts=districts,
        area=area_json,
        declared_by=user,
    )
    record(
        request,
        "create",
        event,
        user=user,
        changes={"kind": kind, "districts": districts, "area": bool(area_json)},
    )
    return event


def _affected_share(plot: Plot, event: Disaster, area) -> float:
    if plot.household.district_id in event.districts:
        return 1.0
    if area is None:
        return 0.0
    return geometry.share_inside(shape(plot.geometry), area)


def candidate_households(event: Disaster, scope=None):
    """Households with a plot in the affected districts or near the drawn area."""
    qs = scope if scope is not None else Household.objects.all()
    plots = Plot.objects.filter(household__in=qs)
    ids = set(plots.filter(household__district_id__in=event.districts).values_list("household_id", flat=True))
    if event.area:
        min_lon, min_lat, max_lon, max_lat = shape(event.area).bounds
        pad = 0.01  # ~1 km: centroids of plots straddling the edge lie just outside
        ids |= set(
            plots.filter(
                centroid_lat__gte=min_lat - pad,
                centroid_lat__lte=max_lat + pad,
                centroid_lon__gte=min_lon - pad,
                centroid_lon__lte=max_lon + pad,
            ).values_list("household_id", flat=True)
        )
    return qs.filter(pk__in=ids).prefetch_related("plots__cycles").select_related("district").order_by("code")


def eligibility(event: Disaster, scope=None) -> list[tuple[Household, compensation.HouseholdResult]]:
    """Every candidate household with its result (eligible or not, with reasons)."""
    area = shape(event.area) if event.area else None
    table = rates()
    out = []
    for household in candidate_households(event, scope):
        facts = compensation.HouseholdFacts(
            household_id=household.pk,
            registered_on=household.registered_on,
            approved=household.status == "approved",
            plots=tuple(
                compensation.PlotFacts(
                    plot_id=p.pk,
                    registered_on=p.registered_on,
                    has_land_document=p.has_land_document,
                    affected_share=_affected_share(p, event, area),
                    cycles=tuple(
                        compensation.CycleFacts(
                            c.pk,
                            c.crop_obj.compensation_group,
                            c.planting_date,
                            c.expected_harvest,
                            c.area_rai,
                        )
                        for c in p.cycles.all()
                    ),
                )
                for p in household.plots.all()
            ),
        )
        out.append((household, compensation.household_result(facts, event.started_on, table)))
    return out


def eligible_payload(event: Disaster, scope=None, include_ineligible: bool = False) -> dict:
    results = eligibility(event, scope)
    plots_by_id = {p.pk: p for h, _ in results for p in h.plots.all()}
    cycles_by_id = {c.pk: c for p in plots_by_id.values() for c in p.cycles.all()}

    def plot_row(r: compensation.PlotResult) -> dict:
        plot = plots_by_id[r.plot_id]
        cycle = cycles_by_id.get(r.cycle_id)
        row = asdict(r)
        row.update(
            plot_name=plot.name,
            area_rai=round(plot.area_rai, 4),
            land_document=plot.land_document,
            land_document_no=plot.land_document_no,
            crop=cycle.crop if cycle else None,
        )
        return row

    def household_row(h: Household, r: compensation.HouseholdResult) -> dict:
        return {
            "household_id": h.pk,
            "code": h.code,
            "head_name": h.head_name,
            "head_national_id": h.head_national_id,
            "district": h.district_id,
            "subdistrict": h.subdistrict,
            "moo": h.moo,
            "village": h.village,
            "eligible": r.eligible,
            "reasons": r.reasons,
            "affected_rai": r.affected_rai,
            "paid_rai": r.paid_rai,
            "capped": r.capped,
            "amount": r.amount,
            "plots": [plot_row(p) for p in r.plots if p.eligible or include_ineligible],
        }

    eligible = [household_row(h, r) for h, r in results if r.eligible]
    body = {
        "disaster": {
            "id": event.pk,
            "kind": event.kind,
            "name": event.name,
            "started_on": event.started_on,
            "ended_on": event.ended_on,
            "districts": event.districts,
            "has_area": bool(event.area),
        },
        "rates": rates(),
        "cap_rai_per_household": compensation.CAP_RAI_PER_HOUSEHOLD,
        "households": eligible,
        "totals": {
            "households": len(eligible),
            "plots": sum(len(h["plots"]) for h in eligible),
            "paid_rai": round(sum(h["paid_rai"] for h in eligible), 4),
            "amount": round(sum(h["amount"] for h in eligible), 2),
            "not_eligible": len(results) - len(eligible),
        },
    }
    if include_ineligible:
        body["not_eligible"] = [household_row(h, r) for h, r in results if not r.eligible]
    return body
