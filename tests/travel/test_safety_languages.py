"""The landing page's safety warnings speak the page's language: the hazard and the advice in Thai,
English, Chinese, Russian and German, the place named once ("Box jellyfish at Donald Duck Bay", not
"Box jellyfish at Donald Duck Bay jellyfish Donald Duck Bay jellyfish"), and what an officer typed in
English only is marked "(in English)" on the other languages' pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

em = pytest.importorskip("phangnga.prevention.models")

WORDS = {
    "th": ("แมงกะพรุนพิษ", "อย่าสัมผัสแมงกะพรุน", None),
    "en": ("Box jellyfish at Donald Duck Bay", "Do not touch jellyfish", None),
    "zh-hans": ("箱水母", "不要触碰水母", "英文"),
    "ru": ("Кубомедузы", "Не трогайте медуз", "на английском"),
    "de": ("Würfelquallen", "Quallen nicht berühren", "auf Englisch"),
}


def safety_box(client, sign, lang: str) -> str:
    html = client.get(f"/s/{sign.code}?lang={lang}").content.decode()
    box = html[html.index('id="safety"') :]
    return re.sub(r"<[^>]+>", " ", box[: box.index("</ul>")])


def repeated_runs(text: str) -> list[str]:
    """Runs of two or more words that occur twice (the old headline and description did)."""
    words = re.findall(r"\w+", text.lower())
    pairs = [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
    return sorted({p for p in pairs if pairs.count(p) > 1})


@pytest.fixture
def jellyfish_sign(make_sign, places):
    place = places["beach-donald-duck"]
    em.RiskPoint.objects.create(name="Donald Duck Bay jellyfish", kind="jellyfish", lat=place.lat, lon=place.lon,
                                place=place, severity="Moderate",
                                description="Reported by lifeguards and the national park.")  # fmt: skip
    return make_sign("donald-duck-bay")


@pytest.mark.parametrize("lang", list(WORDS))
def test_a_risk_point_warning_in_each_language_without_repeats(client, jellyfish_sign, lang):
    hazard, advice, in_english = WORDS[lang]
    box = safety_box(client, jellyfish_sign, lang)
    assert hazard in box and advice in box, box
    title = box[: box.index(advice)]
    if lang in ("th", "zh-hans"):  # no spaces between words: the place is named once
        assert title.count("อ่าวเกือก" if lang == "th" else "Donald Duck Bay") == 1, title
    else:
        assert repeated_runs(title) == [], title
    if in_english:  # the officer's English description, said to be English
        assert "Reported by lifeguards" in box and f"({in_english}" in box.replace("( ", "("), box
    else:  # Thai: the registry's Thai description (cap.RISK_DESCRIPTION_TH); English: the officer's
        assert "(in English)" not in box and "(ภาษาอังกฤษ)" not in box


def test_an_officers_english_sea_warning_is_marked_on_a_russian_page(client, make_sign):
    sign = make_sign("khao-lak-beach")
    em.SeaWarning.objects.create(kind="red_flag", headline="Red flag at Khao Lak", description="Strong rip currents",
                                 instruction="Do not swim", area="Khao Lak", lat=8.62, lon=98.235, radius_km=3,
                                 onset=timezone.now() - timedelta(hours=1))  # fmt: skip
    box = safety_box(client, sign, "ru")
    assert "Красный флаг: купание запрещено" in box  # the kind of warning, in Russian
    assert "Strong rip currents" in box and box.count("на английском") == 2  # description, instruction
