"""Who may see and control a site: its owner; officers see all; viewers only read."""

from __future__ import annotations

from django.db.models import QuerySet

from phangnga.core import roles

from .models import Site

READ_ALL = (roles.AGRICULTURE_OFFICER, roles.VIEWER)
CONTROL_ALL = (roles.AGRICULTURE_OFFICER,)
PAGE_ROLES = (roles.FARMER, roles.AGRICULTURE_OFFICER, roles.VIEWER)
# Who may change anything (sites, devices, rules, commands): never the viewer. Checked before
# the request is looked at, so a viewer is refused whatever it sends.
WRITERS = (roles.FARMER, roles.AGRICULTURE_OFFICER)


def visible_sites(user) -> QuerySet[Site]:
    if user.has_role(*READ_ALL):
        return Site.objects.all()
    return Site.objects.filter(owner=user)


def can_view(user, site: Site) -> bool:
    return site.owner_id == user.pk or user.has_role(*READ_ALL)


def can_control(user, site: Site) -> bool:
    return site.owner_id == user.pk or user.has_role(*CONTROL_ALL)
