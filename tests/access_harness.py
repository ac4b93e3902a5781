"""Drive every API operation and every page as each demo account, and classify the answer.

Used by tests/core/test_access_matrix.py (which compares the outcome with the table in
src/phangnga/core/data/access_matrix.csv). Run as a script-free helper: the test module loads
the demo once, then asks `Harness.outcome(kind, method, path, role)` for each cell.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

MATRIX = Path(__file__).resolve().parents[1] / "src" / "phangnga" / "core" / "data" / "access_matrix.csv"

# Columns of the table: anonymous, then the demo accounts of the README (core/demo.DEMO_USERS).
ROLES = (
    "anonymous",
    "admin",
    "dispatcher",
    "crew",
    "hospital",
    "nurse",
    "kohyao",
    "tourism",
    "agri",
    "farmer",
    "healthofficer",
    "land",
    "viewer",
)

# Tables a refused request may still write: the audit log (refusals are not audited today, but
# would be allowed to be), sessions, and a token's last-used time.
UNGUARDED_TABLES = {"core_auditentry", "django_session", "core_apitoken"}

# Pages of Django's own account views: the login and password pages are for everyone.
SKIP_PAGE_PREFIXES = ("admin/", "api/v1/")

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    kind: str  # api | page
    method: str
    path: str
    cells: dict[str, str]
    note: str


def read_matrix(path: Path = MATRIX) -> dict[tuple[str, str, str], Row]:
    rows = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for line in csv.DictReader(line for line in fh if not line.startswith("#")):
            row = Row(
                line["kind"],
                line["method"],
                line["path"],
                {r: line[r].strip() for r in ROLES},
                line.get("note", ""),
            )
            rows[(row.kind, row.method, row.path)] = row
    return rows


def api_operations(schema: dict) -> list[tuple[str, str, dict]]:
    ops = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            ops.append((method.upper(), path, op))
    return ops


def page_patterns() -> list[tuple[str, URLPattern]]:
    """Every page route as a `{name}` template (the API and the admin site are left out)."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                s = str(p.pattern)
                if s.startswith(SKIP_PAGE_PREFIXES):
                    continue
                yield from walk(p.url_patterns, prefix + s)
            else:
                yield prefix + str(p.pattern), p

    out = []
    for route, pattern in walk(get_resolver().url_patterns):
        template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        out.append((template, pattern))
    return out


class Writes:
    """Counts INSERT/UPDATE/DELETE statements per table while active (every ORM and raw query
    goes through Django's cursor, so nothing slips past)."""

    def __init__(self):
        self.tables: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        m = _WRITE.match(sql)
        if m and m.group(2).lower() not in UNGUARDED_TABLES:
            self.tables.append(m.group(2))
        return execute(sql, params, many, context)


# ----- a minimal valid body for each write, from the OpenAPI document --------------------------

# Bodies a generated sample would not fit (the first event kind of the schema is not a step an
# open incident can take next): written out by hand.
BODY_OVERRIDES: dict[tuple[str, str], object] = {
    ("POST", "/api/v1/emergency/incidents/{incident_id}/events"): {"kind": "en_route", "note": "matrix"},
}


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        node = schema["components"]["schemas"][name]
    return node


