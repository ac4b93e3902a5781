"""Who may use the health pages and API: health officers and clinic (hospital) staff."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from phangnga.core import roles

HEALTH_ROLES = (roles.HEALTH_OFFICER, roles.HOSPITAL_STAFF)


def check_facility(user, facility) -> None:
    """Hospital staff tied to a facility run only that facility's queue; health officers
    (and admins) see every facility."""
    if user.has_role(roles.HEALTH_OFFICER):
        return
    if user.facility_id is not None and user.facility_id != facility.pk:
        raise PermissionDenied("facility")
