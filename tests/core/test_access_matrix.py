"""The role matrix (src/phangnga/core/data/access_matrix.csv) against the live app.

Every operation of the OpenAPI document and every page of the URL conf has a row; each cell
(anonymous and each demo account) is tried on the demo data, loaded once for the module:
- `y` / `own`: the account gets through (no 401, 403, 404 or login redirect; `own` means only
  on the objects of its own scope, and the sample object is one of those);
- `n`: refused (401/403, a login redirect for pages, or 404 for an object hidden from it), and a
  refused write changes nothing in the database (no INSERT/UPDATE/DELETE reaches it).
Each request runs in a savepoint that is rolled back, so no cell sees another's writes.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

import access_samples
from access_harness import (
    MATRIX,
    ROLES,
    api_operations,
    call,
    classify_api,
    classify_page,
    fill,
    mark_schema_errors,
    page_patterns,
    read_matrix,
    sample_body,
    sample_query,
)
from access_samples import values

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]

TABLE = read_matrix() if MATRIX.exists() else {}
ALLOWED = {"y", "own"}

# Page URLs whose parameter takes a few fixed values that behave differently get one row per value.
PAGE_VARIANTS = {
    "/emergency/registry/{what}": ["aeds", "risks", "volunteers", "drills", "screenings"],
    "/emergency/kpis/export.{fmt}": ["csv", "xlsx"],
    "/dashboard/export.{fmt}": ["xlsx", "pdf"],
    "/land/{pk}/{which}.geojson": ["before", "after"],
}


def _schema():
    from phangnga.api import api

    return api.get_openapi_schema()


def _route_template(url: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", resolve(url.split("?")[0]).route)


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker):
    """The demo loaded once; one API client (Bearer token) and one browser client (session) per account."""
    from phangnga.core.demo import load_all
    from phangnga.core.models import ApiToken, User

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        access_samples._memo.clear()
        restore = mark_schema_errors()
        try:
            load_all(log=lambda _msg: None)
            public = Client().post(
                "/api/v1/emergency/help",
                {"kind": "near_drowning", "lat": 8.6366, "lon": 98.239, "phone": "+66 81 234 5678",
                 "signs": ["unconscious"]},
                content_type="application/json",
                headers={"Idempotency-Key": access_samples.PUBLIC_KEY},
            )  # fmt: skip
            assert public.status_code == 201, public.content
            users = {name: User.objects.get(username=name) for name in ROLES if name != "anonymous"}
            users["anonymous"] = None
            api_clients, page_clients = {}, {}
            for name, user in users.items():
                api_c, page_c = Client(raise_request_exception=False), Client(raise_request_exception=False)
                if user is not None:
                    _, raw = ApiToken.issue(user, "matrix")
                    api_c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
                    page_c.force_login(user)
                api_clients[name], page_clients[name] = api_c, page_c
            yield {"users": users, "api": api_clients, "pages": page_clients, "schema": _schema()}
        finally:
            restore()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _try(live, row_kind: str, method: str, path: str, role: str):
    user = live["users"][role]
    params = values(path, user)
    url = fill(path, params)
    if row_kind == "api":
        op = live["schema"]["paths"][path][method.lower()]
        body = sample_body(live["schema"], method, path, op)
        if isinstance(body, dict):
            body = {**body, **{k[len("_body_") :]: v for k, v in params.items() if k.startswith("_body_")}}
        url += params.get("_query") or sample_query(live["schema"], op, params)
        resp, writes = call(live["api"][role], method, url, body=body)
        allowed, detail = classify_api(resp)
    else:
        url += params.get("_query", "")
        resp, writes = call(live["pages"][role], method, url, form=True)
        allowed, detail = classify_page(resp)
    return resp.status_code, allowed, detail, writes, params["_foreign"]


def _check_row(live, kind, method, path):
    row = TABLE[(kind, method, path)]
    wrong = []
    public = row.cells["anonymous"] in ALLOWED
    for role in ROLES:
        expect = row.cells[role]
        status, allowed, detail, writes, foreign = _try(live, kind, method, path, role)
        if expect == "own" and foreign:
            expect = "n"  # the account has no object of its own here: the sample is someone else's
        if detail.startswith("SCHEMA:"):
            wrong.append(f"{role}: the sample request does not fit the schema, so it says nothing: {detail}")
        elif expect in ALLOWED and not allowed:
            wrong.append(f"{role}: expected allowed, got {status} {detail}")
        elif expect == "n":
            if allowed:
                wrong.append(f"{role}: expected refused, got {status} {detail}")
            elif method != "GET" and writes:
                wrong.append(f"{role}: refused ({status}) but wrote {sorted(set(writes))}")
        elif role == "viewer" and writes and not public:
            wrong.append(f"{role}: the read-only account wrote {sorted(set(writes))} ({status})")
        elif expect not in ALLOWED | {"n"}:
            wrong.append(f"{role}: cell {expect!r} is not y, own or n")
    assert not wrong, f"{method} {path}:\n  " + "\n  ".join(wrong)


def test_every_route_has_a_row(live):
    """Every OpenAPI operation and every page (with each method it answers) is in the table, and
    the table names no route that is gone."""
    wanted = set()
    for method, path, _op in api_operations(live["schema"]):
        wanted.add(("api", method, path))
    wanted |= set(page_rows())
    have = set(TABLE)
    missing = sorted(wanted - have)
    stale = sorted(have - wanted)
    assert not missing, "routes missing from access_matrix.csv:\n" + "\n".join(",".join(m) for m in missing)
    assert not stale, "rows for routes that no longer exist:\n" + "\n".join(",".join(s) for s in stale)


def _page_methods(view) -> list[str]:
    """The methods a page serves, read from its view (no request needed): those of a
    require_http_methods/require_POST decorator if it has one, else GET, plus POST when the
    view handles a form (reads request.POST/FILES or request.method, or is a class-based view
    with a post method). Views that ignore the method get one GET row."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:  # a class-based view: the methods it defines and lets through
        return [m for m in ("GET", "POST") if m.lower() in view_class.http_method_names
                and hasattr(view_class, m.lower())]  # fmt: skip
    allowed = _declared_methods(view)
    if allowed is not None:
        return [m for m in ("GET", "POST") if m in allowed]
    return ["GET", "POST"] if _handles_post(view) else ["GET"]


