"""The website is an installable PWA: a manifest, icons, and service workers whose scope covers
the attraction pages and the sign pages."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_manifest_and_icons(client):
    r = client.get("/travel/manifest.webmanifest")
    assert r.status_code == 200 and r["Content-Type"] == "application/manifest+json"
    manifest = json.loads(r.content)
    assert manifest["start_url"] == "/travel/" and manifest["scope"] == "/travel/"
    assert manifest["display"] == "standalone"
    sizes = {i["sizes"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("url", ["/travel/sw.js", "/s/sw.js"])
def test_service_worker_is_served_in_its_scope(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/javascript")
    body = r.content.decode()
    assert 'addEventListener("fetch"' in body and "caches.open" in body


def test_website_pages(client, catalogue):
    home = client.get("/travel/?lang=en&q=waterfall")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Lam Ru waterfall" in html and "Khao Lak (Sunset) beach" not in html
    assert 'rel="manifest"' in html
    detail = client.get("/travel/a/takua-pa-old-town/?lang=th")
    assert detail.status_code == 200 and "ย่านเมืองเก่าตะกั่วป่า" in detail.content.decode()
    assert client.get("/travel/a/atlantis/").status_code == 404
    the_map = client.get("/travel/map?lang=de")
    assert the_map.status_code == 200 and "Ton-Pariwat-Wasserfall" in the_map.content.decode()
