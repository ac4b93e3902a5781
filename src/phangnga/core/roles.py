"""Roles are Django groups. One place lists them so demo data, checks and admin agree."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ADMIN = "admin"
DISPATCHER = "dispatcher"
RESCUE_CREW = "rescue_crew"
HOSPITAL_STAFF = "hospital_staff"
REFERRAL_NURSE = "referral_nurse"
TOURISM_OFFICER = "tourism_officer"
AGRICULTURE_OFFICER = "agriculture_officer"
FARMER = "farmer"
HEALTH_OFFICER = "health_officer"
LAND_OFFICER = "land_officer"
VIEWER = "viewer"

ROLES: dict[str, str] = {
    ADMIN: _("Administrator"),
    DISPATCHER: _("Dispatcher (command centre)"),
    RESCUE_CREW: _("Rescue crew / volunteer"),
    HOSPITAL_STAFF: _("Hospital staff"),
    REFERRAL_NURSE: _("Referral nurse"),
    TOURISM_OFFICER: _("Tourism officer"),
    AGRICULTURE_OFFICER: _("Agriculture officer"),
    FARMER: _("Farmer"),
    HEALTH_OFFICER: _("Health officer"),
    LAND_OFFICER: _("Land officer"),
    VIEWER: _("Viewer (read only)"),
}

# Who may create or change places in the registry, and which kinds of place each keeps: the
# health office its facilities, the command centre the places rescues start from or go to,
# tourism its attractions. A tourism officer adding a "hospital" would send ambulances there.
PLACE_EDITORS = (ADMIN, DISPATCHER, HEALTH_OFFICER, TOURISM_OFFICER)
PLACE_KINDS: dict[str, frozenset[str]] = {
    DISPATCHER: frozenset({"pier", "island", "dive_site", "beach", "town", "command_centre", "medical_unit"}),
    HEALTH_OFFICER: frozenset({"hospital", "health_centre", "district_health_office", "medical_unit"}),
    TOURISM_OFFICER: frozenset({"attraction", "dive_site", "beach", "island", "pier"}),
}


def place_kinds_for(user) -> frozenset[str] | None:
    """The kinds of place `user` may add; None means every kind (admins)."""
    if user.is_superuser or user.has_role(ADMIN):
        return None
    kinds: set[str] = set()
    for role, allowed in PLACE_KINDS.items():
        if user.has_role(role):
            kinds |= allowed
    return frozenset(kinds)


def ensure_roles() -> None:
    from django.contrib.auth.models import Group

    for name in ROLES:
        Group.objects.get_or_create(name=name)
