"""Home, map and error pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from phangnga.geo.models import PlaceKind

from .errors import error_body
from .services import SERVICES


def home(request):
    services = [(service, service.url()) for service in SERVICES]
    return render(request, "core/home.html", {"services": services})


def place_map(request):
    return render(request, "core/map.html", {"kinds": PlaceKind.choices})


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", f"No such resource: {request.path}"), status=404)
    return render(request, "core/404.html", status=404)


def forbidden(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("forbidden", "Forbidden"), status=403)
    return render(request, "core/403.html", status=403)
