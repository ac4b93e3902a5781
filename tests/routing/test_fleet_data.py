"""Boats and vehicles are data: shipped defaults, officer overrides, clear errors."""

import json

import pytest

from phangnga.geo.routing import NoRoute, UnknownClass, load_fleet


def test_shipped_classes_and_sea_states():
    fleet = load_fleet()
    assert set(fleet.boats) >= {"speedboat", "rescue_boat", "hospital_boat", "ferry", "longtail"}
    assert set(fleet.vehicles) >= {"ambulance", "car"}
    assert fleet.sea_states["calm"] == 1.0
    assert fleet.sea_states["calm"] < fleet.sea_states["moderate"] < fleet.sea_states["rough"]
    for boat in fleet.boats.values():
        assert boat.cruise_kn > 0
        assert boat.factor("calm") == 1.0


def test_south_west_monsoon_months_default_to_a_rougher_sea():
    fleet = load_fleet()
    assert fleet.default_sea_state(1) == "calm"
    for month in range(5, 11):
        assert fleet.default_sea_state(month) == "moderate"


def test_minutes_are_distance_over_speed_times_factor():
    boat = load_fleet().boat("speedboat")
    assert boat.minutes(59_264, "calm") == pytest.approx(60.0, rel=1e-3)  # 32 kn = 59.264 km/h
    assert boat.minutes(59_264, "moderate") == pytest.approx(60.0 * 1.3, rel=1e-3)


def test_override_dict_changes_only_what_it_names():
    fleet = load_fleet(
        boats={"boats": {"ferry": {"cruise_kn": 14}}, "sea_states": {"rough": {"factor": 2.0}}}
    )
    assert fleet.boat("ferry").cruise_kn == 14
    assert fleet.boat("ferry").label == "Ferry"
    assert fleet.boat("speedboat").factor("rough") == 2.0
    assert load_fleet().boat("ferry").cruise_kn == 12  # defaults untouched


def test_override_file_adds_a_class(tmp_path):
    path = tmp_path / "boats.json"
    path.write_text(json.dumps({"boats": {"jet_ski": {"label": "Jet ski", "cruise_kn": 35}}}))
    vehicles = tmp_path / "vehicles.json"
    vehicles.write_text(json.dumps({"vehicles": {"ambulance": {"speeds_kmh": {"island": 25}}}}))
    fleet = load_fleet(boats=path, vehicles=vehicles)
    assert fleet.boat("jet_ski").cruise_kn == 35
    assert fleet.vehicle("ambulance").speed("island") == 25
    assert fleet.vehicle("ambulance").speed("highway") == 70  # merged, not replaced


def test_unknown_names_and_forbidden_seas_are_clear_errors():
    fleet = load_fleet()
    with pytest.raises(UnknownClass) as err:
        fleet.boat("submarine")
    assert err.value.field == "boat" and "speedboat" in err.value.detail
    with pytest.raises(UnknownClass):
        fleet.boat("speedboat").factor("hurricane")
    with pytest.raises(NoRoute):
        fleet.boat("longtail").factor("rough")


@pytest.mark.parametrize("bad", [0, -5, "fast", None])
def test_invalid_speeds_are_rejected(bad):
    with pytest.raises(ValueError, match="cruise_kn"):
        load_fleet(boats={"boats": {"ferry": {"cruise_kn": bad}}})
