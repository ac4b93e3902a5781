"""Input checked at the edge, one mechanism for every app.

Three layers, so that nothing a client sends can make a write fail in the database (a 500) instead
of a 4xx naming the field:

1. Every JSON body and query string the API parses goes through `clean_tree` (called by the API's
   parser in `phangnga/api.py`): control characters are stripped from every string (NUL cannot be
   stored in PostgreSQL text or jsonb; the others only corrupt displays and exports) and a body nested
   deeper than `MAX_DEPTH` is refused.
2. Schema fields declare their bounds with the types below. `column(Model, "field")` takes them from
   the column the value is stored in (max_length; max_digits/decimal_places; the integer range of the
   column type on PostgreSQL, the stricter engine, so SQLite refuses the same values), plus
   plausibility bounds given by the caller; `text(n)`, `integer(lo, hi)`, `number(lo, hi)` and
   `day(lo, hi)` bound values that are not stored as such. tests/core/test_input_bounds.py walks every
   API operation and fails when a numeric or text input has no bounds, or bounds wider than its column.
3. `check_columns(instance)` runs before every save of a platform model (installed by `CoreConfig.ready`):
   a value that does not fit its column is a `FieldError` (422) naming the model field, whichever path
   wrote it (API, page, import, demo), on SQLite as on PostgreSQL.

Django forms: `forms.CharField` already refuses NUL (ProhibitNullCharactersValidator) and ModelForms
take max_length/max_digits from the model; a plain form whose value does not fit reaches layer 3, and
`core.middleware.RequestBodyMiddleware` answers its FieldError on a page with a 422 naming the field.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator

from .errors import ApiError, FieldError

# C0 controls and DEL, except tab, line feed and carriage return (which free text may hold).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The deepest JSON any endpoint expects is a FHIR Bundle (about 8 levels); 32 leaves room.
MAX_DEPTH = 32
# A text input stored in a TextField, or not stored at all, gets this limit unless it says otherwise.
DEFAULT_MAX_TEXT = 10_000
# Column ranges of the integer types on PostgreSQL (Django's portable table); SQLite stores 64 bits
# but the same values are refused on both engines so a database move changes nothing.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
# The largest finite float a double precision column holds.
FLOAT_MAX = 1.7976931348623157e308

# Plausible calendar bounds shared by the apps (each field may narrow them).
EARLIEST_BIRTH = date(1900, 1, 1)  # nobody alive was born before (oldest verified person: 1875-1997)
EARLIEST_RECORD = date(2000, 1, 1)  # the platform holds no record dated before its data sources


class TooDeep(ValueError):
    pass


def clean_text(value: str) -> str:
    """The text without control characters (tab, LF and CR stay)."""
    return CONTROL_CHARS.sub("", value) if CONTROL_CHARS.search(value) else value


def clean_tree(value: Any, depth: int = 0) -> Any:
    """A parsed JSON value with every string (keys too) cleaned; TooDeep past MAX_DEPTH."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
        return {
            clean_text(k) if isinstance(k, str) else k: clean_tree(v, depth + 1) for k, v in value.items()
        }
    if isinstance(value, list):
        if depth >= MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
        return [clean_tree(v, depth + 1) for v in value]
    return value


def depth_refused(exc: TooDeep) -> ApiError:
    return ApiError(400, "too_deep", f"body: {exc}", {"body": str(exc)})


# ---- schema field types ---------------------------------------------------------------------


