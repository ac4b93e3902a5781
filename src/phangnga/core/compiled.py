"""Querysets compiled to SQL once, for hot read paths.

Django compiles a queryset to SQL on every evaluation; for a small table read on every request
(emergency's unit registry, ~15 rows, on every incident report) that compilation costs ten times
the query itself. A `CompiledQuery` compiles its queryset once per database connection settings
and then runs the SQL with a plain cursor, building model instances with `Model.from_db` as the
ORM does, after the same value converters (SQLite hands datetimes back as text, for one). Only
for querysets without per-call parameters and without related selections.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class CompiledQuery(Generic[M]):
    def __init__(self, queryset: Callable[[], QuerySet[M]], using: str = "default"):
        self._queryset = queryset
        self._using = using
        self._compiled: dict[int, tuple[type[M], list[str], str, tuple, dict]] = {}

    def _compile(self) -> tuple[type[M], list[str], str, tuple, dict]:
        connection = connections[self._using]
        key = id(connection.settings_dict)  # a test run or a settings override gets its own SQL
        if key not in self._compiled:
            qs = self._queryset()
            if qs.query.select_related:
                raise ValueError("CompiledQuery does not support select_related")
            fields = [f.attname for f in qs.model._meta.concrete_fields]
            compiler = qs.values_list(*fields).query.get_compiler(using=self._using)
            sql, params = compiler.as_sql()
            converters = compiler.get_converters([col for col, _, _ in compiler.select])
            self._compiled[key] = (qs.model, fields, sql, tuple(params), converters)
        return self._compiled[key]

    def all(self) -> list[M]:
        model, fields, sql, params, converters = self._compile()
        connection = connections[self._using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [_converted(row, converters, connection) for row in rows]
        return [model.from_db(self._using, fields, row) for row in rows]


def _converted(row: tuple, converters: dict, connection) -> tuple:
    values = list(row)
    for pos, (functions, expression) in converters.items():
        for convert in functions:
            values[pos] = convert(values[pos], expression, connection)
    return tuple(values)
