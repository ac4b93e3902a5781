"""FHIR R4 models for referral interop.

fhir.resources 8.x is built on pydantic 2 (which Django Ninja needs too); its default
models are R5, so we use its `R4B` package: FHIR 4.3, which keeps R4's shape for the
resources exchanged here (Patient, ServiceRequest, Task, Encounter, Organization, Location).
See docs/decisions/0003-fhir-resources-r4b.md.
"""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

__all__ = ["Bundle", "ValidationError", "resource_type"]


def resource_type(resource) -> str:
    return resource.get_resource_type()
