"""The route page: click two points on the offline map, see the route, its legs and times."""

from __future__ import annotations

from django.shortcuts import render

from .routing import load_fleet


def route_map(request):
    fleet = load_fleet()  # labels only; the API uses the service's (possibly overridden) fleet
    return render(
        request,
        "geo/route.html",
        {
            "boats": [(key, boat.label) for key, boat in fleet.boats.items()],
            "sea_states": list(fleet.sea_states),
            "vehicles": [(key, vehicle.label) for key, vehicle in fleet.vehicles.items()],
        },
    )
