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

# Who may create or change places in the registry.
PLACE_EDITORS = (ADMIN, DISPATCHER, HEALTH_OFFICER, TOURISM_OFFICER)


def ensure_roles() -> None:
    from django.contrib.auth.models import Group

    for name in ROLES:
        Group.objects.get_or_create(name=name)
