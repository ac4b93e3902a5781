"""Smart Hospital pages: facility queue desk, staff point page (HTMX), TV, ticket, status."""

from __future__ import annotations

import segno
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from phangnga.core.decorators import role_required
from phangnga.geo.models import Place

from . import queue
from .access import HEALTH_ROLES, check_facility
from .models import ServicePoint, StepKind, Visit

OPTIONAL_STEPS = [("lab", StepKind.LAB.label), ("xray", StepKind.XRAY.label)]


def _facility(request, code: str) -> Place:
    facility = get_object_or_404(Place, code=code)
    check_facility(request.user, facility)
    return facility


@role_required(*HEALTH_ROLES)
def facilities(request):
    qs = Place.objects.filter(service_points__isnull=False).distinct().order_by("name_en")
    if request.user.facility_id and not request.user.has_role("health_officer"):
        qs = qs.filter(pk=request.user.facility_id)
    return render(request, "health/queue_facilities.html", {"facilities": qs})


@role_required(*HEALTH_ROLES)
def desk(request, code: str):
    facility = _facility(request, code)
    points = queue.ensure_points(facility)
    return render(
        request,
        "health/queue_desk.html",
        {
            "facility": facility,
            "points": points,
            "board": queue.now_serving(facility),
            "optional": OPTIONAL_STEPS,
        },
    )


@require_POST
@role_required(*HEALTH_ROLES)
def issue(request, code: str):
    facility = _facility(request, code)
    extra = [k for k, _ in OPTIONAL_STEPS if request.POST.get(k)]
    queue.ensure_points(facility)
    visit = queue.issue_ticket(facility, extra=extra)
    return redirect("health:ticket", token=visit.token)


def status_url(visit: Visit) -> str:
    return settings.PUBLIC_BASE_URL + reverse("health:status", args=[visit.token])


@role_required(*HEALTH_ROLES)
def ticket(request, token: str):
    visit = get_object_or_404(Visit.objects.select_related("facility"), token=token)
    check_facility(request.user, visit.facility)
    url = status_url(visit)
    qr = segno.make(url, error="m").svg_inline(scale=5, dark="#000")
    return render(request, "health/ticket.html", {"visit": visit, "qr": qr, "url": url})


def _point_context(point: ServicePoint) -> dict:
    return {
        "point": point,
        "current": queue.current_step(point),
        "waiting": queue.waiting_steps(point.facility, point.kind)[:8],
        "waiting_count": queue.waiting_steps(point.facility, point.kind).count(),
    }


@role_required(*HEALTH_ROLES)
def point_page(request, pk: int):
    point = get_object_or_404(ServicePoint.objects.select_related("facility"), pk=pk)
    check_facility(request.user, point.facility)
    return render(request, "health/point.html", _point_context(point))


@role_required(*HEALTH_ROLES)
def point_panel(request, pk: int):
    """The panel HTMX swaps in: after each button, and every few seconds."""
    point = get_object_or_404(ServicePoint.objects.select_related("facility"), pk=pk)
    check_facility(request.user, point.facility)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "next":
                queue.call_next(point)
            elif action == "start":
                queue.start(point)
            elif action == "no_show":
                queue.no_show(point)
            elif action == "finish":
                step = queue.current_step(point)
                if step is not None:
                    queue.finish(step)
        except queue.QueueError as exc:
            error = exc.message
    ctx = _point_context(point) | {"error": error}
    if not request.htmx:
        return redirect("health:point", pk=pk)
    return render(request, "health/_point_panel.html", ctx)


def tv(request, code: str):
    """Public: the numbers now served, for a screen in the waiting hall."""
    facility = get_object_or_404(Place, code=code)
    return render(request, "health/tv.html", {"facility": facility, "board": queue.now_serving(facility)})


def tv_board(request, code: str):
    facility = get_object_or_404(Place, code=code)
    return render(
        request, "health/_tv_board.html", {"facility": facility, "board": queue.now_serving(facility)}
    )


def status(request, token: str):
    """Public, reached from the QR on the ticket: how many ahead and the expected wait.
    Shows only the queue number and the facility, never who the patient is."""
    visit = get_object_or_404(Visit.objects.select_related("facility"), token=token)
    st = queue.status(visit)
    response = render(request, "health/status.html", {"st": st, "visit": visit})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def qr_svg(request, token: str):
    visit = get_object_or_404(Visit, token=token)
    svg = segno.make(status_url(visit), error="m").svg_inline(scale=5)
    return HttpResponse(svg, content_type="image/svg+xml")
