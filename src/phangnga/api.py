"""The JSON API under /api/v1/: one NinjaAPI, each app mounts its router here."""

from __future__ import annotations

import importlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .core import validation
from .core.auth import token_or_session
from .core.errors import ApiError, error_response, fields_from_validation
from .core.kernel_errors import KernelInputError
from .core.openapi import DocumentedAPI
from .core.schemas import Renderer
from .core.thai import ThaiValueError

log = logging.getLogger(__name__)

# DocumentedAPI: the OpenAPI document lists each operation's error answers (core/openapi.py).
api = DocumentedAPI(
    title="Phang Nga Smart Province API",
    version="1",
    description="Marine emergency, referral, smart travel, farming, IoT, health, land readjustment and KPIs. "
    "Errors are JSON {error, detail, fields}. Authenticate with `Authorization: Bearer <token>` "
    "(make one on the *My API tokens* page, /accounts/tokens/, or `phangnga token create --user NAME`).",
    urls_namespace="api",
    parser=validation.parser(),
    # Writes the free-form parts of an output schema as they are (core/schemas.FreeForm).
    renderer=Renderer(),
    # Closed by default: a route is open to anyone only if it says `auth=None`, and
    # tests/core/test_public_routes.py lists every such route.
    auth=token_or_session,
)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error_response(exc.status, exc.code, exc.detail, exc.fields)


# A kernel's or a Thai helper's refusal that a route did not catch itself is still the client's
# input at fault: 422 naming the field, never a 500 (the fuzzer found FY2443 reaching the CKD
# indicator's threshold table through the dashboard's health card).
@api.exception_handler(KernelInputError)
def _kernel_input(request, exc: KernelInputError):
    return error_response(422, exc.code, f"{exc.field}: {exc.message}", {exc.field: exc.message})


@api.exception_handler(ThaiValueError)
def _thai_value(request, exc: ThaiValueError):
    return error_response(422, exc.code, f"{exc.field}: {exc.message}", {exc.field: exc.message})


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    fields = fields_from_validation(exc.errors)
    detail = "; ".join(f"{k}: {v}" for k, v in fields.items())
    return error_response(422, "validation_error", detail, fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_response(401, "unauthorized", "Authentication required: send a Bearer token or log in")


@api.exception_handler(AuthorizationError)
def _forbidden_ninja(request, exc):
    return error_response(403, "forbidden", str(exc) or "Forbidden")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(403, "forbidden", str(exc) or "Forbidden")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404, "not_found", str(exc) or "Not found")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    detail = "request body is over the limit of the API"
    return error_response(413, "body_too_large", detail, {"body": detail})


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # Ninja wraps what the parser raised ("Cannot parse request body"): answer with the cause.
    if isinstance(exc.__cause__, ApiError):
        return _api_error(request, exc.__cause__)
    if isinstance(exc.__cause__, RequestDataTooBig):
        return _too_big(request, exc.__cause__)
    return error_response(exc.status_code, "error", str(exc))


def _mount_app_routers() -> None:
    """Each platform app may define `api.router`; mount it at the app's own prefix."""
    for app in settings.PHANGNGA_APPS:
        try:
            module = importlib.import_module(f"{app}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", "/" + app.rsplit(".", 1)[1]), router)


_mount_app_routers()
