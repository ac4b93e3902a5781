"""Disaster events and who gets compensation: the ORM side of compensation.py."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from phangnga.core.audit import Actor, record
from phangnga.core.thai import M2_PER_RAI, ThaiValueError, format_rai_ngan_wah, rai_ngan_wah_to_m2
from phangnga.geo.models import District

from . import access, compensation, crops, geometry
from . import subdistricts as tambons_of
from .models import CompensationRate, CropCycle, DamageAssessment, Disaster, DisasterKind, Household, Plot
from .services import FarmError, region_box, today

RATE_SOURCE_2021 = crops.COMPENSATION_SOURCE[:255]
REASONS = {
    "household_not_approved": _("registration not approved yet"),
    "household_registered_after_event": _("household registered after the event"),
    "plot_registered_after_event": _("plot registered after the event"),
    "no_land_document": _("no land document"),
    "outside_affected_area": _("plot outside the affected area"),
    "no_crop_standing_at_event": _("no crop registered on the plot at the time"),
    "not_assessed": _("damage not assessed yet"),
    "no_damage": _("assessed: no damage"),
    "loss_not_total": _("assessed: damaged, not a total loss (not paid)"),
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
    actor: Actor,
    *,
    kind: str,
    name: str,
    started_on: date,
    ended_on: date | None = None,
    districts: list[str] | None = None,
    subdistricts: list[str] | None = None,
    area=None,
) -> Disaster:
    """Declare an event over whole districts, subdistricts ("<district>/<subdistrict>") and/or
    a drawn area. A plot is in the event's area by where it lies, not where its owner lives."""
    user = actor.user
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
    tambons = sorted(
        set(subdistricts or []) - {f"{d}/{s}" for d in districts for s, *_ in tambons_of.choices(d)}
    )
    for t in tambons:
        district, _sep, sub = t.partition("/")
        if not tambons_of.is_valid(district, sub):
            raise FarmError(
                "subdistricts",
                f"unknown subdistrict {t!r} (write <district>/<subdistrict>)",
                "bad_subdistrict",
            )
        if not access.officer_may_use_district(user, district):
            raise FarmError(
                "subdistricts",
                f"you declare events in your own district only, not {district}",
                "other_district",
            )
    area_json = None
    if area:
        try:
            area_json = geometry.to_geojson(geometry.parse_polygon(area, region_box(), max_rai=10_000_000))
        except geometry.GeometryError as exc:
            raise FarmError("area", exc.message, exc.code, **exc.params) from None
    if not districts and not tambons and not area_json:
        raise FarmError(
            "districts",
            "name the affected districts or subdistricts, or draw the affected area",
            "no_affected_area",
        )
    event = Disaster.objects.create(
        kind=kind,
        name=name.strip(),
        started_on=started_on,
        ended_on=ended_on,
        districts=districts,
        subdistricts=tambons,
        area=area_json,
        declared_by=user,
    )
    record(
        actor,
        "create",
        event,
        changes={"kind": kind, "districts": districts, "subdistricts": tambons, "area": bool(area_json)},
    )
    return event


def location_in_declared(plot: Plot, event: Disaster) -> bool:
    """The plot's own district/subdistrict is among the event's."""
    return plot.district_id in event.districts or f"{plot.district_id}/{plot.subdistrict}" in (
        event.subdistricts or []
    )


def plot_in_area(plot: Plot, event: Disaster, area) -> tuple[bool, float]:
    """(in the declared area, share of the polygon inside the drawn area or 1.0)."""
    share = geometry.share_inside(shape(plot.geometry), area) if area is not None else 0.0
    if location_in_declared(plot, event):
        return True, share if share > 0 else 1.0
    return share > 0, share


def _area_plots(event: Disaster, scope=None):
    """Plots (of households in `scope`) lying in the declared districts/subdistricts or near the drawn area."""
    qs = scope if scope is not None else Household.objects.all()
    plots = Plot.objects.filter(household__in=qs)
    where = Q(district_id__in=event.districts)
    for t in event.subdistricts or []:
        district, _sep, sub = t.partition("/")
        where |= Q(district_id=district, subdistrict=sub)
    if event.area:
        min_lon, min_lat, max_lon, max_lat = shape(event.area).bounds
        pad = 0.01  # ~1 km: centroids of plots straddling the edge lie just outside
        where |= Q(
            centroid_lat__gte=min_lat - pad,
            centroid_lat__lte=max_lat + pad,
            centroid_lon__gte=min_lon - pad,
            centroid_lon__lte=max_lon + pad,
        )
    return plots.filter(where)


