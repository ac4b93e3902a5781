"""Every 2xx answer of the OpenAPI document says what comes back: a schema with properties (or a
list of them), never nothing, a bare `dict` or an empty object. The operations that do not are
listed below, each with the reason; the list may only shrink (an entry whose operation now has a
schema, or is gone, fails too)."""

from __future__ import annotations

MOVE_PREVENTION = "left for the move to the new prevention app (AEDs, screening, CAP, trainings)"
MOVE_FLEET = "left for the move of units to the new fleet app (/emergency/resources)"
FILE = "not JSON: a file (XML, PNG, SVG, PDF) described by its content type"
GEOJSON = "GeoJSON FeatureCollection: free-form on purpose (the standard's structure)"
INDICATORS = "indicator tables computed by a kpis module: free-form on purpose, one shape per indicator set"

ALLOWED: dict[str, str] = {
    # emergency
    "GET /api/v1/emergency/aeds/alerts": MOVE_PREVENTION,
    "GET /api/v1/emergency/aeds/nearest": MOVE_PREVENTION,
    "GET /api/v1/emergency/aeds/{code}/checks": MOVE_PREVENTION,
    "POST /api/v1/emergency/aeds/{code}/checks": MOVE_PREVENTION,
    "GET /api/v1/emergency/alerts": MOVE_PREVENTION,
    "GET /api/v1/emergency/alerts.cap": MOVE_PREVENTION,
    "GET /api/v1/emergency/screenings/stats": MOVE_PREVENTION,
    "POST /api/v1/emergency/screenings": MOVE_PREVENTION,
    "GET /api/v1/emergency/trainings/alerts": MOVE_PREVENTION,
    "GET /api/v1/emergency/resources": MOVE_FLEET,
    "GET /api/v1/emergency/resources/ranking": MOVE_FLEET,
    "PATCH /api/v1/emergency/resources/{code}/position": MOVE_FLEET,
    "POST /api/v1/emergency/resources/{code}/position": MOVE_FLEET,
    "GET /api/v1/emergency/kpis": INDICATORS,
    # referral
    "GET /api/v1/referrals/{referral_id}/fhir": "a FHIR R4 Bundle: free-form on purpose (the FHIR standard's structure)",
    "POST /api/v1/referrals/fhir": "answers the FHIR R4 Bundle of the referral made: free-form on purpose",
    # dashboard
    "GET /api/v1/dashboard": INDICATORS,
    # geo
    "GET /api/v1/geo/land": GEOJSON,
    "GET /api/v1/geo/route": "the routing kernel's itinerary: free-form on purpose (legs, geometry)",
    "POST /api/v1/geo/matrix": "the routing kernel's time matrix: free-form on purpose",
    # health
    "GET /api/v1/health/kpis": INDICATORS,
    # land
    "GET /api/v1/land/projects/{project_id}/before.geojson": GEOJSON,
    "GET /api/v1/land/projects/{project_id}/layout.geojson": GEOJSON,
    # travel
    "GET /api/v1/travel/signs.pdf": FILE,
    "GET /api/v1/travel/signs/{code}/qr.png": FILE,
    "GET /api/v1/travel/signs/{code}/qr.svg": FILE,
    "GET /api/v1/travel/signs/{code}/sign.pdf": FILE,
    "GET /api/v1/travel/signs/{code}/sign.svg": FILE,
}


def _schema():
    from phangnga.api import api

    return api.get_openapi_schema()


def _resolve(doc: dict, node: dict) -> dict:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def described(doc: dict, node: dict | None) -> bool:
    """A schema that says something: properties, or a list/union of such, or a scalar."""
    if not node:
        return False
    node = _resolve(doc, node)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            return all(described(doc, o) or _resolve(doc, o).get("type") == "null" for o in node[key])
    if node.get("type") == "array":
        return described(doc, node.get("items"))
    if node.get("type") == "object" or "properties" in node:
        extra = node.get("additionalProperties")
        return bool(node.get("properties")) or (isinstance(extra, dict) and described(doc, extra))
    return bool(node.get("type"))


def untyped_operations(doc: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            for status, answer in op["responses"].items():
                if not 200 <= int(status) < 300:
                    continue
                node = (answer.get("content") or {}).get("application/json", {}).get("schema")
                if not described(doc, node):
                    out.setdefault(f"{method.upper()} {path}", []).append(str(status))
    return out


def test_every_2xx_answer_has_a_schema_or_a_reason():
    untyped = untyped_operations(_schema())
    missing = [f"{op} ({', '.join(s)})" for op, s in sorted(untyped.items()) if op not in ALLOWED]
    assert not missing, (
        "2xx answers without an output schema (add one, or a reason to ALLOWED):\n" + "\n".join(missing)
    )


def test_the_allow_list_names_only_untyped_operations():
    doc = _schema()
    untyped = untyped_operations(doc)
    ops = {f"{m.upper()} {p}" for p, methods in doc["paths"].items() for m in methods}
    stale = sorted(op for op in ALLOWED if op not in untyped or op not in ops)
    assert not stale, "operations of ALLOWED that are gone or now have a schema:\n" + "\n".join(stale)
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_check_refuses_a_bare_dict():
    doc = {"components": {"schemas": {}}}
    assert not described(doc, {"type": "object", "additionalProperties": True, "title": "Response"})
    assert not described(doc, {"type": "array", "items": {"type": "object"}})
    assert not described(doc, None)
    assert described(doc, {"type": "object", "additionalProperties": {"type": "number"}})  # dict[str, float]
    assert described(doc, {"type": "object", "properties": {"id": {"type": "integer"}}})
