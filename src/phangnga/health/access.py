"""Who may use the health pages and API: health officers and clinic (hospital) staff.

One scope per object kind, used by the API, the pages and the exports alike:
- a facility's queue: its own staff (check_facility); health officers every facility;
- a CKD patient: the staff of the facility that registered them; health officers (the
  provincial office) and admins every patient (ckd_patients_for). Patients outside the
  scope answer 404, as if they did not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from phangnga.core import roles

from .models import CkdPatient

HEALTH_ROLES = (roles.HEALTH_OFFICER, roles.HOSPITAL_STAFF)
# District code of the facilities outside Phang Nga in the places registry (Phuket, Krabi...).
OUTSIDE_PROVINCE = "outside"


def check_facility(user, facility) -> None:
    """Hospital staff tied to a facility run only that facility's queue; health officers
    (and admins) see every facility."""
    if user.has_role(roles.HEALTH_OFFICER):
        return
    if user.facility_id is not None and user.facility_id != facility.pk:
        raise PermissionDenied("facility")


def sees_every_ckd_patient(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(roles.HEALTH_OFFICER))


def ckd_patients_for(user) -> QuerySet[CkdPatient]:
    """The CKD patients this user may read: their own facility's, or all for the provincial office."""
    qs = CkdPatient.objects.all()
    if user is None or not user.is_authenticated:
        return qs.none()
    if sees_every_ckd_patient(user):
        return qs
    if user.has_role(roles.HOSPITAL_STAFF) and user.facility_id:
        return qs.filter(facility_id=user.facility_id)
    return qs.none()


def ckd_patient_for(user, cid: str) -> CkdPatient:
    """One patient if this user may read them; 404 otherwise (no hint that they exist)."""
    patient = ckd_patients_for(user).filter(cid=cid).first()
    if patient is None:
        raise Http404("No such patient")
    return patient


def ckd_visible_ids(user) -> set[int] | None:
    """Primary keys of the patients this user may read; None means every patient."""
    if sees_every_ckd_patient(user):
        return None
    return set(ckd_patients_for(user).values_list("pk", flat=True))


def may_keep_ckd_registry(user) -> bool:
    """Registering patients and adding results (API, import page): the provincial office, or
    hospital staff of a facility in the province. The registry is Phang Nga's (the MOPH
    indicator counts the province's facilities); staff of a hospital outside it, such as
    Vachira Phuket's emergency room, read no patients and add none."""
    if sees_every_ckd_patient(user):
        return True
    facility = getattr(user, "facility", None)
    return bool(
        user.has_role(roles.HOSPITAL_STAFF)
        and facility is not None
        and facility.district_id is not None
        and facility.district.code != OUTSIDE_PROVINCE
    )


def require_ckd_keeper(user) -> None:
    if not may_keep_ckd_registry(user):
        raise PermissionDenied("Only the staff of a facility in the province keep its CKD registry")