def candidate_households(event: Disaster, scope=None):
    """Households with a plot lying in the affected districts/subdistricts or near the drawn area."""
    qs = scope if scope is not None else Household.objects.all()
    ids = set(_area_plots(event, scope).values_list("household_id", flat=True))
    return (
        qs.filter(pk__in=ids)
        .prefetch_related("plots__cycles", "plots__assessments")
        .select_related("district")
        .order_by("code")
    )


def _assessment_of(plot: Plot, event: Disaster) -> DamageAssessment | None:
    return next((a for a in plot.assessments.all() if a.disaster_id == event.pk), None)


def eligibility(event: Disaster, scope=None) -> list[tuple[Household, compensation.HouseholdResult]]:
    """Every candidate household with its result (eligible or not, with reasons)."""
    area = shape(event.area) if event.area else None
    table = rates()
    out = []
    for household in candidate_households(event, scope):
        plot_facts = []
        for p in household.plots.all():
            inside, share = plot_in_area(p, event, area)
            a = _assessment_of(p, event)
            plot_facts.append(
                compensation.PlotFacts(
                    plot_id=p.pk,
                    registered_on=p.registered_on,
                    has_land_document=p.has_land_document,
                    in_area=inside,
                    share_inside=share,
                    assessment=None
                    if a is None
                    else compensation.AssessmentFacts(
                        damaged_rai=a.damaged_rai,
                        total_loss=a.total_loss,
                        cycle_id=a.cycle_id,
                        cap_priority=a.cap_priority,
                    ),
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
            )
        facts = compensation.HouseholdFacts(
            household_id=household.pk,
            registered_on=household.registered_on,
            approved=household.status == "approved",
            plots=tuple(plot_facts),
        )
        out.append((household, compensation.household_result(facts, event.started_on, table)))
    return out


def _assessment_dict(a: DamageAssessment | None) -> dict | None:
    if a is None:
        return None
    return {
        "id": a.pk,
        "plot_id": a.plot_id,
        "cycle_id": a.cycle_id,
        "damaged_m2": round(a.damaged_m2, 1),
        "damaged_rai": round(a.damaged_rai, 4),
        "damaged_rai_ngan_wah": format_rai_ngan_wah(a.damaged_m2),
        "total_loss": a.total_loss,
        "cap_priority": a.cap_priority,
        "note": a.note,
        "assessed_on": a.assessed_on,
        "assessed_by": a.assessed_by.username if a.assessed_by_id else None,
    }


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
            area_rai_ngan_wah=plot.area_text,
            plot_district=plot.district_id,
            plot_subdistrict=plot.subdistrict,
            land_document=plot.land_document,
            land_document_no=plot.land_document_no,
            crop=cycle.crop if cycle else None,
            assessment=_assessment_dict(_assessment_of(plot, event)),
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
    all_plots = [p for _h, r in results for p in r.plots]
    in_area = [p for p in all_plots if "outside_affected_area" not in p.reasons]
    body = {
        "disaster": disaster_dict(event),
        "rates": rates(),
        "cap_rai_per_household": compensation.CAP_RAI_PER_HOUSEHOLD,
        "cap_order": "officer's order (cap_priority, 1 first), then highest rate first",
        "households": eligible,
        "totals": {
            "households": len(eligible),
            "plots": sum(len(h["plots"]) for h in eligible),
            "paid_rai": round(sum(h["paid_rai"] for h in eligible), 4),
            "amount": round(sum(h["amount"] for h in eligible), 2),
            "not_eligible": len(results) - len(eligible),
            "plots_in_area": len(in_area),
            "plots_assessed": sum(1 for p in in_area if p.assessed),
            "plots_total_loss": sum(1 for p in in_area if p.assessed and p.total_loss and p.damaged_rai > 0),
        },
    }
    if include_ineligible:
        body["not_eligible"] = [household_row(h, r) for h, r in results if not r.eligible]
    return body


def compensation_summary(event: Disaster, scope=None) -> dict:
    """The money: totals and a breakdown by crop group (paid plots only)."""
    body = eligible_payload(event, scope)
    groups: dict[str, dict] = {}
    for h in body["households"]:
        for p in h["plots"]:
            g = groups.setdefault(p["crop_group"], {"plots": 0, "paid_rai": 0.0, "amount": 0.0})
            g["plots"] += 1
            g["paid_rai"] = round(g["paid_rai"] + p["paid_rai"], 4)
            g["amount"] = round(g["amount"] + p["amount"], 2)
    return {
        "disaster": body["disaster"],
        "rates": body["rates"],
        "cap_rai_per_household": body["cap_rai_per_household"],
        "totals": body["totals"],
        "by_group": groups,
        "households": [
            {k: h[k] for k in ("household_id", "code", "head_name", "paid_rai", "amount", "capped")}
            for h in body["households"]
        ],
    }


def disaster_dict(event: Disaster) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "name": event.name,
        "started_on": event.started_on,
        "ended_on": event.ended_on,
        "districts": event.districts,
        "subdistricts": event.subdistricts,
        "has_area": bool(event.area),
    }


