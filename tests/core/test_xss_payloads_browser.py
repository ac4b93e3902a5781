"""Markup typed into a name or a note stays text on every page that shows it.

Payloads go in through the platform's own doors (the API, and the admin form for an attraction's
texts, the only way they are written): an incident's reporter, boat, notes and spot; a place's
names and source; a household's head, village and plot; an attraction's names and description
and a sign's note; a land project and its parcels' deeds and owners. Chromium, enforcing the
Content-Security-Policy, then opens every page that shows them, opens every popup and tooltip
of their maps (Leaflet puts a popup's text in as HTML), and finds: no payload ran (window.__xss
unset), each shows as the text that was typed, and no CSP violation, which would mean markup got
into the page and only the policy stopped it.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from browser_session import login, watch_csp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.page_markup,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(900),
]

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
SVG = '"><svg onload=window.__xss=1>'
PAYLOADS = (IMG, SCRIPT, SVG)

# Opens every popup and tooltip of every map of the page (basemap.js lists them in PN.maps) and
# returns their text: a popup is in the page only while it is open.
OPEN_MAP_TEXTS = """() => {
  const texts = [];
  ((window.PN && PN.maps) || []).forEach((map) => map.eachLayer((layer) => {
    const tooltip = layer.getTooltip && layer.getTooltip(), popup = layer.getPopup && layer.getPopup();
    if (tooltip) { layer.openTooltip(); texts.push(tooltip.getElement() ? tooltip.getElement().innerText : ""); }
    if (popup) { layer.openPopup(); texts.push(popup.getElement() ? popup.getElement().innerText : ""); }
  }));
  return texts.join("\\n");
}"""


def _ok(response, status=201) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def _store_payloads(api) -> dict[str, list[str]]:
    """Write the payloads; the pages that show them, each with the payloads it must show as text."""
    from phangnga.core.models import User
    from phangnga.land import demo as land_demo

    user = {
        name: User.objects.get(username=name) for name in ("admin", "dispatcher", "agri", "tourism", "land")
    }

    _ok(
        api(user["admin"]).post(
            "/api/v1/places",
            {
                "kind": "beach",
                "code": "beach-xss",
                "name_en": f"Beach {IMG}",
                "name_th": f"หาด {SCRIPT}",
                "lat": 8.6366,
                "lon": 98.239,
                "source": f"survey {SVG}",
                "accuracy_m": 50,
            },
        )
    )
    at_place = _ok(
        api(user["dispatcher"]).post(
            "/api/v1/emergency/incidents",
            {
                "kind": "near_drowning",
                "place": "beach-xss",
                "reporter_name": f"Caller {IMG}",
                "reporter_phone": "+66 81 234 5678",
                "boat_name": f"Boat {SVG}",
                "notes": f"Notes {SCRIPT}",
                "patients": [{"age": 30, "symptoms": ["unconscious"]}],
            },
        )
    )
    at_spot = _ok(
        api(user["dispatcher"]).post(
            "/api/v1/emergency/incidents",
            {
                "kind": "near_drowning",
                "lat": 8.70,
                "lon": 98.23,
                "location_text": f"Spot {SVG}",
                "patients": [{"age": 40}],
            },
        )
    )

    household = _ok(
        api(user["agri"]).post(
            "/api/v1/farm/households",
            {
                "head_name": f"Somsak {IMG}",
                "head_national_id": _national_id(),
                "district": "takua_thung",
                "subdistrict": "krasom",
                "moo": 3,
                "village": f"Ban {SVG}",
            },
        )
    )
    plot = _ok(
        api(user["agri"]).post(
            f"/api/v1/farm/households/{household['id']}/plots",
            {
                "name": f"Plot {SCRIPT}",
                "geometry": _square(8.384, 98.440),
                "land_document": "chanote",
                "land_document_no": "1234",
            },
        )
    )

    _attraction_by_admin_form(user["admin"], "beach-xss")
    sign = _ok(
        api(user["tourism"]).post(
            "/api/v1/travel/signs", {"attraction": "xss-cove", "location_note": f"Pier {SVG}"}
        )
    )

    shapes = land_demo.features()
    project = _ok(
        api(user["land"]).post(
            "/api/v1/land/projects",
            {
                "name": f"Project {IMG}",
                "location": f"Village {SVG}",
                "boundary": shapes["boundary"],
                "zones": [
                    {"code": "A", "value_before": 600, "value_after": 1300},
                    {"code": "B", "value_before": 450, "value_after": 1100},
                ],
            },
        )
    )
    parcels = shapes["parcels"]
    for n, feature in enumerate(parcels["features"]):
        feature["properties"]["deed_no"] = f"{n} {SVG}"
        feature["properties"]["owners"] = [f"Owner {SCRIPT}", f"Co-owner {IMG}"]
    _ok(
        api(user["land"]).post(
            f"/api/v1/land/projects/{project['id']}/parcels/import", {"format": "geojson", "data": parcels}
        )
    )

    incident, spot, pid = at_place["id"], at_spot["id"], project["id"]
    return {
        f"/emergency/incidents/{incident}": [IMG, SCRIPT, SVG],
        f"/emergency/incidents/{spot}": [SVG],
        "/emergency/board": [SCRIPT, SVG],  # the Thai board names the place in Thai
        "/emergency/kpis": [SCRIPT],  # staff pages speak Thai: the place's Thai name
        "/emergency/report": [SCRIPT],  # a Thai page names the site by its Thai name only
        "/emergency/help?lang=en": [IMG],
        "/map": [IMG, SCRIPT, SVG],
        "/farm/?q=Somsak": [IMG, SVG],
        f"/farm/households/{household['id']}/": [IMG, SVG, SCRIPT],
        f"/farm/plots/{plot['id']}/": [SCRIPT],
        f"/s/{sign['code']}?lang=en": [IMG, SCRIPT, SVG],
        "/travel/a/xss-cove/?lang=en": [IMG, SCRIPT, SVG],
        "/travel/?lang=en": [IMG],
        "/travel/map?lang=en": [IMG],
        "/travel/signs/": [SVG],
        "/land/": [IMG, SVG],
        f"/land/{pid}/": [IMG, SVG, SCRIPT],
        f"/land/{pid}/participation/": [SCRIPT],
    }


def _square(lat: float, lon: float, half: float = 0.00025) -> dict:
    """A GeoJSON square of about 55 m a side (farmland west of Krasom, Takua Thung)."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _national_id() -> str:
    import random

    from phangnga.core.thai import random_valid_national_id

    return random_valid_national_id(random.Random(18_005))


