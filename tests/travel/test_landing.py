"""The landing page: language, content, navigation, safety numbers, weather hidden when none,
the friendly 404 in the user's language, and a retired attraction leading to the nearest one."""

import pytest

pytestmark = pytest.mark.django_db


def test_landing_in_the_browser_language_with_navigation_and_safety(client, make_sign):
    sign = make_sign("koh-panyee")
    r = client.get(f"/s/{sign.code}", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    html = r.content.decode()
    assert r.status_code == 200 and r["Content-Language"] == "de"
    assert "Accept-Language" in r["Vary"]  # caches must not serve one language to another tourist
    assert "Koh Panyee" in html and "schwimmendes Fußballfeld" in html
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=8.335000%2C98.503000" in html
    assert "https://maps.apple.com/?daddr=8.335000%2C98.503000" in html
    assert 'href="geo:8.335000,98.503000' in html
    assert 'href="tel:1669"' in html and 'href="tel:1155"' in html
    assert 'id="boat"' in html  # an island: the boat leg from the nearest pier
    assert "Tha Dan" in html
    assert 'id="temp"' not in html  # no weather source: hidden, not "0 °C"
    assert "leaflet" not in html.lower()
    assert 'id="nearby"' in html


def test_language_switcher_and_cookie(client, make_sign):
    sign = make_sign("similan")
    r = client.get(f"/s/{sign.code}?lang=zh-hans", HTTP_ACCEPT_LANGUAGE="en")
    assert "斯米兰群岛国家公园" in r.content.decode()
    assert r.cookies["travel_lang"].value == "zh-hans"
    again = client.get(f"/s/{sign.code}", HTTP_ACCEPT_LANGUAGE="en")  # the cookie remembers the choice
    assert again["Content-Language"] == "zh-hans"
    for lang in ("th", "en", "zh-hans", "ru", "de"):
        assert f'href="?lang={lang}"' in r.content.decode()


def test_fallback_is_marked(client, make_sign):
    sign = make_sign("ton-pariwat-waterfall")  # no Russian description
    html = client.get(f"/s/{sign.code}?lang=ru").content.decode()
    assert "Водопад Тон Париват" in html
    assert "A waterfall in the Ton Pariwat wildlife sanctuary" in html
    assert "(на английском)" in html


def test_unknown_code_is_a_friendly_404_in_the_users_language(client, catalogue):
    r = client.get("/s/QQQQQQ", HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9")
    assert r.status_code == 404
    html = r.content.decode()
    assert "ไม่พบป้ายนี้" in html and "QQQQQQ" in html
    assert 'href="tel:1669"' in html
    r = client.get("/s/QQQQQQ", HTTP_ACCEPT_LANGUAGE="ru")
    assert r.status_code == 404 and "Табличка не найдена" in r.content.decode()


def test_retired_attraction_leads_to_the_nearest_active_one(api, client, make_user, make_sign):
    sign = make_sign("nang-thong-beach")
    officer = make_user("tourism_officer")
    r = api(officer).patch("/api/v1/travel/attractions/nang-thong-beach", {"active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    page = client.get(f"/s/{sign.code}", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    # Nang Thong (8.642, 98.247): police boat T.813 (8.6627, 98.2545) is 2.4 km away, Bang Niang
    # beach (8.665, 98.245) 2.6 km.
    assert '<h1 id="name">Police boat T.813' in html
    assert "Nang Thong beach is closed" in html


def test_retiring_needs_a_tourism_officer(api, make_user, catalogue):
    r = api(make_user("farmer")).patch("/api/v1/travel/attractions/similan", {"active": False})
    assert r.status_code == 403
    assert api().patch("/api/v1/travel/attractions/similan", {"active": False}).status_code == 401


def test_tourist_words_are_not_taken_from_other_apps_catalogues(client, make_sign):
    """The word "Opening" is an accounting word in another app's Thai catalogue; ours has its own context."""
    sign = make_sign("takua-pa-old-town")
    html = client.get(f"/s/{sign.code}?lang=th").content.decode()
    assert "<h2>เวลาเปิด</h2>" in html and "ยอดยกมา" not in html
    assert "ประวัติศาสตร์" in html
