"""The base of every output schema of the API, and the guard that keeps them honest.

The routes return plain dicts from serializer functions (which also feed the pages); a route's
`response=` schema documents that dict in the OpenAPI document. Ninja validates and *filters* a
route's result through its schema, so a key the schema lacks would silently vanish from the JSON,
and a lax type would change a value (an int 3 through a `float` field comes out as 3.0). So:

- `OutSchema` validates a dict as pydantic does natively, without Ninja's per-object DjangoGetter
  wrapper (the serializers hand over plain dicts, never ORM objects): no slower than before;
- in strict mode (the test suite turns it on: tests/conftest.py) every validated dict is
  compared with what its schema gives back, and a dropped key or a changed value raises
  `OutputChanged`, so a test that calls the route fails instead of the key going missing;
- `Sparse` is for an object whose keys are not all there every time (a plan body stored as
  JSON by an older version): an absent key stays absent instead of coming out as null.

Types: `Num` keeps an int an int and a float a float (a computed value may be either);
`Moment`/`Day` are the ISO strings the serializers write, documented with their format;
`Label` takes a lazy translation (a choice's label) as the text it renders to.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any

from django.utils.functional import Promise
from ninja import Schema
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

Num = float | int
Moment = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]
# Money, litres and distances kept as Decimal: the JSON encoder writes them as strings ("1250.00").
Money = Annotated[
    Decimal,
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "A decimal number as text"}
    ),
]


class AsIs:
    """A free-form part as the serializer gave it, for the JSON renderer to write (`Renderer`).

    Pydantic would otherwise copy every nested dict and list of it when Ninja dumps the response
    (a referral's plan carries thousands of coordinates: the list of 500 took twice as long)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


# A part that is free-form on purpose (a kernel's itinerary, a stored JSON document): validated as
# an object, handed to the renderer as it is. Only the API's renderer writes it (model_dump_json
# would not know it).
FreeForm = Annotated[
    dict[str, Any],
    PlainSerializer(AsIs, return_type=Any),
    WithJsonSchema({"type": "object", "additionalProperties": True}),
]


class Encoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, AsIs):
            return o.value
        return super().default(o)


class Renderer(JSONRenderer):
    """The API's JSON renderer: Ninja's, writing the `AsIs` parts of a response too."""

    encoder_class = Encoder


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Promise) else value


# A label that may be a lazy translation (a model choice's label): the text in the request's language.
Label = Annotated[str, BeforeValidator(_plain)]


class OutputChanged(RuntimeError):
    """A route's result would lose a key or change a value through its output schema.

    Not a ValueError: pydantic would fold it into a ValidationError; this one must reach the test."""


_strict = {"on": False}


def strict_output(on: bool = True) -> None:
    """Compare every validated dict with what its schema returns (tests; costs a second dump)."""
    _strict["on"] = on


def strict_output_on() -> bool:
    return _strict["on"]


def _text(value: Any) -> str:
    return json.dumps(value, cls=Encoder, sort_keys=True, ensure_ascii=False)


class OutSchema(Schema):
    """Base of the output schemas: a plain dict is validated natively (see the module doc)."""

    # Ninja writes field names, not aliases (by_alias=False): a key that is a Python word ("in")
    # is a field of that name made with pydantic.create_model (see referral/schemas.py).
    model_config = ConfigDict(from_attributes=True)

    # Same name as Ninja's validator, so it replaces it (one Python call per object, not two).
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info):
        if not isinstance(values, dict):
            from ninja.schema import DjangoGetter

            return handler(DjangoGetter(values, cls, info.context))
        model = handler(values)
        if _strict["on"]:
            _compare(cls, values, model)
        return model


def _compare(cls: type[OutSchema], raw: dict, model: OutSchema) -> None:
    known = set(cls.model_fields)
    if cls.model_config.get("extra") != "allow":
        dropped = sorted(set(raw) - known)
        if dropped:
            raise OutputChanged(f"{cls.__name__} would drop {dropped} from the JSON")
    out = model.model_dump(by_alias=False)  # as Ninja dumps a response
    if _text(out) != _text(raw):
        changed = sorted(
            k for k in set(raw) | set(out) if _text(raw.get(k, "<absent>")) != _text(out.get(k, "<absent>"))
        )
        raise OutputChanged(
            f"{cls.__name__} would change {changed}: {[(raw.get(k), out.get(k)) for k in changed][:3]}"
        )


class Sparse(OutSchema):
    """An output object whose optional keys are left out when absent (not written as null)."""

    @model_serializer(mode="wrap")
    def _only_given(self, handler):
        data = handler(self)
        given = self.model_fields_set | set(self.__pydantic_extra__ or {})
        return {k: v for k, v in data.items() if k in given}
