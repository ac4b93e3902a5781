"""The fleet app's one writer: which unit is held by what, and the units' status and position.

Emergency (incidents) and referral (transfers) call these; nothing else writes the registry or
its holds. Every function is one transaction. A unit has at most one open hold (the table's
constraint `fleet_unit_held_once`), so two jobs can never both believe they have the boat.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import WORKING, Hold, Resource, ResourceStatus, Role


def role_of(resource: Resource) -> str:
    """The part a unit plays on a job, by what it is."""
    if resource.kind == "ambulance":
        return Role.AMBULANCE
    return Role.BOAT if resource.is_boat else Role.UNIT


def _locked(resource: Resource) -> Resource | None:
    return Resource.objects.select_for_update().filter(pk=resource.pk).first()


def _open(resource_id: int) -> Hold | None:
    return Hold.objects.select_for_update().filter(resource_id=resource_id, released_at=None).first()


@transaction.atomic
def hold(
    resource: Resource, holder: str, holder_id: int, role: str, at: datetime, eta_min: float | None = None
) -> Hold | None:
    """Take an offered unit for a job: available, in season on `at`'s local day, and held by
    nothing. Marks it dispatched. None when it is not offered (or a concurrent hold won)."""
    unit = _locked(resource)
    if (
        unit is None
        or unit.status != ResourceStatus.AVAILABLE
        or not unit.in_season(timezone.localtime(at).date())
        or _open(unit.pk) is not None
    ):
        return None
    try:
        with transaction.atomic():
            got = Hold.objects.create(
                resource=unit, holder=holder, holder_id=holder_id, role=role, held_at=at, eta_min=eta_min
            )
    except IntegrityError:  # another job held it between the check and the insert
        return None
    Resource.objects.filter(pk=unit.pk).update(status=ResourceStatus.DISPATCHED)
    return got


@transaction.atomic
def take(
    resource: Resource, holder: str, holder_id: int, role: str, at: datetime, eta_min: float | None = None
) -> tuple[Hold, Hold | None]:
    """A dispatcher's command: this unit works this job now, whatever it was doing (a boat
    diverted to a worse incident). Its open hold on another job is released first, with a note,
    and returned so the caller can record it on that job; (hold, None) otherwise. A unit this
    job already holds keeps its hold and status."""
    unit = _locked(resource) or resource
    current = _open(unit.pk)
    if current is not None and (current.holder, current.holder_id) == (holder, holder_id):
        return current, None
    if current is not None:
        current.released_at = at
        current.note = f"diverted to {holder} {holder_id}"
        current.save(update_fields=["released_at", "note"])
    got = Hold.objects.create(
        resource=unit, holder=holder, holder_id=holder_id, role=role, held_at=at, eta_min=eta_min
    )
    Resource.objects.filter(pk=unit.pk).update(status=ResourceStatus.DISPATCHED)
    return got, current


@transaction.atomic
def advance(holder: str, holder_id: int, status: str, *, working_only: bool = True) -> list[str]:
    """The units this job holds take `status` (departed -> transporting, ...); returns their
    codes. `working_only` leaves a unit that is not on a job status (a dispatcher took it out of
    service meanwhile) as it is; an incident's timeline passes False: its crews' steps set their
    units' status whatever it was."""
    ids = list(
        Hold.objects.filter(holder=holder, holder_id=holder_id, released_at=None).values_list(
            "resource_id", flat=True
        )
    )
    units = Resource.objects.filter(pk__in=ids)
    if working_only:
        units = units.filter(status__in=WORKING)
    codes = list(units.values_list("code", flat=True))
    units.update(status=status)
    return codes


@transaction.atomic
def release(holder: str, holder_id: int, at: datetime) -> list[str]:
    """Hand the job's units back (available, unless taken out of service meanwhile) and close
    its holds; returns the released units' codes."""
    holds = Hold.objects.filter(holder=holder, holder_id=holder_id, released_at=None)
    ids = list(holds.values_list("resource_id", flat=True))
    codes = list(Resource.objects.filter(pk__in=ids).values_list("code", flat=True))
    if ids:
        Resource.objects.filter(pk__in=ids, status__in=WORKING).update(status=ResourceStatus.AVAILABLE)
        holds.update(released_at=at)
    return codes


@transaction.atomic
def set_status(resource: Resource, status: str) -> None:
    """One unit's status, as a crew or dispatcher reports it."""
    Resource.objects.filter(pk=resource.pk).update(status=status)
    resource.status = status


@transaction.atomic
def report_position(
    resource: Resource, lat: float, lon: float, at: datetime, status: str | None = None
) -> Resource:
    """A unit's last known position (checked by the caller: in the region, not in the future)."""
    resource.lat, resource.lon, resource.position_at = lat, lon, at
    fields = ["lat", "lon", "position_at"]
    if status is not None:
        resource.status = status
        fields.append("status")
    resource.save(update_fields=fields)
    return resource
