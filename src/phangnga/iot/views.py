"""IoT pages: sites, a site dashboard (live values, charts, controls, rules, alerts), rule editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phangnga.core.audit import Actor
from phangnga.core.decorators import role_required
from phangnga.core.errors import ApiError
from phangnga.core.thai import fiscal_year, fiscal_year_bounds

from . import access, charts, engine, kpis, readings, services
from .forms import BatchFinishForm, BatchStartForm, RuleForm
from .models import Command, CommandStatus, Device, DryerBatch, Rule, Site, SiteKind
from .mqtt import publish_once
from .telemetry import CHANNELS


def _site_for(request, code: str, *, control: bool = False) -> Site:
    site = get_object_or_404(Site.objects.select_related("owner"), code=code)
    if not access.can_view(request.user, site):
        raise Http404("site")  # someone else's site reads as missing, as in every app
    if control and not access.can_control(request.user, site):
        raise PermissionDenied("site")
    return site


@role_required(*access.PAGE_ROLES)
def home(request):
    sites = (
        access.visible_sites(request.user)
        .annotate(unread=Count("alerts", filter=Q(alerts__read_at__isnull=True)))
        .prefetch_related("devices")
    )
    now = timezone.now()
    rows = []
    for site in sites:
        devices = list(site.devices.all())
        temperature = next((d.latest("temperature") for d in devices if d.latest("temperature")), None)
        rows.append(
            {
                "site": site,
                "devices": len(devices),
                "online": sum(d.is_online(now) for d in devices),
                "temperature": temperature,
            }
        )
    # The strip counts what this user sees (a farmer: own sites; officers: the province).
    fy = fiscal_year(timezone.localdate())
    start, end = fiscal_year_bounds(fy)
    summary = {
        "sites": len(rows),
        "devices": sum(r["devices"] for r in rows),
        "devices_online": sum(r["online"] for r in rows),
        "labour_saved_baht": round(sum(kpis.labour_saved_baht(r["site"], start, end) for r in rows)),
    }
    return render(request, "iot/home.html", {"rows": rows, "kpis": summary, "fy_be": fy + 543})


def _device_rows(site: Site) -> list[dict]:
    now = timezone.now()
    rows = []
    for device in site.devices.all():
        values = []
        for channel in device.channels:
            latest = device.latest(channel)
            values.append(
                {
                    "channel": channel,
                    "unit": CHANNELS.get(channel, ""),
                    "value": latest[0] if latest else None,
                    "at": latest[1] if latest else None,
                }
            )
        rows.append(
            {
                "device": device,
                "online": device.is_online(now),
                "values": values,
                "actuators": [(a, (device.actuator_state or {}).get(a, "?")) for a in device.actuators],
            }
        )
    return rows


def _band(site: Site, channel: str) -> tuple[float, float] | None:
    if site.kind == SiteKind.PIG_HOUSE and channel == "temperature":
        return float(site.setting("target_low")), float(site.setting("target_high"))
    if site.kind == SiteKind.GREENHOUSE and channel == "soil_moisture":
        return float(site.setting("soil_moisture_low")), float(site.setting("soil_moisture_high"))
    return None


@role_required(*access.PAGE_ROLES)
def site_detail(request, code: str):
    site = _site_for(request, code)
    range_key = request.GET.get("range", "24h")
    if range_key not in readings.RANGES:
        range_key = "24h"
    chart_list = []
    for device in site.devices.all():
        for channel in device.channels:
            if channel == "rain":
                continue
            points = readings.series(device, channel, range_key)
            svg = charts.line_chart(
                points, unit=CHANNELS[channel], band=_band(site, channel), title=f"{device.name} {channel}"
            )
            chart_list.append(
                {"device": device, "channel": channel, "svg": mark_safe(svg), "points": len(points)}
            )
    batches = []
    if site.kind == SiteKind.SOLAR_DRYER:
        batches = list(site.batches.all()[:10])
        context_batch_form = BatchStartForm()
    else:
        context_batch_form = None
    context = {
        "site": site,
        "devices": _device_rows(site),
        "charts": chart_list,
        "range": range_key,
        "rules": site.rules.select_related("sensor", "target"),
        "alerts": site.alerts.all()[:15],
        "commands": Command.objects.filter(device__site=site).select_related("device", "rule")[:10],
        "can_control": access.can_control(request.user, site),
        "batches": batches,
        "batch_form": context_batch_form,
        "labour_saved": site.setting("labour_saved_baht_per_year")
        if site.kind == SiteKind.PIG_HOUSE
        else None,
        "band": _band(site, "temperature"),
    }
    return render(request, "iot/site.html", context)


@role_required(*access.PAGE_ROLES)
def site_live(request, code: str):
    site = _site_for(request, code)
    return render(
        request,
        "iot/_live.html",
        {"site": site, "devices": _device_rows(site), "can_control": access.can_control(request.user, site)},
    )


@require_POST
@role_required(*access.PAGE_ROLES)
def command(request, code: str, device_id: int):
    site = _site_for(request, code, control=True)
    device = get_object_or_404(Device, pk=device_id, site=site)
    actuator, state = request.POST.get("actuator", ""), request.POST.get("state", "")
    if actuator not in (device.actuators or []) or state not in ("on", "off"):
        if request.htmx:
            return render(request, "iot/_command.html", {"error": _("Unknown switch or state")}, status=422)
        messages.error(request, _("Unknown switch or state"))
        return redirect("iot:site", code=site.code)
    cmd = services.press_switch(Actor.of(request), device, actuator, state == "on")
    engine.send(cmd, publish_once)
    cmd.refresh_from_db()
    if request.htmx:
        return render(request, "iot/_command.html", {"command": cmd})
    messages.info(request, _("Command sent: %(actuator)s %(state)s") % {"actuator": actuator, "state": state})
    return redirect("iot:site", code=site.code)


@role_required(*access.PAGE_ROLES)
def command_status(request, command_id: int):
    cmd = get_object_or_404(Command.objects.select_related("device__site"), pk=command_id)
    if not access.can_view(request.user, cmd.device.site):
        raise Http404("command")
    return render(
        request, "iot/_command.html", {"command": cmd, "pending": cmd.status == CommandStatus.PENDING}
    )


@role_required(*access.PAGE_ROLES)
def rule_edit(request, code: str, rule_id: int | None = None):
    site = _site_for(request, code, control=True)
    rule = get_object_or_404(Rule, pk=rule_id, site=site) if rule_id else Rule(site=site)
    form = RuleForm(request.POST or None, site=site, instance=rule)
    if request.method == "POST" and form.is_valid():
        rule = form.to_rule()
        try:
            services.save_rule(Actor.of(request), rule)
        except ApiError as exc:
            form.add_api_errors(exc.fields)
        else:
            messages.success(request, _("Rule saved"))
            return redirect("iot:site", code=site.code)
    return render(request, "iot/rule_form.html", {"site": site, "form": form, "rule": rule})


@require_POST
@role_required(*access.PAGE_ROLES)
def alerts_read(request, code: str):
    site = _site_for(request, code)
    if site.owner_id != request.user.pk and not request.user.has_role(*access.CONTROL_ALL):
        raise Http404
    site.alerts.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("iot:site", code=site.code)


@require_POST
@role_required(*access.PAGE_ROLES)
def batch_start(request, code: str):
    site = _site_for(request, code, control=True)
    if site.kind != SiteKind.SOLAR_DRYER:
        raise Http404
    form = BatchStartForm(request.POST)
    if form.is_valid():
        services.start_batch(Actor.of(request), form.save(commit=False), site)
        messages.success(request, _("Batch started"))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("iot:site", code=site.code)


@role_required(*access.PAGE_ROLES)
def batch_detail(request, code: str, batch_id: int):
    """One drying batch: its temperature and humidity curves between start and end."""
    site = _site_for(request, code)
    batch = get_object_or_404(DryerBatch, pk=batch_id, site=site)
    form = BatchFinishForm(request.POST or None, batch=batch)
    if request.method == "POST":
        if not access.can_control(request.user, site):
            raise PermissionDenied("site")
        if form.is_valid():
            services.finish_batch(Actor.of(request), batch, form.cleaned_data["weight_out_kg"])
            messages.success(request, _("Batch finished"))
            return redirect("iot:batch", code=site.code, batch_id=batch.id)
    until = batch.ended_at or timezone.now()
    curves = []
    for device in site.devices.all():
        for channel in ("temperature", "humidity"):
            if channel in device.channels:
                points = readings.window(device, channel, batch.started_at, until, 15 * 60_000)
                curves.append(
                    {
                        "channel": channel,
                        "svg": mark_safe(
                            charts.line_chart(
                                points, unit=CHANNELS[channel], title=f"{batch.product} {channel}"
                            )
                        ),
                    }
                )
    return render(
        request,
        "iot/batch.html",
        {
            "site": site,
            "batch": batch,
            "curves": curves,
            "form": form,
            "can_control": access.can_control(request.user, site),
        },
    )
