"""Demo data: the attraction catalogue (real places), generated media, one or two signs per
attraction and a few weeks of scans. Fixed seed; running it twice changes nothing twice."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .catalogue import load_catalogue
from .i18n import LANGS
from .media import write_media
from .models import Attraction, Condition, Scan, Sign
from .services import create_sign

SEED = 6
DEMO_DAYS = 60
# Where tourists come from, roughly: weights for the language of a scan.
LANG_WEIGHTS = {"en": 30, "th": 25, "ru": 15, "de": 15, "zh-hans": 15}
DEVICE_WEIGHTS = {"mobile": 82, "tablet": 8, "desktop": 6, "bot": 4}


def ensure_media(attractions: list[Attraction]) -> int:
    """Generate the missing poster and clip of each attraction (files under MEDIA_ROOT)."""
    made = 0
    root = Path(settings.MEDIA_ROOT)
    for attraction in attractions:
        if (
            attraction.poster
            and attraction.clip
            and (root / attraction.poster).exists()
            and (root / attraction.clip).exists()
        ):
            continue
        attraction.poster, attraction.clip = write_media(
            root, attraction.code, attraction.names.get("en", ""), attraction.category
        )
        attraction.save(update_fields=["poster", "clip"])
        made += 1
    return made


@transaction.atomic
def ensure_signs(attractions: list[Attraction], rng: random.Random) -> int:
    made = 0
    today = timezone.localdate()
    for index, attraction in enumerate(attractions):
        if attraction.signs.exists():
            continue
        wanted = 2 if index % 5 == 0 else 1  # busy places have a second sign (car park and entrance)
        for n in range(wanted):
            place = attraction.place
            create_sign(
                attraction,
                rng,
                location_note=["ทางเข้า", "ลานจอดรถ / ท่าเรือ"][n],  # officers write in Thai
                installed_lat=round(place.lat + rng.uniform(-0.0008, 0.0008), 6),
                installed_lon=round(place.lon + rng.uniform(-0.0008, 0.0008), 6),
                installed_on=today - timedelta(days=rng.randint(120, 700)),
                condition=rng.choices([Condition.GOOD, Condition.FADED, Condition.DAMAGED], [80, 15, 5])[0],
                checked_on=today - timedelta(days=rng.randint(5, 90)),
                is_demo=True,
            )
            made += 1
    return made


@transaction.atomic
def ensure_scans(rng: random.Random) -> int:
    if Scan.objects.filter(is_demo=True).exists():
        return 0
    today = timezone.localdate()
    signs = list(Sign.objects.filter(is_demo=True).order_by("code"))
    langs, lang_w = list(LANG_WEIGHTS), list(LANG_WEIGHTS.values())
    devices, device_w = list(DEVICE_WEIGHTS), list(DEVICE_WEIGHTS.values())
    rows = []
    for sign in signs:
        popularity = rng.uniform(0.2, 4.0)
        for back in range(DEMO_DAYS):
            for _ in range(int(rng.expovariate(1 / popularity))):
                rows.append(
                    Scan(
                        sign=sign,
                        day=today - timedelta(days=back),
                        language=rng.choices(langs, lang_w)[0],
                        device=rng.choices(devices, device_w)[0],
                        is_demo=True,
                    )
                )
    Scan.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def load() -> str:
    assert set(LANG_WEIGHTS) == set(LANGS)
    rng = random.Random(SEED)
    attractions = load_catalogue()
    media = ensure_media(attractions)
    signs = ensure_signs(attractions, rng)
    scans = ensure_scans(rng)
    return (
        f"{len(attractions)} attractions, {media} media sets generated, {signs} signs added, "
        f"{scans} scans added"
    )
