"""At least 20 real attractions, each on a registry place with its source and accuracy, in five
languages with marked English fallback, with opening, fees and season."""

import pytest

from phangnga.travel.catalogue import load_catalogue
from phangnga.travel.i18n import LANGS
from phangnga.travel.models import Attraction

pytestmark = pytest.mark.django_db

REQUIRED = {
    "similan",
    "surin",
    "khao-lak-beach",
    "nang-thong-beach",
    "bang-niang-beach",
    "james-bond-island",
    "koh-panyee",
    "samet-nangshe",
    "sa-nang-manora",
    "ton-pariwat-waterfall",
    "lam-ru-waterfall",
    "takua-pa-old-town",
    "ban-nam-khem-memorial",
}


def test_catalogue_has_the_real_attractions_on_registry_places(catalogue, places):
    assert len(catalogue) >= 20
    assert REQUIRED <= set(catalogue)
    # Existing registry places are reused, not duplicated.
    assert catalogue["james-bond-island"].place.code == "att-james-bond"
    assert catalogue["similan"].place.code == "island-similan-8"
    for attraction in catalogue.values():
        place = attraction.place
        assert place.source and place.accuracy_m > 0
        assert 97.4 <= place.lon <= 99.2 and 7.5 <= place.lat <= 9.8
        assert attraction.names.get("th") and attraction.names.get("en")
        assert attraction.descriptions.get("th") and attraction.descriptions.get("en")


def test_every_name_is_in_five_languages(catalogue):
    for attraction in catalogue.values():
        assert set(attraction.names) == set(LANGS), attraction.code


def test_island_seasons_and_fees(catalogue):
    similan = catalogue["similan"]
    assert (similan.season_start, similan.season_end) == ("10-15", "05-15")
    assert similan.needs_boat and similan.fee_foreign_thb > similan.fee_thai_thb
    assert not similan.fees_checked  # indicative until an officer confirms


def test_loading_twice_changes_nothing(catalogue):
    before = Attraction.objects.count()
    Attraction.objects.filter(code="lam-ru-waterfall").update(active=False)
    load_catalogue()
    assert Attraction.objects.count() == before
    assert not Attraction.objects.get(code="lam-ru-waterfall").active  # an officer's retirement stays


def test_api_falls_back_to_english_and_marks_it(api, catalogue):
    body = api().get("/api/v1/travel/attractions?lang=de").json()
    assert body["lang"] == "de" and body["count"] == len(catalogue)
    by_code = {a["code"]: a for a in body["attractions"]}
    ton = by_code["ton-pariwat-waterfall"]  # no German description in the data
    assert ton["name"] == "Ton-Pariwat-Wasserfall" and not ton["name_fallback"]
    assert ton["description"] == catalogue["ton-pariwat-waterfall"].descriptions["en"]
    assert ton["description_fallback"] is True
    assert "de" in ton["missing_languages"]
    assert by_code["similan"]["description_fallback"] is False


def test_api_search_and_bad_language(api, catalogue):
    found = api().get("/api/v1/travel/attractions?q=moken").json()["attractions"]
    assert {a["code"] for a in found} == {"similan", "surin"}
    waterfalls = api().get("/api/v1/travel/attractions?category=waterfall").json()["attractions"]
    assert {a["code"] for a in waterfalls} == {"ton-pariwat-waterfall", "lam-ru-waterfall"}
    bad = api().get("/api/v1/travel/attractions?lang=xx")
    assert bad.status_code == 422 and "lang" in bad.json()["fields"]
