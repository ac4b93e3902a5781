"""Demo unit registry: the boats, ambulances and seasonal medical units of the Andaman coast,
at their real bases (the places registry). Idempotent. Loaded after geo (the bases) and the
demo accounts (the crew user), before emergency and referral, whose demo data uses the units."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from phangnga.geo.models import Place

from .models import Resource

# code, name, kind, boat_class, base, season
RESOURCES = [
    ("rb-thaplamu-1", "Rescue boat Thap Lamu 1", "rescue_boat", "rescue_boat", "pier-thaplamu", None),
    ("rb-thaplamu-2", "Rescue boat Thap Lamu 2", "rescue_boat", "rescue_boat", "pier-thaplamu", None),
    ("rb-khuraburi-1", "Rescue boat Khura Buri", "rescue_boat", "rescue_boat", "pier-khuraburi", None),
    ("hb-kohyao", "Koh Yao hospital boat", "hospital_boat", "hospital_boat", "pier-manoh", None),
    ("sb-chonglad", "Chong Lad speedboat", "speedboat", "speedboat", "pier-chonglad", None),
    ("sb-thadan", "Tha Dan speedboat", "speedboat", "speedboat", "pier-thadan", None),
    ("amb-takuapa", "Takua Pa Hospital ambulance", "ambulance", "", "hosp-takuapa", None),
    ("amb-andamanhub", "Andaman Hub (Khao Lak) ambulance", "ambulance", "", "hosp-andamanhub", None),
    ("amb-phangnga", "Phang Nga Hospital ambulance", "ambulance", "", "hosp-phangnga", None),
    ("amb-khuraburi", "Khura Buri Hospital ambulance", "ambulance", "", "hosp-khuraburi", None),
    ("amb-thaimueang", "Thai Mueang Hospital ambulance", "ambulance", "", "hosp-thaimueang", None),
    ("amb-vachira", "Vachira Phuket ambulance", "ambulance", "", "hosp-vachira", None),
    ("amb-kohyao", "Koh Yao Hospital ambulance", "ambulance", "", "hosp-kohyao", None),
    (
        "mu-similan",
        "Similan seasonal medical unit",
        "medical_unit",
        "speedboat",
        "mu-similan",
        ("10-15", "05-15"),
    ),
    ("mu-surin", "Surin seasonal medical unit", "medical_unit", "speedboat", "mu-surin", ("10-15", "05-15")),
]

# Thai names of the demo units (shown on Thai pages and in plans in words).
RESOURCE_NAMES_TH = {
    "rb-thaplamu-1": "เรือกู้ภัยทับละมุ 1",
    "rb-thaplamu-2": "เรือกู้ภัยทับละมุ 2",
    "rb-khuraburi-1": "เรือกู้ภัยคุระบุรี",
    "hb-kohyao": "เรือพยาบาลเกาะยาว",
    "sb-chonglad": "เรือเร็วช่องหลาด",
    "sb-thadan": "เรือเร็วท่าด่าน",
    "amb-takuapa": "รถพยาบาล รพ.ตะกั่วป่า",
    "amb-andamanhub": "รถพยาบาล ศูนย์การแพทย์อันดามันฮับ (เขาหลัก)",
    "amb-phangnga": "รถพยาบาล รพ.พังงา",
    "amb-khuraburi": "รถพยาบาล รพ.คุระบุรีชัยพัฒน์",
    "amb-thaimueang": "รถพยาบาล รพ.ท้ายเหมืองชัยพัฒน์",
    "amb-vachira": "รถพยาบาล รพ.วชิระภูเก็ต",
    "amb-kohyao": "รถพยาบาล รพ.เกาะยาวชัยพัฒน์",
    "mu-similan": "หน่วยแพทย์ฉุกเฉินตามฤดูกาล หมู่เกาะสิมิลัน",
    "mu-surin": "หน่วยแพทย์ฉุกเฉินตามฤดูกาล หมู่เกาะสุรินทร์",
}


def load_resources() -> int:
    """The unit registry (idempotent); the demo crew user rides Thap Lamu rescue boat 1."""
    places = {p.code: p for p in Place.objects.filter(code__in=[r[4] for r in RESOURCES])}
    n = 0
    for code, name, kind, boat_class, base, season in RESOURCES:
        if base not in places:
            continue
        unit, _created = Resource.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_th": RESOURCE_NAMES_TH.get(code, ""),
                "kind": kind,
                "boat_class": boat_class,
                "base": places[base],
                "season_start": season[0] if season else "",
                "season_end": season[1] if season else "",
                "phone": "1669",
                "is_demo": True,
            },
        )
        if not unit.name_th and RESOURCE_NAMES_TH.get(code):  # a registry loaded before Thai names
            Resource.objects.filter(pk=unit.pk).update(name_th=RESOURCE_NAMES_TH[code])
        n += 1
    crew = get_user_model().objects.filter(username="crew").first()
    if crew is not None:
        Resource.objects.get(code="rb-thaplamu-1").crew.add(crew)
    return n


@transaction.atomic
def load() -> str:
    return f"{load_resources()} resources"
