"""Reading the unit registry and its holds: what emergency and referral may know about units.

Writes go through `holds.py`.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from phangnga.core.compiled import CompiledQuery
from phangnga.geo.place_cache import active_places

from .models import Hold, Holder, Resource, ResourceStatus

_all_units = CompiledQuery(lambda: Resource.objects.all())


def current_units() -> list[Resource]:
    """Every unit with its status and position read fresh (one query, compiled once: this runs
    for every emergency report); bases come from the place snapshot instead of a join. The
    instances of unchanged rows are shared between calls (CompiledQuery `shared`): read them,
    never change them."""
    places = active_places()
    units = _all_units.all(shared=True)
    for unit in units:
        base = places.by_id(unit.base_id)
        if base is not None and unit._state.fields_cache.get("base") is not base:
            unit.base = base  # (a shared unit keeps it: the descriptor's checks cost per unit)
    return units


def units() -> QuerySet[Resource]:
    """The registry with each unit's base (ordered by kind and name)."""
    return Resource.objects.select_related("base")


def unit(code: str) -> Resource | None:
    return units().filter(code=code).first()


def thai_names(codes=None) -> dict[str, str]:
    """code -> Thai name of the units that have one."""
    qs = Resource.objects.exclude(name_th="")
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return dict(qs.values_list("code", "name_th"))


def crewed_by(user) -> list[Resource]:
    """The units the user is crew of."""
    return list(Resource.objects.filter(crew=user))


def last_position_at():
    """When a unit last reported its position (None if none has): the board's version."""
    return Resource.objects.order_by("-position_at").values_list("position_at", flat=True).first()


def offered(resource: Resource, day: date) -> bool:
    """Available, and (for seasonal units) in season."""
    return resource.status == ResourceStatus.AVAILABLE and resource.in_season(day)


def held_by(holder: str, holder_id: int) -> list[Hold]:
    """The open holds of one job (an incident, a referral), with their units."""
    return list(
        Hold.objects.filter(holder=holder, holder_id=holder_id, released_at=None).select_related("resource")
    )


def holds_of(holder: str, holder_id: int) -> list[Hold]:
    """Every hold one job had, open or released, oldest first, with their units."""
    return list(Hold.objects.filter(holder=holder, holder_id=holder_id).select_related("resource"))


def holders(holder: str, *, exclude: int | None = None) -> dict[str, int]:
    """Unit code -> id of the job of kind `holder` that holds it now (but `exclude`)."""
    qs = Hold.objects.filter(holder=holder, released_at=None)
    if exclude is not None:
        qs = qs.exclude(holder_id=exclude)
    return dict(qs.values_list("resource__code", "holder_id"))


def incidents_crewed_by(user, *, open_only: bool = False) -> QuerySet:
    """Ids of the incidents the user's units work (or, unless `open_only`, worked): a values
    queryset, to use as a subquery."""
    qs = Hold.objects.filter(holder=Holder.INCIDENT, resource__crew=user)
    if open_only:
        qs = qs.filter(released_at=None)
    return qs.values("holder_id")


def on_crews_incident(user, resource: Resource) -> bool:
    """Does the unit work (now) an incident that one of the user's units works now?"""
    return Hold.objects.filter(
        holder=Holder.INCIDENT,
        resource=resource,
        released_at=None,
        holder_id__in=incidents_crewed_by(user, open_only=True),
    ).exists()
