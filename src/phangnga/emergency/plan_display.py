"""A dispatch plan in the dispatcher's words (Thai or English) for the incident page."""

from __future__ import annotations

from datetime import datetime

from phangnga.geo.itinerary_words import describe
from phangnga.geo.places import local_names

# The plan's warnings are stored in English (the API's language); the page says them in Thai.
WARNINGS_TH = {
    "no available unit can reach the scene": "ไม่มีหน่วยที่ว่างเข้าถึงจุดเกิดเหตุได้",
    "no ambulance available at the landing pier": "ไม่มีรถพยาบาลว่างที่ท่าเรือขึ้นฝั่ง",
}
# Why the plan goes to its hospital (planning.needed_capability), said in Thai.
DESTINATION_WHY_TH = {
    "decompression illness needs recompression (hyperbaric chamber)":
        "อาการเจ็บป่วยจากการดำน้ำ (น้ำหนีบ) ต้องรักษาในห้องปรับบรรยากาศความกดสูง",
    "triage 1 trauma needs surgery and intensive care": "ผู้บาดเจ็บวิกฤต (ระดับ 1) ต้องได้รับการผ่าตัดและดูแลในหอผู้ป่วยวิกฤต",
    "nearest emergency department": "ห้องฉุกเฉินที่ใกล้ที่สุด",
}  # fmt: skip
WHY_TH = {"dispatched": "ออกปฏิบัติการอยู่", "on_scene": "อยู่ที่เกิดเหตุอื่น",
          "transporting": "กำลังนำส่งผู้ป่วย", "at_hospital": "อยู่ที่โรงพยาบาล",
          "out_of_service": "งดให้บริการ"}  # fmt: skip
WHY_EN = {"dispatched": "dispatched", "on_scene": "on another scene", "transporting": "transporting",
          "at_hospital": "at hospital", "out_of_service": "out of service"}  # fmt: skip


def _name(obj: dict | None, lang: str, key: str = "name") -> str:
    if not obj:
        return ""
    return (obj.get(f"{key}_th") if lang == "th" else None) or obj.get(f"{key}_en") or obj.get(key) or ""


def unit_names(lang: str) -> dict[str, str]:
    """Unit code -> its name in `lang` (Thai when it has one): a stored plan names its units in English."""
    if lang != "th":
        return {}
    from phangnga.fleet import registry

    return registry.thai_names()


def why_text(why: str, lang: str) -> str:
    """'off_season:10-15..05-15' -> 'off season (in service 15/10-15/05)'."""
    if why.startswith("off_season:"):
        start, end = why.split(":", 1)[1].split("..")
        span = f"{start[3:]}/{start[:2]}–{end[3:]}/{end[:2]}"
        return f"นอกฤดูกาล (ให้บริการ {span})" if lang == "th" else f"off season (in service {span})"
    return (WHY_TH if lang == "th" else WHY_EN).get(why, why)


def warning_text(warning: str, lang: str) -> str:
    return WARNINGS_TH.get(warning, warning) if lang == "th" else warning


def plan_words(plan: dict, lang: str) -> dict:
    """{"approach": [...], "journey": [...], "arrive": "HH:MM", "warnings": [...], "no_unit": ...}."""
    start = datetime.fromisoformat(plan["computed_at"])
    words = describe(
        plan.get("legs") or [],
        start=start,
        lang=lang,
        unit=_name(plan.get("resource"), lang),
        unit_base=_name(plan.get("resource"), lang, "base"),
        ambulance=_name(plan.get("ambulance"), lang),
        ambulance_base=_name(plan.get("ambulance"), lang, "base"),
        destination=_name(plan.get("destination"), lang),
        names=local_names(lang),
    ).as_dict()
    words["warnings"] = [warning_text(w, lang) for w in plan.get("warnings") or []]
    why = plan.get("why") or ""
    words["destination_why"] = DESTINATION_WHY_TH.get(why, why) if lang == "th" else why
    units = unit_names(lang)
    words["alternatives"] = [
        dict(a, name=units.get(a.get("code"), a.get("name"))) for a in plan.get("alternatives") or []
    ]
    fallback = plan.get("no_unit")
    if fallback:
        words["no_unit"] = {
            "units": [
                dict(u, name=units.get(u.get("code"), u.get("name")), why_text=why_text(u["why"], lang))
                for u in fallback.get("units", [])
            ],
            "others": [dict(o, label=_name(o, lang)) for o in fallback.get("others", [])],
        }
    return words