def _clean_if_text(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def text(max_length: int = DEFAULT_MAX_TEXT, min_length: int | None = None, **extra: Any) -> Any:
    """A string of at most max_length characters, control characters stripped."""
    return Annotated[
        str,
        BeforeValidator(_clean_if_text),
        Field(max_length=max_length, min_length=min_length, **extra),
    ]


def _refuse_bool(value: Any) -> Any:
    # (After the Field in Annotated, so the bounds stay in the JSON schema.) Pydantic reads true/false as 1/0 for a number; JSON says a boolean is not a number.
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    return value


def integer(ge: int, le: int, **extra: Any) -> Any:
    return Annotated[int, Field(ge=ge, le=le, **extra), BeforeValidator(_refuse_bool)]


def number(ge: float, le: float, **extra: Any) -> Any:
    """A finite float between ge and le (a plausibility range: say where it comes from)."""
    return Annotated[float, Field(ge=ge, le=le, allow_inf_nan=False, **extra), BeforeValidator(_refuse_bool)]


MAX_ID = 2**63 - 1  # a row id (BigAutoField); a path id past it is simply not found


def object_id(**extra: Any) -> Any:
    """A row id given in a body or query (1 .. the 64-bit id range)."""
    return integer(1, MAX_ID, **extra)


def id_or_code(max_length: int = 64) -> Any:
    """A row id or its code (places, facilities)."""
    return object_id() | text(max_length)


def _region() -> tuple[float, float, float, float]:
    from django.conf import settings

    return settings.REGION  # (min_lon, min_lat, max_lon, max_lat), PHANGNGA_REGION


# Every point the platform takes is in the province's region: the schema publishes the region's
# bounds, so a client knows them before it asks. The value itself is only held to the globe here:
# `geo.places.require_in_region` refuses a point outside the region with the platform's one
# `out_of_region` error naming the request's field (tests/geo/test_outside_the_region.py).
def latitude(**extra: Any) -> Any:
    _, low, _, high = _region()
    return number(-90, 90, json_schema_extra={"minimum": low, "maximum": high}, **extra)


def longitude(**extra: Any) -> Any:
    low, _, high, _ = _region()
    return number(-180, 180, json_schema_extra={"minimum": low, "maximum": high}, **extra)


# A Thai fiscal year as the API takes it: CE 1990-2300 or BE 2533-2843 (the same years),
# optionally prefixed "FY", read by `core.thai.parse_fiscal_year`. The platform's records begin in
# 2000 (EARLIEST_RECORD): a year or ten before is an empty report, and reports compare with up to
# ten years before the one asked for, which stay inside the parser's range (CE 1900 on). The
# pattern is the whole check, so the schema and the parser agree on every string.
FISCAL_YEAR_PATTERN = (
    r"^(FY|fy)?(199[0-9]|2[0-2][0-9]{2}|2300|253[3-9]|25[4-9][0-9]|2[67][0-9]{2}|28[0-3][0-9]|284[0-3])$"
)


def fiscal_year(**extra: Any) -> Any:
    """A fiscal year in BE or CE, e.g. 2564 or 2021 (read with core.thai.parse_fiscal_year)."""
    return Annotated[str, Field(max_length=6, pattern=FISCAL_YEAR_PATTERN, examples=["2568"], **extra)]


def _between(lo: date | None, hi: date | None, days_ahead: int | None, days_back: int | None = None) -> Any:
    def check(value: date | datetime):
        day_value = value.date() if isinstance(value, datetime) else value
        today = timezone.localdate()
        bottom = lo
        if days_back is not None:
            back = today - timedelta(days=days_back)
            bottom = back if bottom is None else max(bottom, back)
        if bottom is not None and day_value < bottom:
            raise ValueError(f"must be on or after {bottom.isoformat()}")
        top = hi
        if days_ahead is not None:
            ahead = today + timedelta(days=days_ahead)
            top = ahead if top is None else min(top, ahead)
        if top is not None and day_value > top:
            raise ValueError(f"must be on or before {top.isoformat()}")
        return value

    return AfterValidator(check)


def day(
    lo: date | None = EARLIEST_RECORD,
    hi: date | None = None,
    days_ahead: int | None = None,
    days_back: int | None = None,
) -> Any:
    """A date between lo (or `days_back` days before today) and hi (or `days_ahead` days after today)."""
    return Annotated[date, _between(lo, hi, days_ahead, days_back)]


def moment(
    lo: date | None = EARLIEST_RECORD, days_ahead: int | None = 1, days_back: int | None = None
) -> Any:
    """A date-time from lo up to `days_ahead` days after today (clocks of phones drift, not by years)."""
    return Annotated[datetime, _between(lo, None, days_ahead, days_back)]


def column_bounds(model: type[models.Model], name: str) -> dict[str, Any]:
    """What the column of model.name holds: max_length, max_digits/decimal_places, ge/le."""
    f = model._meta.get_field(name)
    out: dict[str, Any] = {}
    if f.is_relation and f.target_field is not None:
        f = f.target_field
    if isinstance(f, models.DecimalField):
        out.update(max_digits=f.max_digits, decimal_places=f.decimal_places)
        top = Decimal(10) ** (f.max_digits - f.decimal_places) - Decimal(1).scaleb(-f.decimal_places)
        out.update(ge=-top, le=top)
    elif isinstance(f, models.IntegerField | models.AutoField):
        lo, hi = INTEGER_RANGES[f.get_internal_type()]
        out.update(ge=lo, le=hi)
    elif isinstance(f, models.FloatField):
        out.update(ge=-FLOAT_MAX, le=FLOAT_MAX)
    elif isinstance(f, models.CharField) and f.max_length:
        out.update(max_length=f.max_length)
    elif isinstance(f, models.TextField):
        out.update(max_length=f.max_length or DEFAULT_MAX_TEXT)
    for v in f.validators:
        limit = getattr(v, "limit_value", None)
        if not isinstance(limit, int | float | Decimal):
            continue
        if v.code == "min_value":
            out["ge"] = max(out.get("ge", limit), limit)
        elif v.code == "max_value":
            out["le"] = min(out.get("le", limit), limit)
    return out


def _decimal_schema(places: int, bounds: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """What a Decimal input accepts, as JSON Schema: a number within the bounds with at most
    `places` decimals, or the same as a string of digits. Pydantic's own schema offers any string,
    so a client could not tell "" or "abc" from "12.50" before asking."""
    number: dict[str, Any] = {"type": "number", "multipleOf": float(Decimal(1).scaleb(-places))}
    for key, name in (
        ("ge", "minimum"),
        ("le", "maximum"),
        ("gt", "exclusiveMinimum"),
        ("lt", "exclusiveMaximum"),
    ):
        if key in bounds:
            number[name] = float(bounds[key])
    whole = bounds["max_digits"] - places
    sign = "-?" if float(bounds.get("ge", bounds.get("gt", -1))) < 0 else ""
    fraction = rf"(\.[0-9]{{1,{places}}})?" if places else ""
    positive = r"(?![0.]*$)" if "gt" in bounds and float(bounds["gt"]) == 0 else ""
    string = {"type": "string", "pattern": rf"^{positive}{sign}[0-9]{{1,{whole}}}{fraction}$"}
    return {"anyOf": [number, string], **extra}


def column(model: type[models.Model], name: str, **narrower: Any) -> Any:
    """The schema type of an input stored in model.name, bounded by that column; `narrower`
    (ge, gt, le, lt, max_length, min_length) may only tighten the column's bounds."""
    f = model._meta.get_field(name)
    bounds = column_bounds(model, name)
    for key, value in narrower.items():
        wider = (
            (key in ("ge", "gt") and "ge" in bounds and value < bounds["ge"])
            or (key in ("le", "lt") and "le" in bounds and value > bounds["le"])
            or (key == "max_length" and "max_length" in bounds and value > bounds["max_length"])
        )
        if wider:
            raise ValueError(f"column({model.__name__}, {name!r}): {key}={value} is wider than the column")
        if key == "gt":
            bounds.pop("ge", None)
        if key == "lt":
            bounds.pop("le", None)
        bounds[key] = value
    extra = {"json_schema_extra": {"x-column": f"{model._meta.label}.{name}"}}
    if f.choices and not f.is_relation:
        # A column with choices takes only those: the schema lists them, so a client sees the
        # set (and pydantic refuses another value, naming the field, before the code sees it).
        values = [value for value, _label in f.flatchoices]
        if f.blank and isinstance(f, models.CharField) and "" not in values:
            values.append("")
        return Annotated[Literal[tuple(values)], Field(**extra)]
    if isinstance(f, models.DecimalField):
        return Annotated[
            Decimal,
            Field(allow_inf_nan=False, **bounds, **extra),
            WithJsonSchema(_decimal_schema(f.decimal_places, bounds, extra["json_schema_extra"])),
        ]
    if isinstance(f, models.IntegerField | models.AutoField | models.ForeignKey):
        return Annotated[int, Field(**bounds, **extra), BeforeValidator(_refuse_bool)]
    if isinstance(f, models.FloatField):
        return Annotated[float, Field(allow_inf_nan=False, **bounds, **extra), BeforeValidator(_refuse_bool)]
    if isinstance(f, models.CharField | models.TextField):
        return Annotated[str, BeforeValidator(_clean_if_text), Field(**bounds, **extra)]
    raise TypeError(f"column(): no input type for {type(f).__name__} {model.__name__}.{name}")


# ---- the last check before a write ----------------------------------------------------------


def _has_nul(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return any(_has_nul(k, depth + 1) or _has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v, depth + 1) for v in value)
    return False


def column_problem(f: models.Field, value: Any) -> str | None:
    """Why value does not fit the column of f, or None."""
    if value is None:
        return None
    if isinstance(f, models.DecimalField):
        try:
            d = value if isinstance(value, Decimal) else Decimal(str(value))
        except (InvalidOperation, ValueError):
            return "must be a number"
        if not d.is_finite():
            return "must be a finite number"
        # More decimal places are rounded by the database adapter; more integer digits do not fit.
        integer_digits = max(d.adjusted() + 1, 0) if d else 0
        room = f.max_digits - f.decimal_places
        if integer_digits > room:
            return (
                f"must be less than {Decimal(10) ** room:,} (at most {room} digits before the decimal point)"
            )
        return None
    if isinstance(f, models.IntegerField | models.AutoField) and isinstance(value, int):
        lo, hi = INTEGER_RANGES.get(f.get_internal_type(), (None, None))
        if lo is not None and not lo <= value <= hi:
            return f"must be between {lo} and {hi}"
        return None
    if isinstance(f, models.FloatField) and isinstance(value, int | float):
        if not math.isfinite(value):
            return "must be a finite number"
        return None
    if isinstance(value, str):
        if "\x00" in value:
            return "must not contain NUL characters"
        if isinstance(f, models.CharField) and f.max_length and len(value) > f.max_length:
            return f"at most {f.max_length} characters (got {len(value)})"
        return None
    if isinstance(f, models.JSONField) and _has_nul(value):
        return "must not contain NUL characters"
    return None


def check_columns(instance: models.Model) -> None:
    """FieldError (422) naming the first field whose value does not fit its column."""
    for f in instance._meta.concrete_fields:
        if f.primary_key or f.is_relation:
            continue
        problem = column_problem(f, getattr(instance, f.attname, None))
        if problem:
            raise FieldError(f.name, problem, code="out_of_range")


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if (
        not raw
        and sender._meta.app_config is not None
        and sender._meta.app_config.name.startswith("phangnga.")
    ):
        check_columns(instance)


def install() -> None:
    from django.db.models.signals import pre_save

    pre_save.connect(_before_save, dispatch_uid="phangnga.core.validation.check_columns")


# ---- the API's parser -----------------------------------------------------------------------


def load_json(body: bytes | str, field: str = "body", status: int = 400) -> Any:
    """JSON text -> cleaned value; a 4xx naming `field` for bad JSON or nesting past MAX_DEPTH."""
    import json

    try:
        value = json.loads(body)
    except RecursionError:
        raise depth_refused(TooDeep(f"nested deeper than {MAX_DEPTH} levels")) from None
    except (ValueError, UnicodeDecodeError) as exc:
        detail = f"{field}: not valid JSON ({exc})"
        raise ApiError(status, "invalid_json", detail, {field: f"not valid JSON ({exc})"}) from None
    try:
        return clean_tree(value)
    except TooDeep as exc:
        raise depth_refused(exc) from None


class JsonObject(Schema):
    """A request body that must be a JSON object. Ninja reads any other value through attribute
    access, so an array (`[null, null]`) passed as a body whose fields are all optional, and the
    request went through as an empty change (the fuzzer found it on the PATCH routes)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        from ninja.schema import DjangoGetter

        # Ninja hands a nested body over wrapped for attribute access: look at what it wraps.
        if not isinstance(value._obj if isinstance(value, DjangoGetter) else value, dict):
            raise ValueError("the body must be a JSON object")
        return value


def parser():
    """Ninja's parser with every JSON body and query/form value cleaned (see the module doc)."""
    from ninja.parser import Parser

    class CleaningParser(Parser):
        def parse_body(self, request):
            return load_json(request.body)

        def parse_querydict(self, data, list_fields, request):
            # A value given twice (`?status=a&status=b`) where one is expected is the client's
            # error: Ninja would keep the last one and answer as if the first was not sent.
            for key in data:
                if key not in list_fields and len(data.getlist(key)) > 1:
                    raise FieldError(clean_text(key), "give this parameter once")
            parsed = super().parse_querydict(data, list_fields, request)
            # A query value is a code, a number, a date or a search word, never free text: a
            # control character in one is refused (422 naming it), not stripped, so that its
            # length is the length the schema bounds.
            for key, value in parsed.items():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and CONTROL_CHARS.search(item):
                        raise FieldError(clean_text(key), "control characters are not allowed")
            return {clean_text(k): clean_tree(v) if not hasattr(v, "read") else v for k, v in parsed.items()}

    return CleaningParser()


def patch_changes(payload, model: type[models.Model]) -> dict[str, Any]:
    """The fields a PATCH gave; an explicit null for a column that cannot be empty is a 422 naming
    the field (it was an IntegrityError, a 500)."""
    changes = payload.dict(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            try:
                f = model._meta.get_field(name)
            except Exception:  # a schema field that is not a column: the endpoint decides
                continue
            if not f.null:
                raise FieldError(name, "may not be null; leave it out to keep the current value")
    return changes
