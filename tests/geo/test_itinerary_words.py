"""Itineraries in words: the unit's approach apart from the patient's journey, clock times, waiting
as waiting, no routing jargon, in Thai and English (pure kernel, synthetic legs)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from phangnga.geo.itinerary_words import describe

START = datetime(2026, 12, 20, 10, 39, tzinfo=ZoneInfo("Asia/Bangkok"))


def leg(role, mode, frm, to, start, minutes, note="", vehicle=None, **extra):
    return dict(role=role, mode=mode, start_min=start, duration_min=minutes, note=note, vehicle=vehicle,
                distance_km=0.0, **{"from": frm, "to": to}, **extra)  # fmt: skip


SIMILAN = [
    leg("dispatch", "dispatch", "call", "dispatch", 0, 3),
    leg(
        "boat_approach",
        "access",
        "boat",
        "navigable water",
        3,
        0.5,
        "manoeuvring to navigable water",
        "speedboat",
    ),
    leg("boat_approach", "sea", "boat", "origin", 3.5, 11.5, "Speedboat, calm sea", "speedboat"),
    leg("boat_approach", "access", "navigable water", "origin", 15, 3, "crew walk to the patient", "on foot"),
    leg("patient", "access", "origin", "navigable water", 18, 6, "carried to the shore", "stretcher"),
    leg("patient", "transfer", "origin", "origin", 24, 10, "patient taken aboard"),
    leg("patient", "sea", "origin", "Tap Lamu pier", 34, 50, "Speedboat, calm sea", "speedboat"),
    leg("patient", "river", "Tap Lamu pier (sea access)", "Tap Lamu pier", 84, 3, "channel", "speedboat"),
    leg("ambulance_approach", "road", "ambulance", "Tap Lamu pier", 0, 95),
    leg("patient", "transfer", "Tap Lamu pier", "Tap Lamu pier", 87, 18, "patient lands", wait_min=8),
    leg("patient", "road", "Tap Lamu pier", "destination", 105, 35, "via Route 4", "ambulance"),
]


def texts(steps):
    return [(s.at, s.text) for s in steps]


def test_similan_rescue_reads_like_the_radio():
    words = describe(SIMILAN, start=START, unit="Similan unit", unit_base="Ko Miang",
                     ambulance="Takua Pa ambulance", destination="Takua Pa Hospital")  # fmt: skip
    assert texts(words.approach) == [
        ("10:42", "Similan unit leaves Ko Miang"),
        ("10:54", "crew walk to the patient (3 min)"),
        ("10:57", "Similan unit at the patient"),
        ("12:14", "Takua Pa ambulance at Tap Lamu pier"),
    ]
    assert texts(words.journey) == [
        ("10:57", "patient carried to the shore (6 min)"),
        ("11:03", "patient taken aboard"),
        ("12:06", "by speedboat to Tap Lamu pier"),
        ("12:06", "waits 8 min for the ambulance at Tap Lamu pier"),
        ("12:59", "Takua Pa ambulance to Takua Pa Hospital"),
    ]
    assert words.arrive == "12:59"


def test_no_jargon_in_any_language():
    for lang in ("en", "th"):
        words = describe(SIMILAN, start=START, lang=lang, unit="U", destination="H")
        text = " ".join(s.text for s in words.approach + words.journey)
        for jargon in ("navigable water", "(sea access)", "origin", "speedboat,", "transfer", "access"):
            assert jargon not in text, (lang, jargon)


def test_thai_words_and_thai_place_names():
    words = describe(SIMILAN, start=START, lang="th", unit="หน่วยสิมิลัน", unit_base="เกาะเมียง",
                     ambulance="รถพยาบาลตะกั่วป่า", destination="โรงพยาบาลตะกั่วป่า",
                     names={"Tap Lamu pier": "ท่าเรือทับละมุ"})  # fmt: skip
    journey = [s.text for s in words.journey]
    assert "โดยเรือเร็วไปท่าเรือทับละมุ" in journey
    assert "รอรถพยาบาลที่ท่าเรือทับละมุ 8 นาที" in journey
    assert words.approach[0].text == "หน่วยสิมิลัน ออกจากเกาะเมียง"


def test_road_to_the_boat_is_not_the_ambulance_that_waits_on_the_far_side():
    legs = [
        leg("patient", "road", "origin", "Chong Lad pier", 3, 17, "via Koh Yao Yai", "ambulance"),
        leg("patient", "transfer", "Chong Lad pier", "Chong Lad pier", 20, 10, "patient boards the boat"),
        leg("patient", "sea", "Chong Lad pier", "Manoh pier", 30, 5, "Speedboat", "speedboat"),
        leg("ambulance_approach", "road", "Koh Yao ambulance", "Manoh pier", 0, 6),
        leg("patient", "transfer", "Manoh pier", "Manoh pier", 35, 10, "patient lands"),
        leg("patient", "road", "Manoh pier", "destination", 45, 6, "via Koh Yao Noi", "ambulance"),
    ]
    words = describe(legs, start=START, ambulance="Koh Yao ambulance", destination="Koh Yao Hospital")
    assert [s.text for s in words.journey] == [
        "by road to Chong Lad pier",
        "patient boards at Chong Lad pier",
        "by speedboat to Manoh pier",
        "Koh Yao ambulance to Koh Yao Hospital",
    ]
