"""The seed's case: a patient at Phru Nai (south Koh Yao Yai), triage 2, needs CT."""

from phangnga.referral import planning
from phangnga.referral.planner import TIE_MIN, Facility, NoRouteError, plan_referral


def test_direct_route_beats_the_chain_and_vachira_is_weighed(places):
    """Over the live routing network and the demo's boats and ambulances: the direct route
    wins over the administrative chain, Vachira Phuket is weighed with its ETA and legs, and
    whichever is fastest is chosen."""
    from phangnga.fleet.demo import load_resources

    load_resources()
    plan = planning.make_plan(places["rpst-phru-nai"], "ct", triage=2)
    body = plan.to_dict()
    assert body["chain_eta_min"] is not None and body["eta_min"] < body["chain_eta_min"]
    assert plan.chain["stops"] == ["hosp-kohyao", "hosp-phangnga"]
    assert body["legs"], "the chosen plan lists its legs"
    assert {leg["mode"] for leg in body["legs"]} >= {"road", "sea"}
    assert body["unit"] and not body["no_unit_available"], "a real boat of the registry"
    # the units' approach legs run beside the patient's; the ETA is the patient's legs
    patient = [leg for leg in body["legs"] if leg.get("role", "patient") == "patient"]
    assert abs(sum(leg["duration_min"] for leg in patient) - body["eta_min"]) < 0.5
    assert "administrative chain" in plan.why
    # triage 2 never goes by longtail or ferry
    assert body["boat"] in {"hospital_boat", "speedboat", "rescue_boat"}
    every = [body, *body["alternatives"]]
    vachira = [o for o in every if o["destination"]["code"] == "hosp-vachira"]
    assert vachira and all(o["legs"] and o["eta_min"] > 0 for o in vachira)
    fastest_vachira = min(o["eta_min"] for o in vachira)
    assert fastest_vachira < body["chain_eta_min"]  # going straight to Phuket beats the chain
    # the choice is the fastest option (a near-tie may go to the better-equipped hospital)
    assert body["eta_min"] <= min(o["eta_min"] for o in every) + TIE_MIN
    if fastest_vachira <= min(o["eta_min"] for o in every) + TIE_MIN:
        assert body["destination"]["code"] == "hosp-vachira"


def test_vachira_is_chosen_over_the_chain_when_it_is_the_fastest():
    """The seed's case in the kernel, with times a south Koh Yao Yai jetty would give."""
    minutes = {
        ("phru", "kohyao"): 45,
        ("kohyao", "phangnga"): 75,
        ("phru", "phangnga"): 110,
        ("phru", "vachira"): 70,
        ("phru", "krabi"): 95,
    }
    phru = Facility("phru", "Phru Nai RPST", 7.955, 98.59)
    kohyao = Facility("kohyao", "Koh Yao Chaipattana", 8.118, 98.606, ("emergency",), 1)
    phangnga = Facility("phangnga", "Phang Nga Hospital", 8.45, 98.53, ("emergency", "ct"), 2)
    vachira = Facility("vachira", "Vachira Phuket", 7.90, 98.38, ("emergency", "ct"), 3)
    krabi = Facility("krabi", "Krabi Hospital", 8.08, 98.92, ("emergency", "ct"), 2)

    def route(a, b, boat):
        eta = minutes[(a.code, b.code)] + (5 if boat == "hospital_boat" else 0)
        return {"eta_min": eta, "distance_km": eta / 2, "legs": [{"mode": "sea", "duration_min": eta}]}

    plan = plan_referral(
        phru, [kohyao, phangnga, vachira, krabi], "ct", route, triage=2, chain=[kohyao, phangnga]
    )
    assert plan.chosen.destination.code == "vachira" and plan.chosen.eta_min == 70
    assert plan.chain["eta_min"] == 45 + 30 + 75
    assert plan.meets_guarantee and "80 min faster than the administrative chain" in plan.why


def test_only_facilities_with_the_capability_are_candidates(places):
    plan = planning.make_plan(places["rpst-phru-nai"], "hyperbaric", triage=1)
    assert plan.chosen.destination.code == "hosp-vachira"
    assert all(o.destination.code == "hosp-vachira" for o in plan.alternatives)


def _line(a: Facility, b: Facility, boat: str) -> dict:
    # a toy route: minutes = 10 x |dlat| degrees*100; the boat changes nothing
    eta = abs(a.lat - b.lat) * 100
    return {"eta_min": eta, "distance_km": eta, "legs": [{"mode": "sea", "duration_min": eta}]}


def test_kernel_picks_fastest_and_excludes_declined():
    origin = Facility("o", "Origin", 0.0, 0.0)
    near = Facility("near", "Near", 0.2, 0.0, ("ct",))
    far = Facility("far", "Far", 0.5, 0.0, ("ct",))
    no_ct = Facility("noct", "No CT", 0.1, 0.0, ())
    plan = plan_referral(origin, [far, near, no_ct], "ct", _line)
    assert plan.chosen.destination.code == "near"
    again = plan_referral(origin, [far, near, no_ct], "ct", _line, exclude=["near"])
    assert again.chosen.destination.code == "far"
    try:
        plan_referral(origin, [far, near], "ct", _line, exclude=["near", "far"])
    except NoRouteError:
        pass
    else:
        raise AssertionError("no destination left must raise")


def test_rough_sea_only_allows_hospital_and_rescue_boats():
    origin = Facility("o", "Origin", 0.0, 0.0)
    dest = Facility("d", "Dest", 0.3, 0.0, ("ct",))
    plan = plan_referral(origin, [dest], "ct", _line, boats=("speedboat", "hospital_boat"), sea_state="rough")
    assert plan.chosen.boat == "hospital_boat"
    assert any(r.get("boat") == "speedboat" for r in plan.rejected)


def test_near_ties_go_to_the_better_equipped_hospital():
    origin = Facility("o", "Origin", 0.0, 0.0)
    community = Facility("c", "Community", 0.30, 0.0, ("ct",), rank=1)
    regional = Facility("r", "Regional", 0.31, 0.0, ("ct",), rank=3)  # 1 min slower: a tie
    general = Facility("g", "General", 0.20, 0.0, ("ct",), rank=2)  # 10 min faster: wins outright
    assert plan_referral(origin, [community, regional], "ct", _line).chosen.destination.code == "r"
    plan = plan_referral(origin, [community, regional, general], "ct", _line)
    assert plan.chosen.destination.code == "g" and "faster than the next destination" in plan.why
