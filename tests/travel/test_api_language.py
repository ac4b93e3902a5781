"""The travel API answers in the caller's Accept-Language when no ?lang= is given (ru, de, zh, th),
?lang= still wins, and a language we do not write falls back to English."""

from __future__ import annotations

from django.test import Client

CASES = [("ru", "", "ru"), ("de-DE,de;q=0.9", "", "de"), ("zh-TW", "", "zh-hans"), ("ru", "?lang=th", "th"),
         ("fr", "", "en"), ("", "", "en")]  # fmt: skip


def test_attractions_follow_accept_language(places):
    from phangnga.travel.demo import load

    load()
    for header, query, lang in CASES:
        response = Client().get(f"/api/v1/travel/attractions{query}", headers={"Accept-Language": header})
        assert response.status_code == 200 and response.json()["lang"] == lang, (header, query)
        first = response.json()["attractions"][0]["code"]
        one = Client().get(f"/api/v1/travel/attractions/{first}{query}", headers={"Accept-Language": header})
        assert one.status_code == 200 and one.json()["lang"] == lang, one.content
