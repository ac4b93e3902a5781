"""Querysets and inserts compiled to SQL once, for hot paths.

Django compiles a queryset to SQL on every evaluation; for a small table read on every request
(emergency's unit registry, ~15 rows, on every incident report) that compilation costs ten times
the query itself. A `CompiledQuery` compiles its queryset once per database connection settings
and then runs the SQL with a plain cursor, building model instances with `Model.from_db` as the
ORM does, after the same value converters (SQLite hands datetimes back as text, for one). Only
for querysets without per-call parameters and without related selections.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Generic, TypeVar

from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.fields import AutoFieldMixin

M = TypeVar("M", bound=Model)


class CompiledQuery(Generic[M]):
    def __init__(self, queryset: Callable[[], QuerySet[M]], using: str = "default"):
        self._queryset = queryset
        self._using = using
        self._compiled: dict[int, tuple[type[M], list[str], str, tuple, dict]] = {}
        self._shared: dict[int, dict[tuple, M]] = {}  # per connection settings: raw row -> instance

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

    def all(self, *, shared: bool = False) -> list[M]:
        """The rows as model instances. `shared=True`: a row that is byte for byte what the
        previous call read comes back as the same instance, without converting or constructing
        it again (the unit registry changes a few times a minute and is read on every report).
        Shared instances are seen by every caller and thread: only for read-only use."""
        model, fields, sql, params, converters = self._compile()
        connection = connections[self._using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()

        def build(row: tuple) -> M:
            if converters:
                row = _converted(row, converters, connection)
            return model.from_db(self._using, fields, row)

        if not shared:
            return [build(row) for row in rows]
        previous = self._shared.get(id(connection.settings_dict), {})
        current: dict[tuple, M] = {}
        instances = []
        for row in rows:
            try:
                instance = previous.get(row)
            except TypeError:  # an unhashable value (JSON decoded by the driver): built each time
                instances.append(build(row))
                continue
            if instance is None:
                instance = build(row)
            current[row] = instance
            instances.append(instance)
        self._shared[id(connection.settings_dict)] = current  # only rows still in the table
        return instances


def _converted(row: tuple, converters: dict, connection) -> tuple:
    values = list(row)
    for pos, (functions, expression) in converters.items():
        for convert in functions:
            values[pos] = convert(values[pos], expression, connection)
    return tuple(values)


class CompiledInsert(Generic[M]):
    """Many new rows of one model in one `INSERT ... RETURNING` statement, with the column list
    and each field's value preparation worked out once.

    What `QuerySet.bulk_create` does for plain rows (auto primary key, no expressions, no
    conflict handling), without rebuilding its compiler on every call and without running
    `get_db_prep_save` on values the database driver takes as they are: for a batch of a few
    rows, as group commit makes, that per-call work cost more than the INSERT itself. Like
    bulk_create it sends no signals and calls no `save()`. Falls back to bulk_create on a
    database that cannot return the new ids of a multi-row INSERT.
    """

    def __init__(self, model: type[M], using: str = "default"):
        self.model = model
        self._using = using
        self._sql: dict[int, tuple[str, str, str]] = {}

    @cached_property
    def _fields(self) -> list[Field]:  # worked out on first use: models are loaded by then
        meta = self.model._meta
        if not isinstance(meta.pk, AutoFieldMixin):
            raise ValueError(f"{self.model.__name__}: CompiledInsert needs an auto-increment primary key")
        return [f for f in meta.concrete_fields if not f.primary_key and not f.generated]

    @cached_property
    def _foreign(self) -> list[Field]:
        return [f for f in self._fields if f.is_relation]

    @cached_property
    def _plain(self) -> list[frozenset[type]]:
        """Per field, the value types that go to the driver untouched (get_db_prep_save would
        return them unchanged); any other value is prepared by the field."""
        return [_plain_types(f) for f in self._fields]

    @cached_property
    def _pre_save(self) -> list[bool]:
        """Per field, whether it computes its value on save (auto_now_add and the like)."""
        return [type(f).pre_save is not Field.pre_save for f in self._fields]

    def _statement(self, connection) -> tuple[str, str, str]:
        """(INSERT INTO table (columns) VALUES, one row's placeholders, RETURNING id)."""
        key = id(connection.settings_dict)
        if key not in self._sql:
            qn = connection.ops.quote_name
            columns = ", ".join(qn(f.column) for f in self._fields)
            self._sql[key] = (
                f"INSERT INTO {qn(self.model._meta.db_table)} ({columns}) VALUES ",
                "(" + ", ".join(["%s"] * len(self._fields)) + ")",
                f" RETURNING {qn(self.model._meta.pk.column)}",
            )
        return self._sql[key]

    def insert(self, objs: list[M]) -> list[M]:
        """Insert the unsaved instances; each gets its primary key. Returns `objs`."""
        if not objs:
            return objs
        connection = connections[self._using]
        if not connection.features.can_return_rows_from_bulk_insert:
            return self.model._default_manager.using(self._using).bulk_create(objs)
        head, row, returning = self._statement(connection)
        batch = max(1, connection.ops.bulk_batch_size(self._fields, objs))
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            params: list = []
            for obj in chunk:
                if obj.pk is not None:
                    raise ValueError(f"{obj!r} already has a primary key")
                self._link_parents(obj)
                params.extend(self._values(obj, connection))
            with connection.cursor() as cursor:
                cursor.execute(head + ", ".join([row] * len(chunk)) + returning, params)
                ids = cursor.fetchall()
            for obj, (pk,) in zip(chunk, ids, strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = self._using
        return objs

    def _link_parents(self, obj: M) -> None:
        """A foreign key set to an instance saved after the assignment: take its id now."""
        for field in self._foreign:
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                parent = field.get_cached_value(obj)
                if parent is not None:
                    if parent.pk is None:
                        raise ValueError(f"{field.name}: the related {parent!r} is not saved")
                    setattr(obj, field.attname, parent.pk)

    def _values(self, obj: M, connection) -> list:
        values = []
        for field, plain, pre_save in zip(self._fields, self._plain, self._pre_save, strict=True):
            value = field.pre_save(obj, True) if pre_save else getattr(obj, field.attname)
            if hasattr(value, "resolve_expression"):
                raise ValueError(f"{field.name}: CompiledInsert does not take expressions")
            if type(value) not in plain:
                value = field.get_db_prep_save(value, connection=connection)
            values.append(value)
        return values


_TEXT = ("CharField", "TextField", "SlugField", "EmailField", "URLField")
_INTEGER = (
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
)


def _plain_types(field: Field) -> frozenset[type]:
    """The value types this field's get_db_prep_save returns unchanged, on every backend."""
    if field.is_relation:
        target = field.target_field
        return _plain_types(target) if not target.is_relation else frozenset({type(None)})
    kind = field.get_internal_type()
    if kind in _TEXT:
        return frozenset({str, type(None)})
    if kind in _INTEGER:
        return frozenset({int, type(None)})
    if kind == "FloatField":
        return frozenset({float, type(None)})
    if kind == "BooleanField":
        return frozenset({bool, type(None)})
    return frozenset({type(None)})  # NULL is NULL for every field (JSON null is Value(None))
