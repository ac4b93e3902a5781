"""Exceptions the API layer maps to 4xx responses.

Each carries a machine-readable `code`, a human `detail` and, where a caller's input
is at fault, the `field` it came from, so the API can answer
`{"error": code, "detail": ..., "fields": {field: detail}}`.
"""

from __future__ import annotations


class RoutingError(Exception):
    code = "routing_error"

    def __init__(self, detail: str, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field

    def fields(self) -> dict[str, str]:
        return {self.field: self.detail} if self.field else {}


class NoRoute(RoutingError):
    """No navigable/drivable path exists (or the chosen boat may not sail in this sea)."""

    code = "no_route"

    def __init__(self, reason: str, field: str | None = None):
        super().__init__(reason, field)
        self.reason = reason


class OutOfRegion(RoutingError):
    """A point is malformed or outside the region the network covers."""

    code = "out_of_region"

    def __init__(self, field: str, detail: str | None = None):
        super().__init__(detail or f"{field} is outside the routing region", field)


class UnknownClass(RoutingError):
    """An unknown boat class, vehicle, sea state or road class was asked for."""

    code = "unknown_class"

    def __init__(self, field: str, value: object, known: list[str]):
        super().__init__(f"unknown {field} {value!r}; known: {', '.join(sorted(known))}", field)
        self.value = value
        self.known = known
