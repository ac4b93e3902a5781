"""The OpenAPI document at /api/v1/openapi.json describes the API truthfully.

- Every component name stands for one class: Ninja files each model's JSON schema under its class
  name, so two classes of the same name in different modules (an incident's `EventIn` and a
  referral's) would silently publish one under the other's name.
- Every operation lists the error statuses it can answer with, each with the one shared `Error`
  schema of core/errors.py.
"""

from __future__ import annotations

import enum
import typing

import pytest
from django.test import Client
from pydantic import BaseModel


def _operations():
    from django.urls import get_resolver

    from phangnga.api import api

    assert get_resolver().url_patterns  # mounts the routers that are named by string
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                yield f"{','.join(op.methods)} {prefix}{path}", op


def _classes_in(annotation, found: set) -> None:
    """Every pydantic model and enum an annotation refers to, through unions, lists and dicts."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for info in annotation.model_fields.values():
            _classes_in(info.annotation, found)
        return
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
        return
    for arg in typing.get_args(annotation):
        _classes_in(arg, found)


def _published_classes() -> dict[str, set[type]]:
    """Component name -> the classes that would be published under it."""
    by_name: dict[str, set[type]] = {}
    for _label, op in _operations():
        found: set = set()
        # Ninja's own wrappers (the parameter models and the `Response` model) are flattened, not
        # published: what they hold is.
        for wrapper in [*op.models, *(m for m in op.response_models.values() if m not in (None, Ellipsis))]:
            if not (isinstance(wrapper, type) and issubclass(wrapper, BaseModel)):
                continue
            for info in wrapper.model_fields.values():
                _classes_in(info.annotation, found)
        for cls in found:
            by_name.setdefault(cls.__name__, set()).add(cls)
    return by_name


def test_every_component_name_stands_for_one_class():
    clashes = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in _published_classes().items()
        if len(classes) > 1
    }
    assert not clashes, f"schema classes published under one component name: {clashes}"


def test_the_renamed_inputs_are_published_under_their_own_names():
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("IncidentEventIn", "ReferralEventIn", "IncidentPatientIn", "ReferralPatientIn"):
        assert name in schemas, name
    assert "kind" in schemas["IncidentEventIn"]["properties"]
    assert "state" in schemas["ReferralEventIn"]["properties"]
    assert "birth_date" in schemas["ReferralPatientIn"]["properties"]
    assert "vitals" in schemas["IncidentPatientIn"]["properties"]


@pytest.fixture(scope="module")
def document() -> dict:
    return Client().get("/api/v1/openapi.json").json()
