"""The error answers of every API operation, written into the OpenAPI document in one place.

Every route answers errors in the one format of `core/errors.py`, from code shared by all of them
(the auth callback, the parser, the body middleware, `require_role`, `get_object_or_404`, the
idempotency helpers). So which error statuses an operation can answer follows from what it is, and
is derived here rather than repeated in 124 decorators:

- 400: the body is not JSON or is nested too deep (`validation.load_json`);
- 401 and 403: the operation needs authentication (roles are checked by the same calls);
- 404: it has path parameters (an object that does not exist or is not visible to the caller);
- 409: it takes an `Idempotency-Key` (the key reused with another body), or its decorator says so
  (`openapi_extra={"responses": {409: ...}}` for a state that refuses the request);
- 413 and 415: it reads a body (`core.middleware.RequestBodyMiddleware`);
- 422: it reads any parameter, header or body (a value refused, naming the field);
- 429: it is rate limited (`emergency.public_help.throttle`).

Which operations take an idempotency key or are throttled is read from the view function's code
(the names it calls), so a route that starts using `idempotency_key` is documented without a
change here.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

ERROR_SCHEMA = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
ERROR_COMPONENT: dict[str, Any] = {
    "title": ERROR_SCHEMA,
    "type": "object",
    "description": "Every 4xx of the API (core/errors.py): a code, a sentence, and the fields at fault.",
    "properties": {
        "error": {"type": "string", "description": "A short code, e.g. validation_error, not_found"},
        "detail": {"type": "string"},
        "fields": {
            "type": "object",
            "description": "Field name -> what is wrong with it ({} when no field is at fault)",
            "additionalProperties": {"type": "string"},
        },
    },
    "required": ["error", "detail", "fields"],
}

DESCRIPTIONS = {
    400: "The body is not valid JSON, or is nested too deep",
    401: "Authentication required: a Bearer token or a session",
    403: "The caller's roles or scope do not allow this",
    404: "No such object, or not one the caller may see",
    409: "Conflict: the Idempotency-Key was used with another body, or the object's state refuses this",
    413: "The request body is over the API's limit",
    415: "The body is not application/json",
    422: "A value is refused; `fields` names it",
    429: "Too many requests from this network; retry later",
}

IDEMPOTENCY_HEADER: dict[str, Any] = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "The same key on a retry returns the first answer's object; another body with it is a 409",
    "schema": {"type": "string", "minLength": 1, "maxLength": 128},
}

# The API's parser refuses a query value holding a control character (core/validation.py): a
# query string parameter without a pattern of its own gets this one, so the schema says so.
NO_CONTROL_CHARS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"

# Names in a view function's code that mean it takes an idempotency key, or is rate limited.
_IDEMPOTENT_NAMES = frozenset({"idempotency_key", "create_once", "idempotency"})
_THROTTLED_NAMES = frozenset({"throttle"})


def _names(view_func) -> frozenset[str]:
    code = getattr(view_func, "__code__", None)
    return frozenset(code.co_names) if code is not None else frozenset()


def error_statuses(op_doc: dict, view_func) -> list[int]:
    """The error statuses an operation can answer with, from its OpenAPI entry and its code."""
    names = _names(view_func)
    params = op_doc.get("parameters") or []
    has_body = "requestBody" in op_doc
    statuses: set[int] = set()
    if op_doc.get("security"):
        statuses |= {401, 403}
    if any(p.get("in") == "path" for p in params):
        statuses.add(404)
    if names & _IDEMPOTENT_NAMES:
        statuses |= {409, 422}
    if has_body:
        statuses |= {400, 413, 415, 422}
    if params:
        statuses.add(422)
    if names & _THROTTLED_NAMES:
        statuses.add(429)
    # Statuses the decorator declared itself (e.g. a 409 for a state that refuses the request).
    statuses |= {int(s) for s in op_doc.get("responses", {}) if str(s).isdigit() and int(s) >= 400}
    return sorted(statuses)


def document_errors(schema: dict, operations: dict[tuple[str, str], Any]) -> dict:
    """Add the shared Error schema and each operation's error responses (and its Idempotency-Key
    header) to a generated document. `operations`: (path, method) -> the Ninja Operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA] = ERROR_COMPONENT
    for path, methods in schema.get("paths", {}).items():
        for method, op_doc in methods.items():
            op = operations.get((path, method))
            view_func = op.view_func if op is not None else None
            names = _names(view_func)
            if names & _IDEMPOTENT_NAMES:
                params = op_doc.setdefault("parameters", [])
                if not any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in params):
                    params.append(IDEMPOTENCY_HEADER)
            for param in op_doc.get("parameters") or []:
                if param.get("in") == "query":
                    _no_control_chars(param.get("schema", {}))
            # One key per status: a decorator's openapi_extra may have written "409" next to 409.
            responses = {int(k) if str(k).isdigit() else k: v for k, v in op_doc.get("responses", {}).items()}
            op_doc["responses"] = responses
            for status in error_statuses(op_doc, view_func):
                entry = responses.setdefault(status, {})
                entry.setdefault("description", DESCRIPTIONS.get(status, "Error"))
                entry["content"] = {"application/json": {"schema": ERROR_REF}}
    return schema


def _no_control_chars(schema: dict) -> None:
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and "pattern" not in branch and "enum" not in branch:
            branch["pattern"] = NO_CONTROL_CHARS


class DocumentedAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document lists every operation's error answers (see the module doc)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema, self._operations_by_path(schema))

    def _operations_by_path(self, schema: dict) -> dict[tuple[str, str], Any]:
        """(documented path, method) -> Operation, matched as Ninja builds the document's paths."""
        import re

        from ninja.utils import normalize_path

        prefix = getattr(schema, "path_prefix", "")
        found: dict[tuple[str, str], Any] = {}
        for bound in self._get_bound_routers():
            for path, path_view in bound.path_operations.items():
                full = "/" + prefix + "/".join(i for i in (bound.prefix, path) if i)
                full = re.sub(r"{[^}:]+:", "{", normalize_path(full))
                for op in path_view.operations:
                    for method in op.methods:
                        found[(full, method.lower())] = op
        return found
