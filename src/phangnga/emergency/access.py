"""Who may see and change which incident or resource (role + assignment rules)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from phangnga.core import roles
from phangnga.core.errors import ApiError
from phangnga.fleet import registry
from phangnga.fleet.models import Resource

from .models import Incident

# Roles that see every incident (the command centre and the provincial health office).
ALL_INCIDENTS = (roles.DISPATCHER, roles.HEALTH_OFFICER)
# Staff intake (POST /incidents, the intake and report pages): dispatch staff and crews. Anyone
# else reports through the public help page and endpoint (/emergency/help), open to all.
REPORTERS = (roles.DISPATCHER, roles.RESCUE_CREW)
BOARD = (roles.DISPATCHER, roles.HEALTH_OFFICER, roles.RESCUE_CREW, roles.VIEWER)
# The board's map shows every open incident to these roles, without personal data for the
# viewer; a crew's board shows the incidents its units work (the same as visible_incidents).
BOARD_ALL = (roles.DISPATCHER, roles.HEALTH_OFFICER, roles.VIEWER)
# Who calls a public reporter back (the board's call-back number): the command centre.
CALLERS = (roles.DISPATCHER,)


def visible_incidents(user, qs: QuerySet[Incident] | None = None) -> QuerySet[Incident]:
    """The incidents this user may read, on every path (API, pages, feed): the one scope of
    an incident. Dispatchers and health officers: all; anyone: the incidents they reported;
    crews: the incidents their units are (or were) assigned to; hospital staff: the incidents
    with a pre-arrival notice to, or a patient bound for, their facility."""
    qs = Incident.objects.all() if qs is None else qs
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.has_role(*ALL_INCIDENTS):
        return qs
    scope = Q(created_by=user)
    if user.has_role(roles.RESCUE_CREW):
        scope |= Q(pk__in=registry.incidents_crewed_by(user))
    if user.has_role(roles.HOSPITAL_STAFF) and user.facility_id:
        from .models import Patient, PreArrivalNotice

        scope |= Q(pk__in=PreArrivalNotice.objects.filter(hospital_id=user.facility_id).values("incident_id"))
        scope |= Q(pk__in=Patient.objects.filter(destination_id=user.facility_id).values("incident_id"))
    return qs.filter(scope)


def board_incidents(user, qs: QuerySet[Incident]) -> QuerySet[Incident]:
    """The incidents on this user's board: all for the command centre, the health office and
    the viewer (whose board carries no personal data); otherwise visible_incidents."""
    if user is not None and user.has_role(*BOARD_ALL):
        return qs
    return visible_incidents(user, qs)


def sees_caller(user) -> bool:
    """A public reporter's phone number is for whoever calls them back."""
    return user is not None and user.has_role(*CALLERS)


def crew_resource_ids(user) -> set[int]:
    return set(user.emergency_resources.values_list("id", flat=True))


def crew_incident_ids(user) -> set[int]:
    """Incidents that one of the user's own units is (or was) assigned to."""
    return {row["holder_id"] for row in registry.incidents_crewed_by(user)}


def can_view_incident(user, incident: Incident) -> bool:
    """One incident through the same scope as visible_incidents."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_role(*ALL_INCIDENTS) or incident.created_by_id == user.id:
        return True
    return visible_incidents(user, Incident.objects.filter(pk=incident.pk)).exists()


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
    return registry.on_crews_incident(user, resource)


def require(allowed: bool, what: str) -> None:
    """403: the caller sees the object but may not do this to it."""
    if not allowed:
        raise ApiError(403, "forbidden", what)


def require_visible(allowed: bool, what: str) -> None:
    """404: an object the caller may not see answers as if it did not exist (every app does so),
    so its existence is not confirmed."""
    if not allowed:
        raise ApiError(404, "not_found", f"no {what} visible to you")
