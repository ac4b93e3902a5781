"""An itinerary in the words of a dispatcher or a nurse, in Thai or English (pure, no Django).

The routing engine's legs are precise but read like a routing log: "access origin -> navigable
water", "(sea access)", 0-km transfer rows, class names such as `hospital_boat`. This turns them
into the steps a person says on the radio: "Similan unit leaves Ko Miang 10:42, at the patient
10:57, at Tap Lamu pier 12:05, ambulance to Takua Pa Hospital 12:40". The unit's approach is kept
apart from the patient's journey, and waiting is shown as waiting.

Input legs are routing-kernel leg dicts (`mode`, `from`, `to`, `start_min`, `duration_min`, `role`,
`note`, `vehicle`; an optional `wait_min` on a transfer). Names of places (the engine's English
names) are looked up in `names` for the language; unknown names are shown as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
WATER = "navigable water"
SCENE_NAMES = {"origin", "scene"}
_WAITED = re.compile(r"\(incl\. (\d+(?:\.\d+)?) min waiting\)")

BOATS = {
    "en": {
        "speedboat": "speedboat",
        "rescue_boat": "rescue boat",
        "hospital_boat": "hospital boat",
        "ferry": "ferry",
        "longtail": "longtail boat",
    },
    "th": {
        "speedboat": "เรือเร็ว",
        "rescue_boat": "เรือกู้ภัย",
        "hospital_boat": "เรือพยาบาล",
        "ferry": "เรือเฟอร์รี่",
        "longtail": "เรือหางยาว",
    },
}

PHRASES = {
    "en": {
        "alerted": "{unit} alerted",
        "leaves": "{unit} leaves {place}",
        "at_patient": "{unit} at the patient",
        "at_place": "{unit} at {place}",
        "walk_in": "crew walk to the patient ({min} min)",
        "carried": "patient carried to the shore ({min} min)",
        "carried_ashore": "patient carried ashore ({min} min)",
        "taken_aboard": "patient taken aboard",
        "boards": "patient boards at {place}",
        "by_boat": "by {boat} to {place}",
        "wait_ambulance": "waits {min} min for the ambulance at {place}",
        "wait_boat": "waits {min} min for the boat at {place}",
        "ambulance_to": "{unit} to {place}",
        "by_road": "by road to {place}",
        "the_patient": "the patient",
        "ambulance": "ambulance",
        "boat": "the boat",
    },
    "th": {
        "alerted": "สั่งการ {unit}",
        "leaves": "{unit} ออกจาก{place}",
        "at_patient": "{unit} ถึงตัวผู้ป่วย",
        "at_place": "{unit} ถึง{place}",
        "walk_in": "ทีมเดินเท้าเข้าถึงผู้ป่วย ({min} นาที)",
        "carried": "เคลื่อนย้ายผู้ป่วยไปยังชายฝั่ง ({min} นาที)",
        "carried_ashore": "เคลื่อนย้ายผู้ป่วยขึ้นฝั่ง ({min} นาที)",
        "taken_aboard": "นำผู้ป่วยขึ้นเรือ",
        "boards": "ผู้ป่วยขึ้นเรือที่{place}",
        "by_boat": "โดย{boat}ไป{place}",
        "wait_ambulance": "รอรถพยาบาลที่{place} {min} นาที",
        "wait_boat": "รอเรือที่{place} {min} นาที",
        "ambulance_to": "{unit}ไป{place}",
        "by_road": "ทางรถไป{place}",
        "the_patient": "ผู้ป่วย",
        "ambulance": "รถพยาบาล",
        "boat": "เรือ",
    },
}


@dataclass
class Step:
    at: str  # "HH:MM", Asia/Bangkok
    text: str
    minute: float  # minutes after the plan's start


@dataclass
class Itinerary:
    approach: list[Step] = field(default_factory=list)  # the units coming to the patient
    journey: list[Step] = field(default_factory=list)  # the patient's way to hospital
    arrive: str = ""  # clock time at the destination

    def as_dict(self) -> dict:
        return {
            "approach": [s.__dict__ for s in self.approach],
            "journey": [s.__dict__ for s in self.journey],
            "arrive": self.arrive,
        }


def _clean(name: str) -> str:
    return name.removesuffix(" (sea access)")


def describe(
    legs: list[dict],
    *,
    start: datetime,
    lang: str = "en",
    unit: str = "",
    unit_base: str = "",
    ambulance: str = "",
    ambulance_base: str = "",
    destination: str = "",
    names: dict[str, str] | None = None,
) -> Itinerary:
    """The plan's legs as steps with clock times. `start` is the time of minute 0 of the legs."""
    words = PHRASES.get(lang[:2], PHRASES["en"])
    boats = BOATS.get(lang[:2], BOATS["en"])
    names = names or {}

    def name(raw: str) -> str:
        raw = _clean(raw)
        if raw in SCENE_NAMES:
            return words["the_patient"]
        if raw == "destination":
            return destination or raw
        return names.get(raw, raw)

    def clock(minute: float) -> str:
        return (start + timedelta(minutes=minute)).astimezone(BANGKOK).strftime("%H:%M")

    def step(minute: float, key: str, **values) -> Step:
        return Step(clock(minute), words[key].format(**values), round(minute, 1))

    out = Itinerary()
    ordered = sorted(legs, key=lambda leg: leg.get("start_min", 0.0))
    for group in _runs([leg for leg in ordered if leg.get("role") == "boat_approach"]):
        who = unit or words["boat"]
        first, last = group[0], group[-1]
        out.approach.append(
            step(first["start_min"], "leaves", unit=who, place=unit_base or name(first["from"]))
        )
        walk = [leg for leg in group if leg.get("vehicle") == "on foot"]
        boat_end = walk[0]["start_min"] if walk else _end(last)
        target = _clean(walk[0]["from"] if walk else last["to"])
        if walk:
            out.approach.append(step(boat_end, "walk_in", min=_whole(sum(w["duration_min"] for w in walk))))
        if _clean(last["to"]) in SCENE_NAMES or walk:
            out.approach.append(step(_end(last), "at_patient", unit=who))
        elif target != WATER:
            out.approach.append(step(_end(last), "at_place", unit=who, place=name(target)))
    for group in _runs([leg for leg in ordered if leg.get("role") == "ambulance_approach"]):
        who = ambulance or words["ambulance"]
        first, last = group[0], group[-1]
        base = ambulance_base or (
            name(first["from"]) if _clean(first["from"]) not in (who, "ambulance") else ""
        )
        if base:
            out.approach.append(step(first["start_min"], "leaves", unit=who, place=base))
        if _clean(last["to"]) in SCENE_NAMES:
            out.approach.append(step(_end(last), "at_patient", unit=who))
        else:
            out.approach.append(step(_end(last), "at_place", unit=who, place=name(last["to"])))
    out.approach.sort(key=lambda s: s.minute)

    patient = [leg for leg in ordered if leg.get("role") == "patient"]
    by_boat = any(leg["mode"] == "sea" for leg in patient)
    seen_boat = False  # the ambulance drives the patient from the landing pier, not to the boat
    i = 0
    while i < len(patient):
        leg = patient[i]
        mode, note = leg["mode"], leg.get("note", "")
        if mode == "transfer":
            out.journey.extend(_transfer_steps(leg, step, name))
            i += 1
            continue
        if mode == "access" and leg.get("vehicle") == "stretcher":
            key = "carried" if note == "carried to the shore" else "carried_ashore"
            out.journey.append(step(leg["start_min"], key, min=_whole(leg["duration_min"])))
            i += 1
            continue
        boat_leg = mode in ("sea", "river") or (mode == "access" and _is_boat_access(leg))
        run = [leg]
        while i + len(run) < len(patient):
            nxt = patient[i + len(run)]
            same = nxt["mode"] in ("sea", "river") or (nxt["mode"] == "access" and _is_boat_access(nxt))
            if nxt["mode"] == "transfer" or (nxt.get("vehicle") == "stretcher") or same != boat_leg:
                break
            run.append(nxt)
        i += len(run)
        end_place = name(run[-1]["to"])
        if boat_leg:
            seen_boat = True
            cls = next((leg["vehicle"] for leg in run if leg.get("vehicle") in boats), "")
            boat = boats.get(cls, boats["speedboat"])
            out.journey.append(Step(clock(_end(run[-1])), words["by_boat"].format(boat=boat, place=end_place),
                                    round(_end(run[-1]), 1)))  # fmt: skip
        elif ambulance and (seen_boat or not by_boat):
            out.journey.append(Step(clock(_end(run[-1])), words["ambulance_to"].format(unit=ambulance, place=end_place),
                                    round(_end(run[-1]), 1)))  # fmt: skip
        else:
            out.journey.append(Step(clock(_end(run[-1])), words["by_road"].format(place=end_place),
                                    round(_end(run[-1]), 1)))  # fmt: skip
    if patient:
        out.arrive = clock(max(_end(leg) for leg in patient))
    return out