# ----------------------------------------------------------------------------------------
# Assessments: the officer's finding per plot.
# ----------------------------------------------------------------------------------------


def assessable_plots(event: Disaster, scope=None):
    """Plots in the declared area (by their own location) an officer may assess, with their cycles."""
    area = shape(event.area) if event.area else None
    rows = []
    qs = (
        _area_plots(event, scope)
        .select_related("household", "district")
        .prefetch_related("cycles", "assessments")
        .order_by("household__code", "id")
    )
    for p in qs:
        inside, share = plot_in_area(p, event, area)
        if not inside:
            continue
        standing = [c for c in p.cycles.all() if c.planting_date <= event.started_on <= c.expected_harvest]
        rows.append((p, standing, share, _assessment_of(p, event)))
    return rows


def damaged_m2_from(
    *,
    damaged_rai: float | None = None,
    rai: int | None = None,
    ngan: int | None = None,
    wah: float | None = None,
) -> float:
    """The damaged area from rai (decimal) or from rai-ngan-wah as on a deed."""
    if damaged_rai is None and rai is None and ngan is None and wah is None:
        raise FarmError("damaged_rai", "give the damaged area (damaged_rai, or rai/ngan/wah)", "required")
    try:
        if damaged_rai is not None:
            if damaged_rai < 0:
                raise FarmError("damaged_rai", "must not be negative", "negative")
            return float(damaged_rai) * M2_PER_RAI
        return rai_ngan_wah_to_m2(int(rai or 0), int(ngan or 0), float(wah or 0))
    except ThaiValueError as exc:
        raise FarmError.wrap(exc) from None


@transaction.atomic
def record_assessment(
    actor: Actor,
    event: Disaster,
    plot: Plot,
    *,
    damaged_m2: float,
    total_loss: bool,
    cycle_id: int | None = None,
    cap_priority: int | None = None,
    note: str = "",
    assessed_on: date | None = None,
) -> tuple[DamageAssessment, bool]:
    """Create or replace the officer's assessment of one plot for one event."""
    user = actor.user
    access.require_officer(user)
    area = shape(event.area) if event.area else None
    if not plot_in_area(plot, event, area)[0]:
        raise FarmError(
            "plot_id", "the plot does not lie in the event's declared area", "outside_affected_area"
        )
    if damaged_m2 < 0:
        raise FarmError("damaged_rai", "must not be negative", "negative")
    if damaged_m2 > plot.area_m2 * 1.01:  # the same 1 % slack as a crop's area
        raise FarmError(
            "damaged_rai",
            f"larger than the plot ({plot.area_text})",
            "damaged_larger_than_plot",
            plot_area=plot.area_text,
        )
    cycle = None
    if cycle_id is not None:
        cycle = CropCycle.objects.filter(pk=cycle_id, plot=plot).first()
        if cycle is None:
            raise FarmError("cycle_id", "not a crop cycle of this plot", "unknown_cycle")
    assessed_on = assessed_on or today()
    if assessed_on < event.started_on:
        raise FarmError("assessed_on", "must not be before the event", "assessed_before_event")
    if cap_priority is not None and not 1 <= cap_priority <= 99:
        raise FarmError("cap_priority", "must be 1-99", "bad_priority")
    assessment, created = DamageAssessment.objects.update_or_create(
        disaster=event,
        plot=plot,
        defaults={
            "cycle": cycle,
            "damaged_m2": float(damaged_m2),
            "total_loss": bool(total_loss) and damaged_m2 > 0,
            "cap_priority": cap_priority,
            "note": (note or "").strip()[:500],
            "assessed_on": assessed_on,
            "assessed_by": user,
        },
    )
    record(
        actor,
        "create" if created else "update",
        assessment,
        changes={
            "disaster": event.pk,
            "plot": plot.pk,
            "household": plot.household.code,
            "damaged_m2": round(damaged_m2, 1),
            "total_loss": assessment.total_loss,
        },
    )
    return assessment, created


def assessment_dict(a: DamageAssessment) -> dict:
    return _assessment_dict(a)
