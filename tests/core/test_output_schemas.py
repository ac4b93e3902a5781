"""Output schemas describe exactly what the routes return (core/schemas.py).

Ninja filters a result through its `response=` schema: a key the schema lacks would vanish from
the JSON. The test suite runs in strict mode (tests/conftest.py), where such a key, or a value the
schema would change (3 -> 3.0), raises `OutputChanged`. Here: the guard itself, and every
operation with an output schema called on the demo data (the JSON it answers must also fit the
schema strictly, which covers the routes that answer a JsonResponse of their own)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from pydantic import BaseModel

import access_samples
from access_harness import ROLES, call, fill, read_matrix, sample_body, sample_query
from access_samples import values
from phangnga.core.schemas import Num, OutputChanged, OutSchema, strict_output_on


class _Point(OutSchema):
    lat: float
    n: Num


def test_the_suite_runs_in_strict_mode():
    assert strict_output_on()


def test_a_key_the_schema_lacks_fails_instead_of_vanishing():
    with pytest.raises(OutputChanged, match=r"drop \['lon'\]"):
        _Point.model_validate({"lat": 8.1, "n": 1, "lon": 98.2})


def test_a_value_the_schema_would_change_fails():
    class Lax(OutSchema):
        n: float

    assert _Point.model_validate({"lat": 8.1, "n": 3}).model_dump() == {"lat": 8.1, "n": 3}
    with pytest.raises(OutputChanged, match="would change"):
        Lax.model_validate({"n": 3})  # an int through a float field comes out as 3.0


def _typed_operations():
    """(path, method, status -> response model) of every operation whose 2xx answer has a schema."""
    from phangnga.api import api

    schema = api.get_openapi_schema()
    ops = api._operations_by_path(schema)
    for (path, method), op in sorted(ops.items()):
        models = {s: m for s, m in op.response_models.items() if isinstance(s, int) and 200 <= s < 300}
        if models and all(m is not None and getattr(m, "model_fields", None) for m in models.values()):
            yield path, method, models


@pytest.mark.django_db
@pytest.mark.timeout(900)
def test_every_typed_operation_answers_its_schema_on_demo_data(django_db_setup, django_db_blocker):
    from phangnga.api import api
    from phangnga.core.demo import load_all
    from phangnga.core.models import ApiToken, User

    table = read_matrix()
    schema = api.get_openapi_schema()
    clients: dict[str, Client] = {}
    checked, wrong = 0, []
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            access_samples._memo.clear()
            load_all(log=lambda _msg: None)
            for path, method, models in _typed_operations():
                row = table[("api", method.upper(), path)]
                role = next((r for r in ROLES[1:] if row.cells[r] in ("y", "own")), None)
                if role is None:
                    continue
                if role not in clients:
                    clients[role] = Client()  # raises what the view raised: OutputChanged reaches us
                    _, raw = ApiToken.issue(User.objects.get(username=role), "schemas")
                    clients[role].defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
                user = User.objects.get(username=role)
                op = schema["paths"][path][method]
                params = values(path, user)
                body = sample_body(schema, method.upper(), path, op)
                if isinstance(body, dict):
                    body = {
                        **body,
                        **{k[len("_body_") :]: v for k, v in params.items() if k.startswith("_body_")},
                    }
                url = fill(path, params) + (params.get("_query") or sample_query(schema, op, params))
                resp, _ = call(clients[role], method.upper(), url, body=body)
                if resp.status_code not in models:
                    continue  # a refusal (the sample body's values): answered in the Error schema
                model: type[BaseModel] = models[resp.status_code]
                try:
                    model.model_validate({"response": resp.json()})
                except OutputChanged as exc:
                    wrong.append(f"{method.upper()} {path}: {exc}")
                checked += 1
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    assert not wrong, "\n".join(wrong)
    assert checked >= 20, f"only {checked} typed operations answered 2xx on the demo data"
