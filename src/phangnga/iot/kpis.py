"""IoT indicators for the provincial KPI board, by Thai fiscal year (CE number)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from phangnga.core.thai import fiscal_year_bounds

from .models import Alert, Command, CommandStatus, Device, Site, SiteKind


def labour_saved_baht(site: Site, fy_start: date, fy_end: date) -> float:
    """A pig house saves its yearly labour figure (the seed: 24,000 baht) pro rata for the
    days of the fiscal year it was running."""
    if site.kind != SiteKind.PIG_HOUSE:
        return 0.0
    per_year = float(site.setting("labour_saved_baht_per_year") or 0)
    began = site.commissioned_on or timezone.localtime(site.created_at).date()
    first = max(began, fy_start)
    last = min(fy_end, timezone.localdate())
    if last < first:
        return 0.0
    return per_year * ((last - first).days + 1) / ((fy_end - fy_start).days + 1)


def indicators(fy_ce: int) -> dict:
    """{sites, sites_by_kind, devices, devices_online, labour_saved_baht, commands, commands_acked_pct, alerts}.
    `sites` counts sites commissioned by the end of the year; devices online is as of now."""
    start, end = fiscal_year_bounds(fy_ce)
    sites = [
        s for s in Site.objects.all() if (s.commissioned_on or timezone.localtime(s.created_at).date()) <= end
    ]
    by_kind: dict[str, int] = {}
    for site in sites:
        by_kind[site.kind] = by_kind.get(site.kind, 0) + 1
    devices = list(Device.objects.filter(active=True, site__in=sites))
    now = timezone.now()
    in_year = {"created_at__date__gte": start, "created_at__date__lte": end}
    commands = Command.objects.filter(**in_year)
    total = commands.count()
    acked = commands.filter(status=CommandStatus.ACKED).count()
    return {
        "fy_ce": fy_ce,
        "sites": len(sites),
        "sites_by_kind": by_kind,
        "devices": len(devices),
        "devices_online": sum(1 for d in devices if d.is_online(now)),
        "labour_saved_baht": round(sum(labour_saved_baht(s, start, end) for s in sites)),
        "commands": total,
        "commands_acked_pct": round(acked / total * 100, 1) if total else None,
        "alerts": Alert.objects.filter(**in_year).count(),
    }