def _declared_methods(view) -> set[str] | None:
    import inspect

    while view is not None:
        closure = inspect.getclosurevars(view).nonlocals if inspect.isfunction(view) else {}
        if "request_method_list" in closure:
            return set(closure["request_method_list"])
        view = getattr(view, "__wrapped__", None)
    return None


def _handles_post(view) -> bool:
    import inspect

    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return True
    return any(word in source for word in ("request.POST", "request.FILES", "request.method"))


def page_rows() -> list[tuple[str, str, str]]:
    """(kind, method, path) of every page row the table must have."""
    rows = []
    for template, pattern in page_patterns():
        paths = [template.replace("{" + k + "}", v) for k, vs in _variant_params(template) for v in vs] or [
            template
        ]
        for path in paths:
            rows.extend(("page", method, path) for method in _page_methods(pattern.callback))
    return rows


def _variant_params(template: str):
    variants = PAGE_VARIANTS.get(template)
    if not variants:
        return []
    name = re.findall(r"\{(\w+)\}", template)[-1] if template != "/land/{pk}/{which}.geojson" else "which"
    return [(name, variants)]


API_ROWS = sorted(k for k in TABLE if k[0] == "api")
PAGE_ROWS = sorted(k for k in TABLE if k[0] == "page")


@pytest.mark.parametrize("kind,method,path", API_ROWS, ids=[f"{m} {p}" for _, m, p in API_ROWS])
def test_api_cell(live, kind, method, path):
    _check_row(live, kind, method, path)


@pytest.mark.parametrize("kind,method,path", PAGE_ROWS, ids=[f"{m} {p}" for _, m, p in PAGE_ROWS])
def test_page_cell(live, kind, method, path):
    _check_row(live, kind, method, path)
