"""The route page: click two points on the offline map, see the route, its legs and times."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .routing import load_fleet

# The fleet file's classes in the page's language (a class the file adds later shows its own label).
OPTION_LABELS = {
    "speedboat": _("Speedboat"),
    "rescue_boat": _("Rescue boat (navy / marine rescue)"),
    "hospital_boat": _("Hospital boat (sea ambulance)"),
    "ferry": _("Ferry"),
    "longtail": _("Longtail boat"),
    "ambulance": _("Ambulance"),
    "car": _("Car"),
    "calm": _("Calm (north-east monsoon, Nov–Apr)"),
    "moderate": _("Moderate (south-west monsoon, May–Oct)"),
    "rough": _("Rough (monsoon storms, small craft warnings)"),
}


def route_map(request):
    fleet = load_fleet()  # labels only; the API uses the service's (possibly overridden) fleet
    return render(
        request,
        "geo/route.html",
        {
            "boats": [(key, OPTION_LABELS.get(key, boat.label)) for key, boat in fleet.boats.items()],
            "sea_states": [(key, OPTION_LABELS.get(key, key)) for key in fleet.sea_states],
            "vehicles": [(key, OPTION_LABELS.get(key, v.label)) for key, v in fleet.vehicles.items()],
        },
    )
