"""Andaman Hub codes a dispatch page shows (incident kinds) in the page's language. The
prevention pages' words (AED problems, CAP severities) are prevention/templatetags/prevention_words.py."""

from __future__ import annotations

from django import template

from ..models import IncidentKind, label

register = template.Library()


@register.filter
def incident_kind(code) -> str:
    return label(IncidentKind, str(code))