def _transfer_steps(leg: dict, step, name) -> list[Step]:
    note = leg.get("note", "")
    place = name(leg["from"])
    wait = float(leg.get("wait_min") or 0.0)
    if not wait and (m := _WAITED.search(note)):
        wait = float(m.group(1))
    steps = []
    if note.startswith("patient lands"):  # the boat's arrival step already says where
        if wait >= 1:
            steps.append(step(leg["start_min"], "wait_ambulance", place=place, min=_whole(wait)))
    elif note.startswith("patient boards"):
        if wait >= 1:
            steps.append(step(leg["start_min"], "wait_boat", place=place, min=_whole(wait)))
        steps.append(step(_end(leg), "boards", place=place))
    elif note.startswith("patient taken aboard"):
        steps.append(step(leg["start_min"], "taken_aboard"))
    return steps


def _is_boat_access(leg: dict) -> bool:
    """A boat's manoeuvring stub (not a road's access link, not a carry or a walk)."""
    return leg.get("vehicle") not in (None, "stretcher", "on foot", "ambulance", "car") and "road" not in (
        leg.get("note") or ""
    )


def _runs(legs: list[dict]) -> list[list[dict]]:
    """Consecutive legs (in time) of one approach: a new run starts after a gap."""
    runs: list[list[dict]] = []
    for leg in legs:
        if runs and abs(leg["start_min"] - _end(runs[-1][-1])) < 0.5:
            runs[-1].append(leg)
        else:
            runs.append([leg])
    return runs


def _end(leg: dict) -> float:
    return leg["start_min"] + leg["duration_min"]


def _whole(minutes: float) -> int:
    return max(1, round(minutes))
