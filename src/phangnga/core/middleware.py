"""Language choice: staff pages speak Thai unless the user picked another language;
tourist pages follow the browser's Accept-Language."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Pages for tourists: the browser's language decides (five languages).
TOURIST_PREFIXES = ("/s/", "/travel/", "/emergency/screening")


class PlatformLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith(TOURIST_PREFIXES):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestBodyMiddleware:
    """Bodies the platform will not read, refused before anything parses them.

    On API paths (JSON errors): a body over `limits.max_api_body()` is a 413, a body that is not JSON
    (text/plain, a form) is a 415: Ninja would otherwise parse any content type as JSON, and a
    text/plain POST is a request a foreign page can send without a CORS preflight. On every path a
    request over `limits.MAX_UPLOAD_BYTES` (the largest upload form) is a 413 before Django spools it
    to disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import limits
        from .errors import error_response

        api = request.path.startswith("/api/")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        cap = limits.max_api_body() if api else limits.MAX_UPLOAD_BYTES
        if length > cap:
            detail = f"request body of {length:,} bytes is over the limit of {cap:,} bytes"
            if api:
                return error_response(413, "body_too_large", detail, {"body": detail})
            from django.http import HttpResponse

            return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if api and (length > 0 or chunked) and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            # No Content-Type (a small device's client) is read as JSON; a browser always sends one.
            kind = (request.content_type or "").lower()
            if kind and not (
                kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))
            ):
                detail = f"send the body as application/json (Content-Type was {kind})"
                return error_response(415, "unsupported_media_type", detail, {"body": detail})
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A page whose form let through a value its column cannot hold (core.validation's check
        before every save) answers 422 naming the field, not a 500. The API answers it itself."""
        from .errors import ApiError

        if not isinstance(exception, ApiError) or request.path.startswith("/api/"):
            return None
        from django.http import HttpResponse
        from django.utils.html import escape

        lines = "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in exception.fields.items())
        body = f"<!doctype html><title>{exception.status}</title><p>{escape(exception.detail)}</p><ul>{lines}</ul>"
        return HttpResponse(body, status=exception.status)


# Responses a browser renders as a document, where a policy decides what may run. Scripts, styles,
# JSON and images are not documents: their own policy would be ignored (a service worker script
# is the exception, and `default-src 'self'` allows what ours does).
_DOCUMENT_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"}
)


def content_security_policy(path: str) -> str:
    """The policy for a page at `path`: settings.CONTENT_SECURITY_POLICY, with the directives
    that settings.CONTENT_SECURITY_POLICY_PATHS gives the longest matching path prefix replaced."""
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    prefixes = [p for p in settings.CONTENT_SECURITY_POLICY_PATHS if path.startswith(p)]
    if prefixes:
        policy.update(settings.CONTENT_SECURITY_POLICY_PATHS[max(prefixes, key=len)])
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy on every document: a name or note that smuggles in markup
    (`<img onerror=...>`, `<script>`) shows as text because templates escape it, and if one ever
    slips through, the browser still refuses to run it, since pages run only the platform's own
    static scripts (no inline script, no event-handler attribute). With
    CONTENT_SECURITY_POLICY_REPORT_ONLY the browser reports violations without blocking, to try a
    stricter policy on the live site first. A view that set its own policy keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            else "Content-Security-Policy"
        )
        kind = response.get("Content-Type", "").split(";")[0].strip().lower()
        if kind in _DOCUMENT_TYPES and header not in response:
            response[header] = content_security_policy(request.path)
        return response
