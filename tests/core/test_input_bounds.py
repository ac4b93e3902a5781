"""Every input the API reads is bounded, and a bound never exceeds the column the value is stored in.

Walks every operation of the NinjaAPI (bodies and query strings; path ids are looked up, never stored,
and Django's integer lookups answer "not found" past a column's range) and every platform model:

- a numeric input (int, float, Decimal) has a lower and an upper bound (Decimal: max_digits counts);
- a text input has a max_length; a date or date-time has a plausible range;
- an input that names its column (`core.validation.column`) has bounds inside that column's:
  max_length, max_digits/decimal_places, and the integer range of the column type on PostgreSQL.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from decimal import Decimal

import annotated_types as at
import pytest
from django.apps import apps
from django.db import models
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from phangnga.core.validation import INTEGER_RANGES, column_bounds


def _constraints(metadata) -> dict:
    out = {}
    for m in metadata:
        if isinstance(m, FieldInfo):  # Annotated[x, Field(...)] nested in a Union
            out.update(_constraints(m.metadata))
            if isinstance(m.json_schema_extra, dict) and "x-column" in m.json_schema_extra:
                out["x-column"] = m.json_schema_extra["x-column"]
            continue
        if getattr(getattr(m, "func", None), "__qualname__", "").startswith("_between."):
            out["range"] = True  # core.validation.day / moment
        for name in ("ge", "gt", "le", "lt", "max_length", "min_length", "max_digits", "decimal_places"):
            value = getattr(m, name, None)
            if value is not None:
                out[name] = value
        if isinstance(m, at.Interval):
            for name in ("ge", "gt", "le", "lt"):
                if getattr(m, name, None) is not None:
                    out[name] = getattr(m, name)
    return out


def _leaves(annotation, metadata):
    """(type, constraints) of the scalar a field holds, through Optional/Union and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        yield from _leaves(base, [*metadata, *extra])
        return
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _leaves(arg, metadata)
        return
    if origin in (list, tuple, set, frozenset):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                yield from _leaves(arg, [])
        return
    if origin is not None:
        return  # dict[str, Any] is bounded by the body's size and depth; Literal is a closed set
    yield annotation, _constraints(metadata)


def _schema_problems(model: type[BaseModel], where: str, seen: set) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    problems = []
    for name, info in model.model_fields.items():
        label = f"{where}.{name}"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        for leaf, c in _leaves(info.annotation, info.metadata):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                problems += _schema_problems(leaf, f"{where}.{name}", seen)
                continue
            if leaf is bool or not isinstance(leaf, type) or issubclass(leaf, enum.Enum):
                continue  # closed sets
            if issubclass(leaf, int | float | Decimal):
                low = "ge" in c or "gt" in c
                high = "le" in c or "lt" in c
                if leaf is Decimal and "max_digits" in c:
                    low = high = True
                if not (low and high):
                    problems.append(f"{label}: {leaf.__name__} without lower and upper bounds")
            elif issubclass(leaf, str) and "max_length" not in c:
                problems.append(f"{label}: str without max_length")
            elif issubclass(leaf, date) and "range" not in c:
                problems.append(f"{label}: {leaf.__name__} without a plausible range (validation.day/moment)")
            column = c.pop("x-column", None) or extra.get("x-column")
            if column and not (issubclass(leaf, date | datetime)):
                problems += _fits_column(label, column, c)
    return problems


def _fits_column(label: str, column: str, c: dict) -> list[str]:
    app_model, field = column.rsplit(".", 1)
    bounds = column_bounds(apps.get_model(app_model), field)
    problems = []
    for key in ("max_length", "max_digits", "decimal_places", "le", "lt"):
        if key in c and key in ("le", "lt") and "le" in bounds and c[key] > bounds["le"]:
            problems.append(f"{label}: {key}={c[key]} is above {column} ({bounds['le']})")
        elif key in c and key not in ("le", "lt") and key in bounds and c[key] > bounds[key]:
            problems.append(f"{label}: {key}={c[key]} is wider than {column} ({bounds[key]})")
    for key in ("ge", "gt"):
        if key in c and "ge" in bounds and c[key] < bounds["ge"]:
            problems.append(f"{label}: {key}={c[key]} is below {column} ({bounds['ge']})")
    if "max_length" in bounds and "max_length" not in c:
        problems.append(f"{label}: no max_length for {column}")
    return problems


def _operations():
    from django.urls import get_resolver

    from phangnga.api import api

    assert get_resolver().url_patterns  # mounts the routers that are named by string (geo's routing router)
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                yield f"{','.join(op.methods)} {prefix}{path}", op


def test_every_numeric_and_text_input_is_bounded_within_its_column():
    problems: list[str] = []
    for label, op in _operations():
        for param_model in op.models:
            if param_model.__name__.startswith("PathParams"):
                continue
            problems += _schema_problems(param_model, label, set())
    assert not problems, "unbounded API inputs:\n" + "\n".join(sorted(set(problems)))


def _platform_models():
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("phangnga.")]


def test_every_numeric_column_has_the_guard_before_writing():
    """For every Decimal and integer column of every platform model, a value one past the column is
    refused before the write (FieldError naming the field), on whichever database runs the tests."""
    from phangnga.core.errors import FieldError
    from phangnga.core.validation import check_columns

    checked = 0
    for model in _platform_models():
        for f in model._meta.concrete_fields:
            if f.primary_key or f.is_relation:
                continue
            if isinstance(f, models.DecimalField):
                too_big = Decimal(10) ** (f.max_digits - f.decimal_places)
            elif isinstance(f, models.IntegerField):
                too_big = INTEGER_RANGES[f.get_internal_type()][1] + 1
            else:
                continue
            instance = model()
            setattr(instance, f.attname, too_big)
            with pytest.raises(FieldError) as refused:
                check_columns(instance)
            assert f.name in refused.value.fields, f"{model.__name__}.{f.name}"
            checked += 1
    assert checked > 30
