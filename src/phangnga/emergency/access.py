"""Who may see and change which incident or resource (role + assignment rules)."""

from __future__ import annotations

from phangnga.core import roles
from phangnga.core.errors import ApiError

from .models import Assignment, Incident, Resource

# Roles that see every incident (the command centre and the provincial health office).
ALL_INCIDENTS = (roles.DISPATCHER, roles.HEALTH_OFFICER)
REPORTERS = (
    roles.DISPATCHER,
    roles.RESCUE_CREW,
    roles.HOSPITAL_STAFF,
    roles.REFERRAL_NURSE,
    roles.HEALTH_OFFICER,
    roles.TOURISM_OFFICER,
)
BOARD = (roles.DISPATCHER, roles.HEALTH_OFFICER, roles.RESCUE_CREW, roles.VIEWER)


def crew_resource_ids(user) -> set[int]:
    return set(user.emergency_resources.values_list("id", flat=True))


def crew_incident_ids(user) -> set[int]:
    """Incidents that one of the user's own units is (or was) assigned to."""
    return set(Assignment.objects.filter(resource__crew=user).values_list("incident_id", flat=True))


def can_view_incident(user, incident: Incident) -> bool:
    if user.has_role(*ALL_INCIDENTS):
        return True
    if incident.created_by_id == user.id:
        return True
    if user.has_role(roles.RESCUE_CREW) and incident.pk in crew_incident_ids(user):
        return True
    if (
        user.has_role(roles.HOSPITAL_STAFF)
        and user.facility_id
        and (
            incident.notices.filter(hospital_id=user.facility_id).exists()
            or incident.patients.filter(destination_id=user.facility_id).exists()
        )
    ):
        return True
    return False


def can_post_event(user, incident: Incident) -> bool:
    if user.has_role(roles.DISPATCHER):
        return True
    if user.has_role(roles.RESCUE_CREW) and incident.pk in crew_incident_ids(user):
        return True
    return user.has_role(roles.HOSPITAL_STAFF) and can_view_incident(user, incident)


def can_update_resource(user, resource: Resource) -> bool:
    """Dispatchers: any unit. Crew: their own units, and units working the same incident as theirs."""
    if user.has_role(roles.DISPATCHER):
        return True
    if not user.has_role(roles.RESCUE_CREW):
        return False
    if resource.pk in crew_resource_ids(user):
        return True
    mine = Assignment.objects.filter(resource__crew=user, released_at__isnull=True).values_list("incident_id")
    return Assignment.objects.filter(
        resource=resource, released_at__isnull=True, incident_id__in=mine
    ).exists()


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise ApiError(403, "forbidden", what)
