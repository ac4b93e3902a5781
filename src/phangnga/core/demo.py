"""Demo data: accounts for every role, then each app's own demo (its `demo.load`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import User

DEMO_PASSWORD = "phangnga-demo"

# username -> (display name, roles, facility code, district code). Staff are named in Thai, as they
# sign their own work.
DEMO_USERS: dict[str, tuple[str, list[str], str | None, str]] = {
    "admin": ("ผู้ดูแลระบบ (ทุกบทบาท)", list(roles.ROLES), None, ""),
    "dispatcher": ("สมชาย เจ้าหน้าที่รับแจ้งเหตุ 1669", [roles.DISPATCHER], "cmd-phangnga", ""),
    "crew": ("อนันต์ ลูกเรือกู้ภัย", [roles.RESCUE_CREW], None, "takua_pa"),
    "hospital": ("พญ.มาลี ห้องฉุกเฉิน รพ.วชิระภูเก็ต", [roles.HOSPITAL_STAFF], "hosp-vachira", ""),
    "nurse": ("พยาบาลกัญญา รพ.สต.พรุใน", [roles.REFERRAL_NURSE], "rpst-phru-nai", "ko_yao"),
    "kohyao": (
        "พยาบาลฟาตีมะห์ รพ.เกาะยาวชัยพัฒน์",
        [roles.REFERRAL_NURSE, roles.HOSPITAL_STAFF],
        "hosp-kohyao",
        "ko_yao",
    ),
    "tourism": ("เจ้าหน้าที่การท่องเที่ยว", [roles.TOURISM_OFFICER], None, ""),
    "agri": ("เจ้าหน้าที่เกษตรอำเภอตะกั่วทุ่ง", [roles.AGRICULTURE_OFFICER], None, "takua_thung"),
    "farmer": ("บุญมี (เกษตรกร)", [roles.FARMER], None, "takua_thung"),
    "healthofficer": ("เจ้าหน้าที่สาธารณสุขจังหวัด", [roles.HEALTH_OFFICER], "hosp-phangnga", ""),
    "land": ("เจ้าหน้าที่ที่ดิน", [roles.LAND_OFFICER], None, "takua_thung"),
    "viewer": ("สำนักงานผู้ว่าราชการจังหวัด (ดูอย่างเดียว)", [roles.VIEWER], None, ""),
}


@transaction.atomic
def load_users() -> list[tuple[str, str]]:
    from phangnga.geo.models import Place

    roles.ensure_roles()
    logins = []
    for username, (display, role_names, facility, district) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=username)
        user.display_name = display
        user.facility = Place.objects.filter(code=facility).first() if facility else None
        user.district = district
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=role_names))
        logins.append((username, display))
    return logins


def app_demo_loaders() -> list[tuple[str, Callable]]:
    loaders = []
    for app in settings.PHANGNGA_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        if module.__name__ != __name__ and hasattr(module, "load"):
            loaders.append((app, module.load))
    return loaders


def load_all(log: Callable[[str], None] = print) -> list[tuple[str, str]]:
    """Load every app's demo data. Idempotent: running it twice changes nothing twice."""
    from phangnga.geo.places import load_registry

    log(f"places registry: {load_registry()} places")
    logins = load_users()
    log(f"demo accounts: {len(logins)}")
    for app, load in app_demo_loaders():
        summary = load()
        log(f"{app}: {summary or 'loaded'}")
    return logins
