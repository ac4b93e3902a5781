"""Where each KPI card's number comes from: one adapter per module.

Every module exposes `phangnga.<app>.kpis.indicators(fy_ce) -> dict`. The adapters below
map those dicts to cards. A module that is missing, raises, or no longer has a key
shows its card as "not available" with the reason: the board never crashes and never
invents a number. The seed's reported figures are kept apart ("reported") so they are
shown beside, never instead of, what the platform computed.

Demo data: every app marks the rows its demo loader generated with `is_demo=True`. A card whose
module holds any such row is computed over them too, so it is flagged `demo` (with a note) on
the board, in the API and in both exports: a simulated history is never shown beside the
province's reported figures as if it were the province's own.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from phangnga.core.thai import fiscal_year

log = logging.getLogger(__name__)

UNIT_LABELS = {
    "%": "%",
    "baht": _("baht"),
    "min": _("min"),
    "households": _("households"),
    "tests": _("tests"),
    "scans": _("scans"),
}
MODULES = ("emergency", "referral", "health", "farm", "iot", "travel")


@dataclass(frozen=True)
class CardDef:
    key: str
    label: Any  # lazy translation
    unit: str
    module: str
    url_name: str
    extract: Callable[[dict], Any]  # dict -> value (None = no data this year)
    detail: Callable[[dict], str] | None = None
    target: float | None = None
    target_text: Any = ""
    # Seed figures by CE fiscal year, reported by the province (not computed here).
    reported: dict[int, float] = field(default_factory=dict)
    reported_text: Any = ""
    target_fn: Callable[[dict], float | None] | None = None  # a target the module itself reports


@dataclass
class Card:
    key: str
    label: str
    value: float | None
    unit: str
    target: float | None
    target_text: str
    source_module: str
    url: str
    available: bool  # the module answered for this card
    status: str  # "ok" | "no_data" | "not_available"
    reason: str = ""
    detail: str = ""
    reported: float | None = None
    reported_text: str = ""
    unit_label: str = ""
    demo: bool = False  # computed over records the demo loader generated (is_demo)
    demo_note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _t(msg: str, **values) -> str:
    """Translated detail line; numbers with thousands separators, missing ones as a dash."""

    def fmt(v) -> str:
        if v is None:
            return "–"
        if isinstance(v, int | float) and not isinstance(v, bool):
            return f"{v:,.1f}".removesuffix(".0") if isinstance(v, float) else f"{v:,}"
        return str(v)

    return gettext(msg) % {k: fmt(v) for k, v in values.items()}


def _num(v) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise TypeError(f"not a number: {v!r}")
    return v


# ---- one adapter per module: the cards it feeds -----------------------------------------

EMERGENCY = [
    CardDef(
        "triage12_access",
        _("Triage 1-2 access to definitive care"),
        "%",
        "emergency",
        "emergency:kpis",
        lambda d: _num(d["triage_1_2"]["share_pct"]),
        lambda d: _t(
            gettext_noop("%(a)s of %(b)s patients"),
            a=d["triage_1_2"]["reached_definitive_care"],
            b=d["triage_1_2"]["patients"],
        ),
        target=100.0,
        target_text="100%",
        reported={2018: 100.0, 2019: 100.0, 2020: 100.0, 2021: 100.0},
        reported_text=_("100% (FY2561-2564)"),
    ),
    CardDef(
        "marine_death_change",
        _("Marine accident death rate, change on the year before"),
        "%",
        "emergency",
        "emergency:kpis",
        lambda d: _num(d["mortality_change_pct"]),
        lambda d: _t(gettext_noop("%(a)s deaths / %(b)s patients"), a=d["deaths"], b=d["patients"]),
        target=-10.0,
        target_text=_("≤ -10% / year"),
        reported_text=_("fell more than 10% a year (FY2561-2564)"),
    ),
    CardDef(
        "call_to_hospital_80",
        _("Marine calls at hospital within 80 minutes"),
        "%",
        "emergency",
        "emergency:kpis",
        lambda d: _num(d["call_to_hospital"]["within_target_pct"]),
        lambda d: _t(
            gettext_noop("median %(a)s min, %(b)s incidents"),
            a=d["call_to_hospital"]["median_min"],
            b=d["call_to_hospital"]["incidents"],
        ),
        target=100.0,
        target_text=_("≤ 80 min"),
    ),
]

REFERRAL = [
    CardDef(
        "referral_within_80",
        _("Koh Yao referrals within 80 minutes"),
        "%",
        "referral",
        "referral:home",
        lambda d: _num(d["within_80_pct"]),
        lambda d: _t(gettext_noop("%(a)s referrals"), a=d["referrals"]),
        target=100.0,
        target_text=_("100% ≤ 80 min"),
    ),
    CardDef(
        "referral_savings",
        _("Referral savings to patients"),
        "baht",
        "referral",
        "referral:savings",
        lambda d: _num(d["referral_savings"]),
        lambda d: _t(
            gettext_noop("%(a)s referrals; dialysis transport %(b)s baht"),
            a=d["referrals"],
            b=d["dialysis_savings"],
        ),
        reported={2018: 948_000, 2019: 1_014_000, 2020: 840_000},
        reported_text=_("158 / 169 / 140 referrals x 6,000 baht (FY2561-2563)"),
    ),
]

HEALTH = [
    CardDef(
        "hospital_waiting",
        _("Time in hospital (median), this year"),
        "min",
        "health",
        "health:waiting",
        lambda d: _num(d["waiting_after_median_min"]),
        lambda d: (
            _t(
                gettext_noop("before %(a)s min, change %(b)s%%"),
                a=d["waiting_before_median_min"],
                b=d["waiting_change_percent"],
            )
            if d["waiting_before_median_min"] is not None
            else _t(gettext_noop("no figure for the year before"))
        ),
        target_text="-20%",
        reported_text=_("2-3 h before, 1-2 h after (-20%)"),
    ),
    CardDef(
        "ckd_slowed",
        _("CKD stage 3-4 patients with eGFR decline slowed"),
        "%",
        "health",
        "health:kpi",
        lambda d: _num(d["ckd_percent"]),
        lambda d: _t(gettext_noop("%(a)s of %(b)s patients"), a=d["ckd_numerator"], b=d["ckd_denominator"]),
        target_fn=lambda d: d.get("ckd_target_percent"),
        reported={2019: 60.00, 2020: 65.63},
        reported_text=_("60.00% FY2562, 65.63% FY2563"),
    ),
]

FARM = [
    CardDef(
        "farmers_registered",
        _("Farm households registered (Farmbook)"),
        "households",
        "farm",
        "farm:home",
        lambda d: _num(d["households_registered"]),
        lambda d: _t(gettext_noop("%(a)s new this year"), a=d["households_registered_in_year"]),
    ),
    CardDef(
        "farmers_updated",
        _("Farm households that updated a crop cycle"),
        "households",
        "farm",
        "farm:home",
        lambda d: _num(d["households_updated"]),
    ),
    CardDef(
        "soil_tests", _("Soil tests"), "tests", "farm", "farm:fertilizer", lambda d: _num(d["soil_tests"])
    ),
    CardDef(
        "fertilizer_saved",
        _("Fertilizer cost saved by soil tests"),
        "baht",
        "farm",
        "farm:fertilizer",
        lambda d: _num(d["fertilizer_saved_baht"]),
    ),
]

IOT = [
    CardDef(
        "iot_labour_saved",
        _("IoT labour saved"),
        "baht",
        "iot",
        "iot:home",
        lambda d: _num(d["labour_saved_baht"]),
        lambda d: _t(
            gettext_noop("%(a)s sites, %(b)s of %(c)s devices online"),
            a=d["sites"],
            b=d["devices_online"],
            c=d["devices"],
        ),
        reported_text=_("smart pig house: 24,000 baht a year"),
    ),
]

TRAVEL = [
    CardDef(
        "sign_scans",
        _("Smart Travel QR sign scans"),
        "scans",
        "travel",
        "travel:analytics",
        lambda d: _num(d["scans"]),
        lambda d: _t(gettext_noop("%(a)s of %(b)s signs scanned"), a=d["signs_scanned"], b=d["signs_total"]),
    ),
]

ADAPTERS: dict[str, list[CardDef]] = {
    "emergency": EMERGENCY,
    "referral": REFERRAL,
    "health": HEALTH,
    "farm": FARM,
    "iot": IOT,
    "travel": TRAVEL,
}


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        app = name.split(":", 1)[0]
        try:
            return reverse(f"{app}:home")
        except NoReverseMatch:
            return f"/{app}/"


# Some modules take about a second per year (health reads every visit); the board asks
# for five years. Answers are cached briefly: a closed fiscal year longer than the
# current one. Failures are never cached, so a module that comes back shows at once.
CACHE_SECONDS_CURRENT = 60
CACHE_SECONDS_PAST = 600


def fetch(module: str, fy_ce: int) -> tuple[dict | None, str]:
    """The module's indicators for the year (cached briefly), or (None, why not)."""
    key = f"dashboard:kpis:{module}:{fy_ce}"
    hit = cache.get(key)
    if hit is not None:
        return hit, ""
    data, why = _fetch(module, fy_ce)
    if data is not None:
        current = fiscal_year(timezone.localdate())
        cache.set(key, data, CACHE_SECONDS_CURRENT if fy_ce >= current else CACHE_SECONDS_PAST)
    return data, why


