"""The in-process place snapshot: fresh after a save here, after TTL for changes made elsewhere."""

from __future__ import annotations

from phangnga.geo import place_cache
from phangnga.geo.models import Place


def test_snapshot_holds_active_places_by_code_and_kind(places):
    snapshot = place_cache.active_places()
    assert snapshot.by_code("hosp-vachira").name_en == places["hosp-vachira"].name_en
    assert {p.code for p in snapshot.of_kind("hospital")} == {
        code for code, p in places.items() if p.kind == "hospital" and p.active
    }
    assert snapshot.by_id(places["hosp-vachira"].id).code == "hosp-vachira"
    assert snapshot.by_code("no-such-place") is None


def test_saving_a_place_drops_the_snapshot_at_once(places):
    assert place_cache.active_places().by_code("hosp-vachira") is not None
    vachira = Place.objects.get(code="hosp-vachira")
    vachira.active = False
    vachira.save()
    assert place_cache.active_places().by_code("hosp-vachira") is None


def test_a_change_that_bypasses_signals_is_seen_after_the_ttl(places, monkeypatch):
    place_cache.active_places()
    Place.objects.filter(code="hosp-vachira").update(capabilities=["emergency"])  # no signal
    assert "hyperbaric" in place_cache.active_places().by_code("hosp-vachira").capabilities
    monkeypatch.setattr(place_cache, "TTL_S", 0.0)
    assert place_cache.active_places().by_code("hosp-vachira").capabilities == ["emergency"]
