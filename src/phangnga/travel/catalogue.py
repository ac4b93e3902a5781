"""Loading the attraction catalogue (data/attractions.json) onto places of the geo registry."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

from django.db import transaction

from phangnga.geo.models import District, Place

from .models import Attraction

DATA_FILE = Path(__file__).parent / "data" / "attractions.json"


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


@transaction.atomic
def load_catalogue(path: Path = DATA_FILE) -> list[Attraction]:
    """Create or update the places this app adds and every attraction (idempotent).
    Attractions retired by an officer stay retired: `active` is only set on creation."""
    data = json.loads(Path(path).read_text())
    districts = {d.code: d for d in District.objects.all()}
    for row in data["new_places"]:
        Place.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "lat": row["lat"],
                "lon": row["lon"],
                "district": districts.get(row["district"]),
                "source": row["source"],
                "accuracy_m": row["accuracy_m"],
                "needs_check": row.get("needs_check", True),
            },
        )
    places = {p.code: p for p in Place.objects.filter(code__in=[a["place"] for a in data["attractions"]])}
    result = []
    for row in data["attractions"]:
        season = row.get("season") or ["", ""]
        fee_thai, fee_foreign = row.get("fees") or [None, None]
        attraction, _ = Attraction.objects.update_or_create(
            code=row["code"],
            defaults={
                "place": places[row["place"]],
                "category": row["category"],
                "names": row["names"],
                "descriptions": row["descriptions"],
                "identity": row.get("identity", []),
                "hours_note": row.get("hours_note", {}),
                "opens": _time(row.get("opens")),
                "closes": _time(row.get("closes")),
                "fee_thai_thb": fee_thai,
                "fee_foreign_thb": fee_foreign,
                "season_start": season[0],
                "season_end": season[1],
                "needs_boat": row.get("needs_boat", False),
            },
        )
        result.append(attraction)
    return result
