"""Soil-test fertilizer recommendation ("ปุ๋ยสั่งตัด") over swappable class->rate tables.

1. A crop table (data/fertilizer_tables/<crop>.json) turns a soil test into kg/rai of
   N, P2O5 and K2O: N from the organic-matter class, P2O5 from the available-P class,
   K2O from the exchangeable-K class, each by variety type (e.g. PS / non-PS rice).
2. A product plan turns nutrients into fertilizers on sale (data/fertilizer_products.json,
   with editable prices), per REFERENCE.md:
   - straights: size 18-46-0 on the P2O5 need, subtract its N, make up N with 46-0-0
     and K2O with 0-0-60;
   - one alternative per compound grade on sale: the compound's dose is limited by the
     smallest need (nothing is over-supplied), straights make up the rest.
3. Kilograms for the plot, whole bags, cost, and the saving against the farmer's usual
   formula.

Class boundaries: each class but the last has an upper bound, either `lt` (value below
it) or `le` (value up to and including it); the last class takes the rest. The Rice
Department's "< 1% / 1-2% / > 2%" therefore reads low: OM < 1, medium: 1 <= OM <= 2,
high: OM > 2, so exactly 1% OM is medium and exactly 2% is still medium; likewise
5 ppm P is in "5-10" and 60 ppm K in "60-80".

No Django: bad input raises `FertilizerInputError` (a ValueError) naming the field.

Longer than 500 lines on purpose: one pure kernel, table loading, validation of an
officer's replacement table, nutrients, the product plan and the bags form one calculation
an officer checks against the tables end to end; split, the steps would pass half-built
values between modules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from phangnga.core.kernel_errors import KernelInputError

DATA_DIR = Path(__file__).parent / "data"
TABLES_DIR = DATA_DIR / "fertilizer_tables"
PRODUCTS_PATH = DATA_DIR / "fertilizer_products.json"

NUTRIENTS = ("n", "p2o5", "k2o")
MEASURE_FOR = {"n": "om_pct", "p2o5": "p_ppm", "k2o": "k_ppm"}
CLASS_FIELD_FOR = {"n": "om_class", "p2o5": "p_class", "k2o": "k_class"}
CLASS_NAMES = ("very_low", "low", "medium", "high", "very_high")
KIT_CLASSES = ("low", "medium", "high")  # every table must offer these, so kit readings always work
# Kit sheets and officers write the level in Thai or as a letter.
_CLASS_ALIASES = {
    "ต่ำ": "low",
    "ปานกลาง": "medium",
    "กลาง": "medium",
    "สูง": "high",
    "l": "low",
    "m": "medium",
    "h": "high",
}

STRAIGHT_P_SOURCE = "18-46-0"  # REFERENCE.md: size the straights plan on DAP first
MAX_PPM = 10_000.0  # 1% of the soil as *available* P or K is not a soil
MAX_AREA_RAI = 1_000_000.0
_EPS = 1e-9


class FertilizerInputError(KernelInputError):
    """Bad input, table or product list; `field` names the offending input."""


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoilClass:
    name: str
    label: str
    lt: float | None  # upper bound, exclusive
    le: float | None  # upper bound, inclusive
    rates: Mapping[str, float]  # variety type -> kg/rai

    def contains(self, value: float) -> bool:
        if self.lt is not None:
            return value < self.lt
        if self.le is not None:
            return value <= self.le
        return True


@dataclass(frozen=True)
class NutrientScale:
    nutrient: str
    by: str
    method: str
    classes: tuple[SoilClass, ...]

    def classify(self, value: float) -> SoilClass:
        for c in self.classes:
            if c.contains(value):
                return c
        raise AssertionError("unreachable: the last class is open-ended")

    def by_name(self, name: str) -> SoilClass | None:
        return next((c for c in self.classes if c.name == name), None)


@dataclass(frozen=True)
class FertilizerTable:
    crop: str
    aliases: tuple[str, ...]
    name_en: str
    name_th: str
    source: str
    confidence: str
    unit: str
    variety_types: Mapping[str, str]
    default_variety_type: str | None
    ph_optimum: tuple[float, float] | None
    scales: Mapping[str, NutrientScale]
    # The same texts in Thai for officers' pages (optional in an imported table).
    source_th: str = ""
    confidence_th: str = ""
    variety_types_th: Mapping[str, str] = field(default_factory=dict)

    def texts(self, thai: bool) -> dict:
        """Source, confidence and variety-type labels in Thai (when the table has them) or English."""
        if not thai:
            return {
                "source": self.source,
                "confidence": self.confidence,
                "variety_types": dict(self.variety_types),
            }
        return {
            "source": self.source_th or self.source,
            "confidence": self.confidence_th or self.confidence,
            "variety_types": {k: self.variety_types_th.get(k) or v for k, v in self.variety_types.items()},
        }


def _terr(where: str, message: str) -> FertilizerInputError:
    return FertilizerInputError(f"table.{where}", message, code="bad_table")


def _finite(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FertilizerInputError(field, "must be a finite number")
    return float(value)


def parse_table(data: Mapping[str, Any]) -> FertilizerTable:
    """Validate a crop table (e.g. an officer's corrected import) and build it.

    Checks: required texts (crop code, source, confidence), variety types, and for each
    nutrient: classes in increasing order of bound, the last open-ended (so every value
    falls in exactly one class), low/medium/high present, and a non-negative rate for
    every variety type in every class."""
    if not isinstance(data, Mapping):
        raise _terr("", "must be a JSON object")
    crop = data.get("crop")
    if not isinstance(crop, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", crop):
        raise _terr("crop", "must be a code like rice_south (lower case, digits, _)")
    for key in ("source", "confidence"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _terr(key, "required: say where the numbers come from and how sure they are")
    vt = data.get("variety_types")
    if not isinstance(vt, Mapping) or not vt:
        raise _terr("variety_types", "must map at least one variety type code to a label")
    variety_types = {str(k): str(v) for k, v in vt.items()}
    default_vt = data.get("default_variety_type")
    if default_vt is None and len(variety_types) == 1:
        default_vt = next(iter(variety_types))
    if default_vt is not None and default_vt not in variety_types:
        raise _terr("default_variety_type", "must be one of the variety types")

    ph = data.get("ph_optimum")
    ph_range = None
    if ph is not None:
        if not isinstance(ph, list) or len(ph) != 2:
            raise _terr("ph_optimum", "must be [low, high]")
        lo, hi = _finite(ph[0], "table.ph_optimum"), _finite(ph[1], "table.ph_optimum")
        if not 0 <= lo < hi <= 14:
            raise _terr("ph_optimum", "must satisfy 0 <= low < high <= 14")
        ph_range = (lo, hi)

    scales: dict[str, NutrientScale] = {}
    for nutrient in NUTRIENTS:
        scales[nutrient] = _parse_scale(nutrient, data.get(nutrient), variety_types)

    vt_th = data.get("variety_types_th") or {}
    if not isinstance(vt_th, Mapping):
        raise _terr("variety_types_th", "must map variety type codes to Thai labels")

    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _terr("aliases", "must be a list of names")
    return FertilizerTable(
        crop=crop,
        aliases=tuple(aliases),
        name_en=str(data.get("name_en", crop)),
        name_th=str(data.get("name_th", "")),
        source=data["source"].strip(),
        confidence=data["confidence"].strip(),
        unit=str(data.get("unit", "kg per rai")),
        variety_types=variety_types,
        default_variety_type=default_vt,
        ph_optimum=ph_range,
        scales=scales,
        source_th=str(data.get("source_th") or "").strip(),
        confidence_th=str(data.get("confidence_th") or "").strip(),
        variety_types_th={str(k): str(v) for k, v in vt_th.items() if str(k) in variety_types},
    )


def _parse_scale(nutrient: str, raw: Any, variety_types: Mapping[str, str]) -> NutrientScale:
    where = nutrient
    if not isinstance(raw, Mapping):
        raise _terr(where, "missing")
    if raw.get("by") != MEASURE_FOR[nutrient]:
        raise _terr(f"{where}.by", f"must be {MEASURE_FOR[nutrient]!r}")
    items = raw.get("classes")
    if not isinstance(items, list) or len(items) < 2:
        raise _terr(f"{where}.classes", "need at least two classes")
    classes: list[SoilClass] = []
    previous = -math.inf
    for i, item in enumerate(items):
        at = f"{where}.classes[{i}]"
        name = item.get("class")
        if name not in CLASS_NAMES:
            raise _terr(f"{at}.class", f"must be one of {', '.join(CLASS_NAMES)}")
        if any(c.name == name for c in classes):
            raise _terr(f"{at}.class", f"{name!r} appears twice")
        last = i == len(items) - 1
        lt, le = item.get("lt"), item.get("le")
        if last:
            if lt is not None or le is not None:
                raise _terr(at, "the last class must be open-ended (no lt/le) so every value is covered")
        else:
            if (lt is None) == (le is None):
                raise _terr(at, "give exactly one upper bound: lt (below) or le (up to and including)")
            bound = _finite(lt if lt is not None else le, f"table.{at}")
            if bound <= previous or bound < 0:
                raise _terr(at, "upper bounds must increase from class to class")
            previous = bound
        rates = _parse_rates(item.get("rate"), variety_types, f"{at}.rate")
        classes.append(
            SoilClass(
                name=name,
                label=str(item.get("label", name)),
                lt=None if lt is None else float(lt),
                le=None if le is None else float(le),
                rates=rates,
            )
        )
    missing = [k for k in KIT_CLASSES if not any(c.name == k for c in classes)]
    if missing:
        raise _terr(f"{where}.classes", f"missing the kit class(es) {', '.join(missing)}")
    order = [CLASS_NAMES.index(c.name) for c in classes]
    if order != sorted(order):
        raise _terr(f"{where}.classes", "classes must run from very_low/low up to high/very_high")
    return NutrientScale(nutrient, raw["by"], str(raw.get("method", "")), tuple(classes))


def _parse_rates(raw: Any, variety_types: Mapping[str, str], where: str) -> dict[str, float]:
    # A single number applies to every variety type (e.g. P for PS and non-PS rice).
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = {vt: raw for vt in variety_types}
    if not isinstance(raw, Mapping):
        raise _terr(where, "must be a number or a {variety_type: number} object")
    extra = set(raw) - set(variety_types)
    if extra:
        raise _terr(where, f"unknown variety type(s) {', '.join(sorted(extra))}")
    rates: dict[str, float] = {}
    for vt in variety_types:
        if vt not in raw:
            raise _terr(where, f"no rate for variety type {vt!r}")
        value = raw[vt]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _terr(f"{where}.{vt}", "must be a number")
        if value < 0:
            raise _terr(f"{where}.{vt}", "must not be negative")
        rates[vt] = float(value)
    return rates


def load_tables(
    directory: str | Path | None = None, overrides: Sequence[Mapping[str, Any]] = ()
) -> dict[str, FertilizerTable]:
    """All tables in `directory` (default: the bundled ones), then `overrides` (parsed
    documents, e.g. officers' corrected tables) replacing tables of the same crop."""
    tables = dict(_bundled_tables()) if directory is None else _read_dir(Path(directory))
    for doc in overrides:
        tables = import_table(tables, doc)
    return tables


def import_table(
    tables: Mapping[str, FertilizerTable], data: Mapping[str, Any]
) -> dict[str, FertilizerTable]:
    """A new mapping with `data` validated and added (or replacing the same crop)."""
    table = parse_table(data)
    result = dict(tables)
    for other in result.values():
        if other.crop != table.crop and (
            table.crop in other.aliases or set(table.aliases) & set(other.aliases)
        ):
            raise _terr("aliases", f"clashes with the {other.crop!r} table")
    result[table.crop] = table
    return result


@lru_cache(maxsize=1)
def _bundled_tables() -> tuple[tuple[str, FertilizerTable], ...]:
    return tuple(_read_dir(TABLES_DIR).items())


def _read_dir(directory: Path) -> dict[str, FertilizerTable]:
    tables: dict[str, FertilizerTable] = {}
    for path in sorted(directory.glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            try:
                tables = import_table(tables, json.load(fh))
            except FertilizerInputError as exc:
                raise FertilizerInputError(f"{path.name}:{exc.field}", exc.message, exc.code) from exc
    return tables


def resolve_crop(tables: Mapping[str, FertilizerTable], crop: str) -> FertilizerTable:
    key = crop.strip().lower() if isinstance(crop, str) else ""
    if key in tables:
        return tables[key]
    for table in tables.values():
        if key in table.aliases:
            return table
    raise FertilizerInputError(
        "crop", f"unknown crop {crop!r}; known: {', '.join(sorted(tables))}", "unknown_crop"
    )


# --------------------------------------------------------------------------------------
# Products
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    grade: str  # "N-P2O5-K2O" percentages, e.g. "15-15-15"
    n: float  # fractions: 0.15
    p2o5: float
    k2o: float
    price_per_bag: float  # baht
    bag_kg: float
    name_th: str = ""
    name_en: str = ""

    def content(self, nutrient: str) -> float:
        return getattr(self, nutrient)

    @property
    def price_per_kg(self) -> float:
        return self.price_per_bag / self.bag_kg

    @property
    def nutrient_count(self) -> int:
        return sum(1 for x in (self.n, self.p2o5, self.k2o) if x > 0)


_GRADE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")


def parse_grade(grade: str, field: str = "grade") -> tuple[float, float, float]:
    m = _GRADE.match(grade.strip()) if isinstance(grade, str) else None
    if not m:
        raise FertilizerInputError(field, "must look like 15-15-15")
    n, p, k = (float(x) for x in m.groups())
    if n + p + k > 100 or n + p + k == 0:
        raise FertilizerInputError(field, "percentages must add up to more than 0 and at most 100")
    return n / 100, p / 100, k / 100


def parse_products(data: Mapping[str, Any]) -> dict[str, Product]:
    items = data.get("products") if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items:
        raise FertilizerInputError("products", "must be a non-empty list")
    products: dict[str, Product] = {}
    for i, item in enumerate(items):
        at = f"products[{i}]"
        n, p, k = parse_grade(item.get("grade"), f"{at}.grade")
        grade = item["grade"].strip()
        if grade in products:
            raise FertilizerInputError(f"{at}.grade", f"{grade} listed twice")
        price = _finite(item.get("price_per_bag"), f"{at}.price_per_bag")
        bag = _finite(item.get("bag_kg", 50), f"{at}.bag_kg")
        if price < 0:
            raise FertilizerInputError(f"{at}.price_per_bag", "must not be negative")
        if bag <= 0:
            raise FertilizerInputError(f"{at}.bag_kg", "must be above 0")
        products[grade] = Product(
            grade, n, p, k, price, bag, str(item.get("name_th", "")), str(item.get("name_en", ""))
        )
    return products


def load_products(
    path: str | Path | None = None, override: Mapping[str, Any] | None = None
) -> dict[str, Product]:
    if override is not None:
        return parse_products(override)
    if path is None:
        return dict(_bundled_products())
    with open(path, encoding="utf-8") as fh:
        return parse_products(json.load(fh))


@lru_cache(maxsize=1)
def _bundled_products() -> tuple[tuple[str, Product], ...]:
    with open(PRODUCTS_PATH, encoding="utf-8") as fh:
        return tuple(parse_products(json.load(fh)).items())


# --------------------------------------------------------------------------------------
# Nutrient need
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nutrients:
    """kg per rai of N, P2O5, K2O."""

    n: float
    p2o5: float
    k2o: float

    def get(self, nutrient: str) -> float:
        return getattr(self, nutrient)


@dataclass(frozen=True)
class ClassUsed:
    nutrient: str
    soil_class: str
    label: str
    from_kit: bool  # True when the kit's class level was given instead of a number


def _measure(value: Any, field: str, high: float) -> float | None:
    if value is None:
        return None
    v = _finite(value, field)
    if v < 0:
        raise FertilizerInputError(field, "must not be negative", code="negative")
    if v > high:
        raise FertilizerInputError(field, f"must be at most {high:g}", code="impossible")
    return v


def _class_name(value: Any, field: str) -> str | None:
    if value is None:
        return None
    name = str(value).strip().lower()
    name = _CLASS_ALIASES.get(name, name).replace(" ", "_").replace("-", "_")
    if name not in CLASS_NAMES:
        raise FertilizerInputError(field, f"must be one of {', '.join(KIT_CLASSES)}")
    return name


def nutrient_need(
    table: FertilizerTable,
    variety_type: str | None = None,
    om_pct: float | None = None,
    p_ppm: float | None = None,
    k_ppm: float | None = None,
    om_class: str | None = None,
    p_class: str | None = None,
    k_class: str | None = None,
) -> tuple[Nutrients, tuple[ClassUsed, ...], str]:
    """kg/rai of N, P2O5, K2O for a soil test; a measured value wins over a kit class.

    Returns (need, classes used, variety type used)."""
    vt = variety_type if variety_type not in (None, "") else table.default_variety_type
    if vt is None:
        raise FertilizerInputError(
            "variety_type", f"required for {table.crop}: one of {', '.join(table.variety_types)}", "required"
        )
    if vt not in table.variety_types:
        raise FertilizerInputError("variety_type", f"must be one of {', '.join(table.variety_types)}")
    measures = {
        "n": _measure(om_pct, "om_pct", 100.0),
        "p2o5": _measure(p_ppm, "p_ppm", MAX_PPM),
        "k2o": _measure(k_ppm, "k_ppm", MAX_PPM),
    }
    kit = {
        "n": _class_name(om_class, "om_class"),
        "p2o5": _class_name(p_class, "p_class"),
        "k2o": _class_name(k_class, "k_class"),
    }
    rates: dict[str, float] = {}
    used: list[ClassUsed] = []
    for nutrient in NUTRIENTS:
        scale = table.scales[nutrient]
        if measures[nutrient] is not None:
            soil_class, from_kit = scale.classify(measures[nutrient]), False
        elif kit[nutrient] is not None:
            found = scale.by_name(kit[nutrient])
            if found is None:
                raise FertilizerInputError(
                    CLASS_FIELD_FOR[nutrient], f"this table has no {kit[nutrient]!r} class", "unknown_class"
                )
            soil_class, from_kit = found, True
        else:
            raise FertilizerInputError(
                MEASURE_FOR[nutrient],
                f"give {MEASURE_FOR[nutrient]} or {CLASS_FIELD_FOR[nutrient]}",
                "required",
            )
        rates[nutrient] = soil_class.rates[vt]
        used.append(ClassUsed(nutrient, soil_class.name, soil_class.label, from_kit))
    return Nutrients(rates["n"], rates["p2o5"], rates["k2o"]), tuple(used), vt


# --------------------------------------------------------------------------------------
# Product plans
# --------------------------------------------------------------------------------------


def _single(products: Mapping[str, Product], nutrient: str) -> Product | None:
    """The most concentrated product carrying only `nutrient` (46-0-0 for N, 0-0-60 for K)."""
    only = [p for p in products.values() if p.nutrient_count == 1 and p.content(nutrient) > 0]
    return max(only, key=lambda p: (p.content(nutrient), -p.price_per_kg), default=None)


def straights_kg(need: Nutrients, products: Mapping[str, Product]) -> dict[str, float]:
    """kg/rai per grade: 18-46-0 sized on P2O5 first, its N subtracted, N made up with the
    strongest N-only product, K2O with the strongest K-only product.

    If 18-46-0 would bring more N than needed and a P-only product (0-46-0) is on sale,
    18-46-0 is capped at the N need and the P-only product supplies the remaining P2O5."""
    kg: dict[str, float] = {}
    n_left, p_left, k_left = need.n, need.p2o5, need.k2o
    dap = products.get(STRAIGHT_P_SOURCE)
    p_only = _single(products, "p2o5")
    if p_left > _EPS and dap is not None and dap.p2o5 > 0:
        dose = p_left / dap.p2o5
        if p_only is not None and dap.n > 0 and dose * dap.n > n_left:
            dose = n_left / dap.n
        if dose > _EPS:
            kg[dap.grade] = dose
            n_left -= dose * dap.n
            p_left -= dose * dap.p2o5
            k_left -= dose * dap.k2o
    if p_left > _EPS:
        if p_only is None:
            raise FertilizerInputError(
                "products", f"no phosphate product on sale ({STRAIGHT_P_SOURCE} or 0-46-0)"
            )
        kg[p_only.grade] = kg.get(p_only.grade, 0.0) + p_left / p_only.p2o5
    for nutrient, left in (("n", n_left), ("k2o", k_left)):
        if left > _EPS:
            source = _single(products, nutrient)
            if source is None:
                raise FertilizerInputError("products", f"no straight {nutrient.upper()} product on sale")
            kg[source.grade] = kg.get(source.grade, 0.0) + left / source.content(nutrient)
    return kg


def compound_kg(
    need: Nutrients, compound: Product, products: Mapping[str, Product]
) -> dict[str, float] | None:
    """kg/rai per grade for a plan built on `compound`, or None if the compound carries a
    nutrient that is not needed at all (it would over-supply it)."""
    limits = [need.get(x) / compound.content(x) for x in NUTRIENTS if compound.content(x) > 0]
    dose = min(limits)
    if dose <= _EPS:
        return None
    rest = Nutrients(*(max(0.0, need.get(x) - dose * compound.content(x)) for x in NUTRIENTS))
    kg = straights_kg(rest, products)
    kg[compound.grade] = kg.get(compound.grade, 0.0) + dose
    return kg


@dataclass(frozen=True)
class ProductLine:
    grade: str
    name_th: str
    kg_per_rai: float
    kg_total: float
    bags: int  # whole bags to buy for the plot
    bag_kg: float
    cost_baht: float  # the bags bought
    cost_used_baht: float  # only the kilograms applied (the rest of the bag keeps)


@dataclass(frozen=True)
class ProductPlan:
    kind: str  # "straights" or "compound"
    base_grade: str | None  # the compound a compound plan is built on
    lines: tuple[ProductLine, ...]
    supplied: Nutrients  # kg/rai
    difference: Nutrients  # supplied - need, kg/rai (0 when exact)
    cost_baht: float
    cost_used_baht: float
    cost_per_rai_baht: float
    saving_vs_usual_baht: float | None  # usual cost - this plan's cost (kg applied); > 0 saves


@dataclass(frozen=True)
class UsualPractice:
    lines: tuple[ProductLine, ...]
    supplied: Nutrients
    difference: Nutrients  # supplied - need, kg/rai: shows what the usual formula over- or under-supplies
    cost_baht: float
    cost_used_baht: float


@dataclass(frozen=True)
class Recommendation:
    crop: str
    variety_type: str
    area_rai: float
    n: float  # kg/rai
    p2o5: float
    k2o: float
    classes: tuple[ClassUsed, ...]
    table_source: str
    table_confidence: str
    plan: ProductPlan  # the straights plan (REFERENCE.md's conversion rule)
    alternatives: tuple[ProductPlan, ...]  # compound-based plans, cheapest first
    usual: UsualPractice | None
    saving_baht: float | None  # usual cost - straights plan cost, for the kilograms applied
    notes: tuple[str, ...]

    @property
    def cheapest(self) -> ProductPlan:
        return min((self.plan, *self.alternatives), key=lambda p: p.cost_used_baht)


def _lines(
    kg_per_rai: Mapping[str, float], area_rai: float, products: Mapping[str, Product]
) -> tuple[ProductLine, ...]:
    lines = []
    for grade, kg in sorted(kg_per_rai.items(), key=lambda item: -item[1]):
        if kg <= _EPS:
            continue
        p = products[grade]
        total = kg * area_rai
        # Round before ceil so 100.0000000001 kg does not buy a third 50-kg bag.
        bags = math.ceil(round(total / p.bag_kg, 6))
        lines.append(
            ProductLine(
                grade=grade,
                name_th=p.name_th,
                kg_per_rai=round(kg, 2),
                kg_total=round(total, 1),
                bags=bags,
                bag_kg=p.bag_kg,
                cost_baht=round(bags * p.price_per_bag, 2),
                cost_used_baht=round(total * p.price_per_kg, 2),
            )
        )
    return tuple(lines)


def _supplied(kg_per_rai: Mapping[str, float], products: Mapping[str, Product]) -> Nutrients:
    return Nutrients(*(sum(kg * products[g].content(x) for g, kg in kg_per_rai.items()) for x in NUTRIENTS))


def _plan(
    kind: str,
    base: str | None,
    kg: Mapping[str, float],
    need: Nutrients,
    area_rai: float,
    products: Mapping[str, Product],
    usual_cost: float | None,
) -> ProductPlan:
    lines = _lines(kg, area_rai, products)
    supplied = _supplied(kg, products)
    used = sum(line.cost_used_baht for line in lines)
    return ProductPlan(
        kind=kind,
        base_grade=base,
        lines=lines,
        supplied=Nutrients(*(round(supplied.get(x), 2) for x in NUTRIENTS)),
        difference=Nutrients(*(round(supplied.get(x) - need.get(x), 2) for x in NUTRIENTS)),
        cost_baht=round(sum(line.cost_baht for line in lines), 2),
        cost_used_baht=round(used, 2),
        cost_per_rai_baht=round(used / area_rai, 2),
        saving_vs_usual_baht=None if usual_cost is None else round(usual_cost - used, 2),
    )


def _usual(
    usual: Sequence[tuple[str, float]] | tuple[str, float] | None,
    need: Nutrients,
    area_rai: float,
    products: Mapping[str, Product],
) -> UsualPractice | None:
    if usual is None:
        return None
    if len(usual) == 2 and isinstance(usual[0], str):  # a single (grade, kg_per_rai)
        usual = [usual]  # type: ignore[list-item]
    kg: dict[str, float] = {}
    for grade, amount in usual:  # type: ignore[misc]
        g = grade.strip() if isinstance(grade, str) else grade
        if g not in products:
            raise FertilizerInputError(
                "usual_grade", f"{grade!r} is not in the product list (add its price first)"
            )
        a = _finite(amount, "usual_kg_per_rai")
        if a < 0:
            raise FertilizerInputError("usual_kg_per_rai", "must not be negative")
        kg[g] = kg.get(g, 0.0) + a
    lines = _lines(kg, area_rai, products)
    supplied = _supplied(kg, products)
    return UsualPractice(
        lines=lines,
        supplied=Nutrients(*(round(supplied.get(x), 2) for x in NUTRIENTS)),
        difference=Nutrients(*(round(supplied.get(x) - need.get(x), 2) for x in NUTRIENTS)),
        cost_baht=round(sum(line.cost_baht for line in lines), 2),
        cost_used_baht=round(sum(line.cost_used_baht for line in lines), 2),
    )


def recommend(
    crop: str,
    area_rai: float,
    variety_type: str | None = None,
    om_pct: float | None = None,
    p_ppm: float | None = None,
    k_ppm: float | None = None,
    ph: float | None = None,
    om_class: str | None = None,
    p_class: str | None = None,
    k_class: str | None = None,
    usual: Sequence[tuple[str, float]] | tuple[str, float] | None = None,
    tables: Mapping[str, FertilizerTable] | None = None,
    products: Mapping[str, Product] | None = None,
) -> Recommendation:
    """The full recommendation for one soil test and plot.

    `usual` is the farmer's usual practice, e.g. ("16-20-0", 50) or
    [("16-20-0", 25), ("46-0-0", 10)], in kg/rai; the saving compares the cost of the
    kilograms applied (whole bags are shown on each line but leftovers keep)."""
    tables = load_tables() if tables is None else tables
    products = load_products() if products is None else products
    table = resolve_crop(tables, crop)
    area = _finite(area_rai, "area_rai")
    if area <= 0:
        raise FertilizerInputError("area_rai", "must be above 0", code="not_positive")
    if area > MAX_AREA_RAI:
        raise FertilizerInputError("area_rai", f"must be at most {MAX_AREA_RAI:g}", code="impossible")
    ph_value = None if ph is None else _finite(ph, "ph")
    if ph_value is not None and not 0 <= ph_value <= 14:
        raise FertilizerInputError("ph", "must be 0-14", code="impossible")

    need, classes, vt = nutrient_need(table, variety_type, om_pct, p_ppm, k_ppm, om_class, p_class, k_class)
    usual_practice = _usual(usual, need, area, products)
    usual_cost = None if usual_practice is None else usual_practice.cost_used_baht

    plan = _plan("straights", None, straights_kg(need, products), need, area, products, usual_cost)
    alternatives = []
    for product in products.values():
        if product.nutrient_count < 2 or product.grade == STRAIGHT_P_SOURCE:
            continue
        kg = compound_kg(need, product, products)
        if kg is not None:
            alternatives.append(_plan("compound", product.grade, kg, need, area, products, usual_cost))
    alternatives.sort(key=lambda p: p.cost_used_baht)

    notes: list[str] = []
    if ph_value is not None and table.ph_optimum is not None:
        lo, hi = table.ph_optimum
        if ph_value < lo:
            notes.append(
                f"ph_below_optimum: pH {ph_value:g} is below {lo:g}; consider lime before fertilizer"
            )
        elif ph_value > hi:
            notes.append(f"ph_above_optimum: pH {ph_value:g} is above {hi:g}")
    if any(c.from_kit for c in classes):
        notes.append("kit_classes_used: rates come from kit class levels, not measured values")

    return Recommendation(
        crop=table.crop,
        variety_type=vt,
        area_rai=area,
        n=need.n,
        p2o5=need.p2o5,
        k2o=need.k2o,
        classes=classes,
        table_source=table.source,
        table_confidence=table.confidence,
        plan=plan,
        alternatives=tuple(alternatives),
        usual=usual_practice,
        saving_baht=plan.saving_vs_usual_baht,
        notes=tuple(notes),
    )
