"""Who may see and act on a referral: staff of its origin and destination facility, admins."""

from __future__ import annotations

from django.db.models import Q

from phangnga.core import roles
from phangnga.geo.models import Place

from .models import Referral

CLINICAL_ROLES = (roles.REFERRAL_NURSE, roles.HOSPITAL_STAFF)
REFERRING_KINDS = ("hospital", "health_centre", "medical_unit")


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(roles.ADMIN))


def visible_referrals(user):
    """Referrals this user may read. Admins see all; clinical staff only their facility's."""
    qs = Referral.objects.select_related("patient", "origin", "destination")
    if user is None or not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if not user.has_role(*CLINICAL_ROLES) or not user.facility_id:
        return qs.none()
    return qs.filter(Q(origin_id=user.facility_id) | Q(destination_id=user.facility_id))


def referring_facilities(user):
    """The facilities this user may refer a patient from: any for an admin, a clinician's own
    facility only, none for an account without one. The web form offers these and
    `services.create_referral` refuses any other origin, so the API and the page agree."""
    qs = Place.objects.filter(active=True, kind__in=REFERRING_KINDS)
    if is_admin(user):
        return qs
    if (
        user is None
        or not user.is_authenticated
        or not user.has_role(*CLINICAL_ROLES)
        or not user.facility_id
    ):
        return qs.none()
    return qs.filter(pk=user.facility_id)


def may_refer_from(user, origin) -> bool:
    return referring_facilities(user).filter(pk=origin.pk).exists()


def side(user, referral: Referral) -> set[str]:
    """{"origin", "destination"} sides this user acts for (admins act for both)."""
    if is_admin(user):
        return {"origin", "destination"}
    sides = set()
    if user.facility_id and user.facility_id == referral.origin_id:
        sides.add("origin")
    if user.facility_id and user.facility_id == referral.destination_id:
        sides.add("destination")
    return sides
