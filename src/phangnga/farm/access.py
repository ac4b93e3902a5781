"""Who sees which household: a farmer their own, an agriculture officer their district.

An officer without a district works for the whole province (the provincial office);
admins see everything. Every other role sees no household at all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from phangnga.core import roles
from phangnga.core.auth import require_role

from .models import Household, Plot

FARM_ROLES = (roles.FARMER, roles.AGRICULTURE_OFFICER)


def farm_user(request):
    """The API caller, if a farmer or an agriculture officer (403 otherwise)."""
    return require_role(request, *FARM_ROLES)


def is_officer(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(roles.AGRICULTURE_OFFICER))


def officer_district(user) -> str | None:
    """The district an officer is limited to, or None for the whole province."""
    if user.is_superuser or user.has_role(roles.ADMIN):
        return None
    return user.district or None


def households_for(user):
    qs = Household.objects.select_related("district")
    if user is None or not user.is_authenticated:
        return qs.none()
    if is_officer(user):
        district = officer_district(user)
        return qs.filter(district_id=district) if district else qs
    if user.has_role(roles.FARMER):
        return qs.filter(user=user)
    return qs.none()


def household_for(user, household_id: int) -> Household:
    """The household if this user may see it; 404 otherwise (no hint that it exists)."""
    household = households_for(user).filter(pk=household_id).first()
    if household is None:
        raise Http404("No such household")
    return household


def plot_for(user, plot_id: int) -> Plot:
    """The plot if this user may see its household; 404 otherwise."""
    plot = (
        Plot.objects.filter(household__in=households_for(user), pk=plot_id)
        .select_related("household")
        .first()
    )
    if plot is None:
        raise Http404("No such plot")
    return plot


def can_approve(user, household: Household) -> bool:
    if not is_officer(user):
        return False
    district = officer_district(user)
    return district is None or household.district_id == district


def require_officer(user) -> None:
    if not is_officer(user):
        raise PermissionDenied("Requires the agriculture officer role")


def officer_may_use_district(user, district: str) -> bool:
    d = officer_district(user)
    return d is None or d == district
