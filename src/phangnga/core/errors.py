"""The platform's one error format: {"error": code, "detail": ..., "fields": {...}} with a 4xx."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


class ApiError(Exception):
    """Raise from any API code path; the API turns it into the JSON error format."""

    def __init__(self, status: int, code: str, detail: str = "", fields: dict[str, Any] | None = None):
        super().__init__(detail or code)
        self.status = status
        self.code = code
        self.detail = detail or code
        self.fields = fields or {}


class FieldError(ApiError):
    """422 naming the field that is wrong."""

    def __init__(self, field: str, message: str, code: str = "invalid"):
        super().__init__(422, code, f"{field}: {message}", {field: message})


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"error": code, "detail": detail, "fields": fields or {}}


def error_response(status: int, code: str, detail: str, fields: dict | None = None) -> JsonResponse:
    return JsonResponse(error_body(code, detail, fields), status=status)


def fields_from_validation(errors: list[dict]) -> dict[str, str]:
    """Pydantic/Ninja error list -> {field: message}; `loc` wrappers like body/payload are dropped."""
    fields: dict[str, str] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "header", "form")]
        # Ninja nests the body under the parameter name ("payload"); keep what follows it.
        if len(loc) > 1 and loc[0] in ("payload", "data", "body"):
            loc = loc[1:]
        name = ".".join(loc) or "__all__"
        fields.setdefault(name, err.get("msg", "invalid"))
    return fields
