"""The 8 district incubation centres as places of the registry.

The seed says a business incubation centre serves the smart farming toolkit in each
district, but no public source gives their addresses: each is placed at its district
town (GeoNames centroid, as in the places registry) with 2 km accuracy and flagged to
be checked, so an officer corrects the position in the registry.
"""

from __future__ import annotations

from django.db import transaction

from phangnga.geo.models import District, Place

# district code -> the registry's town place whose position stands in for the centre
TOWN_OF_DISTRICT = {
    "mueang": "town-phangnga",
    "ko_yao": "town-koyao",
    "kapong": "town-kapong",
    "takua_thung": "town-krasom",
    "takua_pa": "town-takuapa",
    "khura_buri": "town-khuraburi",
    "thap_put": "town-thapput",
    "thai_mueang": "town-thaimueang",
}
ACCURACY_M = 2000


@transaction.atomic
def ensure_centres() -> int:
    """Create the missing centres; an officer's later corrections (position, names) are kept."""
    created = 0
    for district_code, town_code in TOWN_OF_DISTRICT.items():
        town = Place.objects.filter(code=town_code).first()
        district = District.objects.filter(code=district_code).first()
        if town is None or district is None:
            continue
        _, was_created = Place.objects.get_or_create(
            code=f"ic-{district_code.replace('_', '')}",
            defaults={
                "kind": "incubation_centre",
                "name_th": f"ศูนย์บ่มเพาะเกษตรอัจฉริยะ อำเภอ{district.name_th}",
                "name_en": f"Smart farming incubation centre, {district.name_en}",
                "lat": town.lat,
                "lon": town.lon,
                "district": district,
                "source": f"Seed: a centre in each of the 8 districts; position of {town.name_en} town "
                f"({town.source}), not the centre's address",
                "accuracy_m": ACCURACY_M,
                "needs_check": True,
                "capabilities": [],
                "extra": {"services": ["farmbook", "soil_test", "fertilizer_advice"]},
            },
        )
        created += was_created
    return created


def for_district(district_code: str) -> Place | None:
    return Place.objects.filter(kind="incubation_centre", district__code=district_code).first()