def sample_value(schema: dict, node: dict, name: str = ""):
    node = _resolve(schema, node)
    if "default" in node and node["default"] is not None:
        return node["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if _resolve(schema, o).get("type") != "null"]
            return sample_value(schema, options[0], name) if options else None
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        return {k: sample_value(schema, v, k) for k, v in props.items() if k in node.get("required", [])}
    if kind == "array" and "prefixItems" in node:  # a tuple, e.g. a [lat, lon] point
        return [sample_value(schema, item, name) for item in node["prefixItems"]]
    if kind == "array":
        n = node.get("minItems", 0)
        return [sample_value(schema, node.get("items", {}), name) for _ in range(n)]
    if kind == "integer":
        return max(node.get("minimum", 1), node.get("exclusiveMinimum", 0) + 1)
    if kind == "number":
        return max(node.get("minimum", 1), node.get("exclusiveMinimum", 0) + 1)
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = node.get("format")
        if fmt == "date":
            return date.today().isoformat()
        if fmt == "date-time":
            return date.today().isoformat() + "T08:00:00+07:00"
        return "x" * max(1, node.get("minLength", 1))
    return None


# Required query parameters that need a meaningful value (a fiscal year, a point in the province).
QUERY_VALUES = {
    "fy": "2563",
    "lat": 8.45,
    "lon": 98.53,
    "from": "8.45,98.53",
    "to": "8.12,98.6",
    "before_start": "2020-10-01",
    "before_end": "2020-12-31",
    "after_start": "2021-01-01",
    "after_end": "2021-03-31",
    "attended": "true",
}


def sample_query(schema: dict, op: dict, per_user: dict | None = None) -> str:
    from urllib.parse import urlencode

    params = {}
    for param in op.get("parameters", []):
        if param.get("in") != "query" or not param.get("required"):
            continue
        name = param["name"]
        if per_user and f"_q_{name}" in per_user:
            params[name] = per_user[f"_q_{name}"]
        else:
            params[name] = QUERY_VALUES.get(name, sample_value(schema, param.get("schema", {}), name))
    return ("?" + urlencode(params)) if params else ""


def sample_body(schema: dict, method: str, path: str, op: dict):
    if (method, path) in BODY_OVERRIDES:
        return BODY_OVERRIDES[(method, path)]
    body = op.get("requestBody")
    if not body:
        return None
    content = body.get("content", {})
    if "application/json" in content:
        return sample_value(schema, content["application/json"]["schema"])
    return {}


# ----- outcomes ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int
    allowed: bool
    writes: list[str]
    detail: str = ""

    def __str__(self):
        w = f" wrote {sorted(set(self.writes))}" if self.writes else ""
        return f"{self.status}{' ' + self.detail if self.detail else ''}{w}"


SCHEMA_ERROR_HEADER = "X-Access-Matrix-Schema-Error"


def mark_schema_errors():
    """Ninja refuses a body that does not fit its schema before the view (and its role check)
    runs: such an answer says nothing about access. Mark it so the matrix can tell."""
    from ninja.errors import ValidationError

    from phangnga.api import api

    handler = api._exception_handlers[ValidationError]

    def marked(request, exc):
        resp = handler(request, exc)
        resp[SCHEMA_ERROR_HEADER] = "1"
        return resp

    api._exception_handlers[ValidationError] = marked
    return lambda: api._exception_handlers.__setitem__(ValidationError, handler)


def classify_api(resp) -> tuple[bool, str]:
    if resp.get(SCHEMA_ERROR_HEADER):
        return True, "SCHEMA:" + resp.content.decode()[:300]
    if resp.status_code in (401, 403, 404):
        return False, _error_code(resp)
    return True, _error_code(resp) if resp.status_code >= 400 else ""


def classify_page(resp) -> tuple[bool, str]:
    if resp.status_code in (401, 403, 404):
        return False, ""
    if resp.status_code in (301, 302) and "/accounts/login/" in resp.get("Location", ""):
        return False, "login"
    return True, resp.get("Location", "") if resp.status_code in (301, 302) else ""


def _error_code(resp) -> str:
    if resp.get("Content-Type", "").startswith("application/json"):
        try:
            return str(resp.json().get("error", ""))
        except (ValueError, AttributeError):
            return ""
    return ""


def call(client: Client, method: str, url: str, *, body=None, headers=None, form=False):
    """One request inside a savepoint that is rolled back: an allowed write leaves no trace for
    the next cell, and `Writes` sees whether a refused one tried to write."""
    writes = Writes()
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # a logout answers with a cleared cookie: keep the session
    with transaction.atomic():
        with connection.execute_wrapper(writes):
            kwargs = {"headers": headers or {}}
            if method in ("POST", "PUT", "PATCH"):
                if form:
                    kwargs["data"] = body or {}
                else:
                    kwargs.update(data=body if body is not None else {}, content_type="application/json")
            resp = getattr(client, method.lower())(url, **kwargs)
        transaction.set_rollback(True)
    client.cookies = cookies
    return resp, writes.tables


def fill(template: str, values: dict[str, object]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)


def page_resolves(template: str, pattern_template: str) -> bool:
    return template == pattern_template


def url_name(url: str) -> str:
    match = resolve(url)
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
