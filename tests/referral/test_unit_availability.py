"""Plans use the boats and ambulances that really exist and are free (emergency's registry),
count each unit's approach in the ETA, and say so plainly when no unit is available."""

from phangnga.fleet import routes
from phangnga.fleet.models import Resource, ResourceStatus
from phangnga.referral import planning
from phangnga.referral.planner import BASIS_BUSY, BASIS_CLASS, Facility, Unit, plan_referral

OUT = ResourceStatus.OUT_OF_SERVICE
BOATS = ["hb-kohyao", "sb-chonglad", "sb-thadan", "rb-thaplamu-1", "rb-thaplamu-2", "rb-khuraburi-1"]


def _set(code, **fields):
    Resource.objects.filter(code=code).update(**fields)


def _plan(places, **kw) -> dict:
    return planning.make_plan(places["rpst-phru-nai"], "ct", triage=2, **kw).to_dict()


def _every(plan: dict) -> list[dict]:
    return [plan, *plan["alternatives"]]


def test_the_plan_names_an_available_unit_and_ambulance(fleet, places):
    plan = _plan(places)
    unit = plan["unit"]
    assert unit and fleet[unit["code"]].status == ResourceStatus.AVAILABLE
    assert plan["no_unit_available"] is False and plan["availability"]["basis"] == "unit"
    assert f"{unit['name']} ({unit['code']}" in plan["why"]
    assert plan["why_facts"]["unit"]["code"] == unit["code"]
    # the ambulance that meets the boat is a real, free one on the destination's side
    assert plan["ambulance"] and fleet[plan["ambulance"]["code"]].kind == "ambulance"
    roles = {leg.get("role") for leg in plan["legs"]}
    assert "boat_approach" in roles
    patient = [leg for leg in plan["legs"] if leg.get("role", "patient") == "patient"]
    assert abs(sum(leg["duration_min"] for leg in patient) - plan["eta_min"]) < 0.5


def test_a_unit_out_of_service_is_not_used(fleet, places):
    first = _plan(places)["unit"]["code"]
    _set(first, status=OUT)
    plan = _plan(places)
    assert plan["unit"]["code"] != first
    assert all((o["unit"] or {}).get("code") != first for o in _every(plan))
    gone = {u["code"]: u for u in plan["availability"]["unavailable"]}
    assert gone[first]["reason_code"] == "out_of_service"


def test_out_of_season_units_are_not_used(fleet, places):
    from datetime import date

    plan = planning.make_plan(places["rpst-phru-nai"], "ct", triage=2, day=date(2026, 7, 1)).to_dict()
    gone = {u["code"]: u["reason_code"] for u in plan["availability"]["unavailable"]}
    assert gone["mu-similan"] == "out_of_season" and gone["mu-surin"] == "out_of_season"
    assert all((o["unit"] or {}).get("code") not in ("mu-similan", "mu-surin") for o in _every(plan))


def test_the_only_hospital_boat_dispatched_elsewhere_gives_the_next_best_unit(fleet, places):
    # In a rough sea only hospital and rescue boats may sail.
    calm_hb = _plan(places, sea_state="rough")
    assert calm_hb["unit"]["code"] == "hb-kohyao"
    _set("hb-kohyao", status=ResourceStatus.DISPATCHED)  # an emergency took it
    plan = _plan(places, sea_state="rough")
    assert plan["unit"]["kind"] == "rescue_boat" and plan["no_unit_available"] is False
    assert all((o["unit"] or {}).get("code") != "hb-kohyao" for o in _every(plan))
    assert plan["eta_min"] > calm_hb["eta_min"]  # the rescue boats come from Thap Lamu / Khura Buri


def test_no_suitable_unit_is_said_plainly_with_an_estimate(fleet, places):
    _set("hb-kohyao", status=ResourceStatus.DISPATCHED)
    for code in ("rb-thaplamu-1", "rb-thaplamu-2", "rb-khuraburi-1"):
        _set(code, status=OUT)
    plan = _plan(places, sea_state="rough")
    # The nearest unit that will be free: the hospital boat, busy now, clearly marked.
    assert plan["no_unit_available"] is True and plan["availability"]["basis"] == BASIS_BUSY
    assert plan["unit"]["code"] == "hb-kohyao" and plan["unit"]["status"] == "dispatched"
    assert plan["why"].startswith("NO UNIT AVAILABLE") and "once it is free" in plan["why"]
    # Nothing at all: the class-based estimate, marked as such.
    _set("hb-kohyao", status=OUT)
    plan = _plan(places, sea_state="rough")
    assert plan["no_unit_available"] is True and plan["availability"]["basis"] == BASIS_CLASS
    assert plan["unit"] is None and plan["boat"] == "hospital_boat"
    assert "class-based" in plan["availability"]["reason"] and "NO UNIT AVAILABLE" in plan["why"]


def test_a_boat_far_away_has_its_approach_counted(fleet, places):
    for code in BOATS:
        if code != "sb-chonglad":
            _set(code, status=OUT)
    near = _plan(places)
    assert near["unit"]["code"] == "sb-chonglad"
    _set("sb-chonglad", lat=8.578, lon=98.228)  # reported off Thap Lamu, on the Andaman side
    far = _plan(places)
    assert far["unit"]["code"] == "sb-chonglad"
    assert far["unit"]["approach_min"] > near["unit"]["approach_min"] + 30
    assert far["eta_min"] > near["eta_min"] + 20


def test_kernel_counts_the_approach_and_prefers_the_nearer_unit():
    origin = Facility("o", "Origin", 0.0, 0.0)
    dest = Facility("d", "Dest", 0.3, 0.0, ("ct",))

    def route(a, b, boat, unit=None, ambulance=None):
        approach = 0.0 if unit is None else abs(unit.lat - a.lat) * 100  # 1 min per 0.01 degree
        legs = [{"mode": "sea", "role": "boat_approach", "duration_min": approach}] if unit else []
        ride = abs(b.lat - a.lat) * 100
        legs.append({"mode": "sea", "duration_min": max(approach, 10) + ride})
        return {"eta_min": max(approach, 10) + ride, "distance_km": ride, "legs": legs}

    near = Unit("near", "Near boat", "speedboat", 0.05, 0.0)
    far = Unit("far", "Far boat", "speedboat", 0.60, 0.0)
    plan = plan_referral(origin, [dest], "ct", route, triage=2, units=[far, near])
    assert plan.chosen.unit.code == "near" and plan.chosen.eta_min == 10 + 30
    alone = plan_referral(origin, [dest], "ct", route, triage=2, units=[far])
    assert alone.chosen.eta_min == 60 + 30 and alone.to_dict()["unit"]["approach_min"] == 60
    # A longtail may not carry a triage 2 patient: nothing safe, so the estimate says so.
    longtail = Unit("lt", "Longtail", "longtail", 0.01, 0.0)
    none = plan_referral(origin, [dest], "ct", route, triage=2, units=[longtail])
    assert none.no_unit_available and none.chosen.unit is None
    assert any(r.get("unit") == "lt" for r in none.rejected)


def test_the_coarse_estimate_also_counts_the_approach(fleet, places, monkeypatch):
    monkeypatch.setitem(routes._state, "net", None)  # the routing network could not be built
    plan = _plan(places)
    assert planning.engine_name() == "estimate"
    assert plan["unit"] and any(leg.get("role") == "boat_approach" for leg in plan["legs"])
