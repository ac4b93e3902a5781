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


def test_every_operation_documents_its_error_answers_with_the_one_error_schema(document):
    from phangnga.core.openapi import ERROR_SCHEMA

    assert document["components"]["schemas"][ERROR_SCHEMA]["required"] == ["error", "detail", "fields"]
    problems = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            label = f"{method.upper()} {path}"
            statuses = {int(s) for s in op["responses"]}
            needed = set()
            if op.get("security"):
                needed |= {401, 403}
            params = op.get("parameters", [])
            if any(p["in"] == "path" for p in params):
                needed.add(404)
            if "requestBody" in op:
                needed |= {400, 413, 415, 422}
            if params:
                needed.add(422)
            if any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in params):
                needed.add(409)
            if not needed <= statuses:
                problems.append(f"{label}: lists {sorted(statuses)}, lacks {sorted(needed - statuses)}")
            for status, answer in op["responses"].items():
                if int(status) >= 400:
                    schema = answer.get("content", {}).get("application/json", {}).get("schema")
                    if schema != {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}:
                        problems.append(f"{label} {status}: not the Error schema ({schema})")
    assert not problems, "\n".join(problems)


def test_writes_that_take_an_idempotency_key_say_so(document):
    for path, method in [("/api/v1/emergency/incidents", "post"), ("/api/v1/referrals", "post"),
                         ("/api/v1/referrals/{referral_id}/events", "post")]:  # fmt: skip
        op = document["paths"][path][method]
        assert any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in op["parameters"]), path
        assert "409" in op["responses"], path
    help_report = document["paths"]["/api/v1/emergency/help"]["post"]
    assert "429" in help_report["responses"]
    key = next(p for p in help_report["parameters"] if p["name"] == "Idempotency-Key")
    assert key["required"] and key["schema"]["minLength"] == 16


def test_the_schema_states_the_region_and_the_fiscal_years(document):
    nearest = {
        p["name"]: p["schema"]
        for p in document["paths"]["/api/v1/emergency/aeds/nearest"]["get"]["parameters"]
    }
    assert (nearest["lat"]["minimum"], nearest["lat"]["maximum"]) == (7.5, 9.8)
    kpis = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/health/kpis"]["get"]["parameters"]}
    assert "pattern" in kpis["fy"]