def _fetch(module: str, fy_ce: int) -> tuple[dict | None, str]:
    try:
        kpis = importlib.import_module(f"phangnga.{module}.kpis")
    except ImportError as exc:
        return None, gettext("module not installed (%(name)s)") % {"name": exc.name}
    try:
        data = kpis.indicators(fy_ce)
    except Exception as exc:  # a failing module must not take the board down
        log.exception("dashboard: %s.kpis.indicators(%s) failed", module, fy_ce)
        return None, gettext("the module failed: %(error)s") % {"error": type(exc).__name__}
    if not isinstance(data, dict):
        return None, gettext("the module answered with no figures")
    return data, ""


def has_demo_records(module: str) -> bool:
    """Does the module hold rows marked `is_demo` (the demo loader's)? Its figures include them.

    Reads only the flag, through Django's app registry (each app's own models), and caches the
    answer like the figures themselves."""
    key = f"dashboard:demo:{module}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    try:
        config = apps.get_app_config(module)
    except LookupError:
        return False
    found = False
    try:
        for model in config.get_models():
            if any(f.name == "is_demo" for f in model._meta.get_fields()):
                if model._default_manager.filter(is_demo=True).exists():
                    found = True
                    break
    except DatabaseError:  # a table not migrated yet: the module's figures fail on their own
        return False
    cache.set(key, found, CACHE_SECONDS_CURRENT)
    return found