def _attraction_by_admin_form(admin, place_code: str) -> None:
    """An attraction's texts are written in the Django admin: its add form, posted as an officer would."""
    from phangnga.geo.models import Place

    texts = {lang: f"Cove {IMG}" for lang in ("th", "en", "zh-hans", "ru", "de")}
    about = {lang: f"About {SCRIPT} {SVG}" for lang in texts}
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/travel/attraction/add/",
        {
            "code": "xss-cove",
            "place": Place.objects.get(code=place_code).pk,
            "category": "nature",
            "names": json.dumps(texts),
            "descriptions": json.dumps(about),
            "identity": "[]",
            "hours_note": "{}",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_stored_markup_shows_as_text_and_never_runs(browser, live_server, api):
    from phangnga.core.demo import DEMO_PASSWORD, load_all

    load_all(log=lambda _msg: None)
    pages = _store_payloads(api)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    seen = watch_csp(page)
    login(page, live_server.url, "admin", DEMO_PASSWORD)
    problems = []
    try:
        for url, shown in pages.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, f"{url}: {response.status}"
            page.wait_for_load_state("networkidle")
            text = page.locator("body").inner_text() + "\n" + page.evaluate(OPEN_MAP_TEXTS)
            page.wait_for_timeout(200)  # an image the popups put in would fail, and its handler run, now
            if page.evaluate("typeof window.__xss") != "undefined":
                problems.append(f"{url}: a payload ran")
            problems += [f"{url}: not shown as text: {p}" for p in shown if p not in text]
            problems += [f"{url}: CSP violation: {v}" for v in seen]
            seen.clear()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