def _card(d: CardDef, data: dict | None, why: str, fy_ce: int, demo: bool = False) -> Card:
    base = dict(
        key=d.key,
        label=str(d.label),
        unit=d.unit,
        unit_label=str(UNIT_LABELS.get(d.unit, d.unit)),
        target=d.target,
        target_text=str(d.target_text),
        source_module=d.module,
        url=_url(d.url_name),
        reported=d.reported.get(fy_ce),
        reported_text=str(d.reported_text),
    )
    if data is None:
        return Card(value=None, available=False, status="not_available", reason=why, **base)
    try:
        value = d.extract(data)
        detail = d.detail(data) if d.detail else ""
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        log.warning("dashboard: card %s cannot read %s.kpis: %r", d.key, d.module, exc)
        return Card(
            value=None,
            available=False,
            status="not_available",
            reason=gettext("the module's figures have changed (%(error)s)")
            % {"error": f"{type(exc).__name__}: {exc}"},
            **base,
        )
    if d.target_fn is not None:
        try:
            base["target"] = _num(d.target_fn(data))
            base["target_text"] = "" if base["target"] is None else f"≥ {base['target']:g}{d.unit}"
        except (KeyError, TypeError):
            pass
    status = "ok" if value is not None else "no_data"
    flagged = demo and value is not None
    return Card(
        value=value,
        available=True,
        status=status,
        detail=detail,
        demo=flagged,
        demo_note=gettext("demo data: computed from records generated by the demo loader, not the province's")
        if flagged
        else "",
        **base,
    )


def cards(fy_ce: int, modules: tuple[str, ...] = MODULES) -> list[Card]:
    out = []
    for module in modules:
        data, why = fetch(module, fy_ce)
        demo = data is not None and has_demo_records(module)
        out.extend(_card(d, data, why, fy_ce, demo) for d in ADAPTERS[module])
    return out


def series(fy_list: list[int], modules: tuple[str, ...] = MODULES) -> dict[str, list[tuple[int, Card]]]:
    """Cards for several fiscal years, by card key (for the charts and the export)."""
    out: dict[str, list[tuple[int, Card]]] = {}
    for fy in fy_list:
        for c in cards(fy, modules):
            out.setdefault(c.key, []).append((fy, c))
    return out
