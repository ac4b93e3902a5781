import copy
import itertools
import json

import pytest

from phangnga.farm.fertilizer import (
    KIT_CLASSES,
    PRODUCTS_PATH,
    TABLES_DIR,
    FertilizerInputError,
    Nutrients,
    compound_kg,
    import_table,
    load_products,
    load_tables,
    nutrient_need,
    parse_grade,
    parse_table,
    recommend,
    resolve_crop,
    straights_kg,
)

TABLES = load_tables()
PRODUCTS = load_products()


def rice_table():
    return json.loads((TABLES_DIR / "rice_south.json").read_text(encoding="utf-8"))


def supplied(kg, products=PRODUCTS):
    return {x: sum(k * getattr(products[g], x) for g, k in kg.items()) for x in ("n", "p2o5", "k2o")}


# ---- the Rice Department table: published rows and boundaries --------------------------


@pytest.mark.parametrize(
    "om,ps,non_ps",
    [(0.0, 9, 18), (0.99, 9, 18), (1.0, 6, 12), (1.5, 6, 12), (2.0, 6, 12), (2.01, 3, 6), (5.0, 3, 6)],
)
def test_rice_n_by_organic_matter_with_exact_1_percent_in_1_to_2(om, ps, non_ps):
    t = resolve_crop(TABLES, "rice")
    assert nutrient_need(t, "ps", om, 20, 100)[0].n == ps
    assert nutrient_need(t, "non_ps", om, 20, 100)[0].n == non_ps


@pytest.mark.parametrize("p,rate", [(0, 6), (4.99, 6), (5.0, 3), (10.0, 3), (10.01, 0)])
def test_rice_p_boundary_exactly_5_ppm_is_5_to_10(p, rate):
    need, classes, _ = nutrient_need(resolve_crop(TABLES, "rice_south"), "ps", 1.5, p, 100)
    assert need.p2o5 == rate
    if p == 5.0:
        assert classes[1].label == "5-10 ppm"


@pytest.mark.parametrize("k,rate", [(0, 6), (59.99, 6), (60.0, 3), (80.0, 3), (80.01, 0)])
def test_rice_k_boundary_exactly_60_ppm_is_60_to_80(k, rate):
    need, classes, _ = nutrient_need(resolve_crop(TABLES, "rice"), "non_ps", 1.5, 20, k)
    assert need.k2o == rate
    if k == 60.0:
        assert classes[2].label == "60-80 ppm"


def test_kit_class_levels_give_the_same_rates_as_values():
    t = resolve_crop(TABLES, "rice")
    by_value = nutrient_need(t, "non_ps", om_pct=0.5, p_ppm=7, k_ppm=100)[0]
    by_kit = nutrient_need(t, "non_ps", om_class="low", p_class="medium", k_class="high")[0]
    assert by_value == by_kit == Nutrients(18, 3, 0)
    thai = nutrient_need(t, "non_ps", om_class="ต่ำ", p_class="ปานกลาง", k_class="สูง")[0]
    assert thai == by_kit


def test_measured_value_wins_over_kit_class():
    t = resolve_crop(TABLES, "rice")
    need, classes, _ = nutrient_need(t, "ps", om_pct=2.5, om_class="low", p_ppm=20, k_ppm=100)
    assert need.n == 3 and not classes[0].from_kit


# ---- every bundled table --------------------------------------------------------------


def test_all_expected_crops_are_bundled():
    assert {"rice_south", "sugarcane", "rubber", "durian", "oil_palm", "vegetables"} <= set(TABLES)
    for alias in ("rice", "fruit", "palm"):
        resolve_crop(TABLES, alias)


@pytest.mark.parametrize("crop", sorted(TABLES))
def test_each_table_names_source_and_confidence_and_supports_kit_classes(crop):
    t = TABLES[crop]
    assert len(t.source) > 30 and len(t.confidence) > 20
    for scale in t.scales.values():
        assert {c.name for c in scale.classes} >= set(KIT_CLASSES)


def test_sugarcane_ldd_rates_for_poor_soil():
    t = resolve_crop(TABLES, "sugarcane")
    assert nutrient_need(t, "plant", 0.5, 5, 40)[0] == Nutrients(18, 9, 12)
    assert nutrient_need(t, "ratoon", 0.5, 5, 40)[0] == Nutrients(18, 9, 18)


def test_rubber_medium_class_matches_the_gap_mix():
    # 6:1:3 of 46-0-0 : 18-46-0 : 0-0-60, ~76 kg of mix per rai a year
    mix = 76 / 10
    n = mix * (6 * 0.46 + 1 * 0.18)
    p = mix * 0.46
    k = mix * 3 * 0.60
    need = nutrient_need(resolve_crop(TABLES, "rubber"), "mature", 1.5, 7, 60)[0]
    assert need.n == pytest.approx(n, abs=0.5)
    assert need.p2o5 == pytest.approx(p, abs=0.5)
    assert need.k2o == pytest.approx(k, abs=0.5)


# ---- plans supply the need --------------------------------------------------------------


def all_needs():
    for crop, t in TABLES.items():
        for vt in t.variety_types:
            for cn, cp, ck in itertools.product(*(t.scales[x].classes for x in ("n", "p2o5", "k2o"))):
                yield crop, vt, Nutrients(cn.rates[vt], cp.rates[vt], ck.rates[vt])


def test_straights_plan_supplies_every_need_within_half_a_kilo():
    count = 0
    for crop, vt, need in all_needs():
        kg = straights_kg(need, PRODUCTS)
        assert all(v >= 0 for v in kg.values()), (crop, vt, need)
        got = supplied(kg)
        for x in ("n", "p2o5", "k2o"):
            assert abs(got[x] - need.get(x)) <= 0.5, (crop, vt, need, x, got)
        count += 1
    assert count > 150


def test_compound_plans_supply_every_need_and_never_go_negative():
    compounds = [p for p in PRODUCTS.values() if p.nutrient_count >= 2]
    for _crop, _vt, need in all_needs():
        for c in compounds:
            kg = compound_kg(need, c, PRODUCTS)
            if kg is None:
                assert any(need.get(x) == 0 and c.content(x) > 0 for x in ("n", "p2o5", "k2o"))
                continue
            assert all(v >= 0 for v in kg.values())
            got = supplied(kg)
            for x in ("n", "p2o5", "k2o"):
                assert abs(got[x] - need.get(x)) <= 0.5


def test_straights_follow_the_reference_conversion():
    # N 18, P2O5 6, K2O 6: DAP = 6/0.46 = 13.04 kg (2.35 kg N); urea = (18-2.35)/0.46; MOP = 6/0.6
    kg = straights_kg(Nutrients(18, 6, 6), PRODUCTS)
    assert kg["18-46-0"] == pytest.approx(6 / 0.46)
    assert kg["46-0-0"] == pytest.approx((18 - 6 / 0.46 * 0.18) / 0.46)
    assert kg["0-0-60"] == pytest.approx(10.0)
    assert set(kg) == {"18-46-0", "46-0-0", "0-0-60"}


def test_dap_capped_when_it_would_oversupply_n():
    # N 2 but P2O5 10: DAP alone would bring 3.9 kg N; capped and topped up with 0-46-0.
    kg = straights_kg(Nutrients(2, 10, 0), PRODUCTS)
    got = supplied(kg)
    assert got["n"] == pytest.approx(2) and got["p2o5"] == pytest.approx(10)
    assert "0-46-0" in kg and "46-0-0" not in kg


def test_compound_dose_is_limited_by_the_smallest_need():
    # 15-15-15 for N 12, P 3, K 6: the P need (3) limits the dose to 20 kg
    kg = compound_kg(Nutrients(12, 3, 6), PRODUCTS["15-15-15"], PRODUCTS)
    assert kg["15-15-15"] == pytest.approx(20)
    assert "18-46-0" not in kg
    assert kg["46-0-0"] == pytest.approx((12 - 3) / 0.46)
    assert kg["0-0-60"] == pytest.approx(3 / 0.6)


def test_compound_not_offered_when_it_brings_an_unneeded_nutrient():
    assert compound_kg(Nutrients(6, 0, 0), PRODUCTS["16-20-0"], PRODUCTS) is None
    r = recommend("rice", 1, "non_ps", om_pct=3, p_ppm=20, k_ppm=100)  # N only
    assert r.alternatives == ()
    assert [line.grade for line in r.plan.lines] == ["46-0-0"]


def test_zero_need_gives_empty_plan():
    r = recommend("rice", 5, "ps", om_pct=3, p_ppm=20, k_ppm=100, usual=("16-20-0", 50))
    assert r.n == 3
    r0 = recommend(
        "rice",
        5,
        "ps",
        om_pct=3,
        p_ppm=20,
        k_ppm=100,
        tables=import_table(TABLES, _rice_with_high_n_rate(0)),
    )
    assert r0.plan.lines == () and r0.plan.cost_used_baht == 0


def _rice_with_high_n_rate(rate):
    doc = rice_table()
    doc["n"]["classes"][2]["rate"] = {"ps": rate, "non_ps": rate}
    doc["confidence"] = "officer correction for a test"
    return doc


# ---- totals, bags, cost, saving -------------------------------------------------------


def test_bags_round_up_and_exact_multiples_do_not():
    # MOP 10 kg/rai (K2O 6): 5 rai = 50 kg = exactly 1 bag; 5.1 rai = 51 kg = 2 bags
    r5 = recommend("rice", 5, "ps", om_pct=3, p_ppm=20, k_ppm=10)
    (mop,) = [line for line in r5.plan.lines if line.grade == "0-0-60"]
    assert mop.kg_total == 50.0 and mop.bags == 1
    r51 = recommend("rice", 5.1, "ps", om_pct=3, p_ppm=20, k_ppm=10)
    (mop51,) = [line for line in r51.plan.lines if line.grade == "0-0-60"]
    assert mop51.kg_total == 51.0 and mop51.bags == 2
    assert mop51.cost_baht == 2 * 900
    assert mop51.cost_used_baht == pytest.approx(51 * 900 / 50)


def test_totals_scale_with_area():
    a = recommend("sugarcane", 1, "plant", om_pct=0.5, p_ppm=5, k_ppm=40)
    b = recommend("sugarcane", 12.5, "plant", om_pct=0.5, p_ppm=5, k_ppm=40)
    for la, lb in zip(a.plan.lines, b.plan.lines, strict=True):
        assert la.kg_per_rai == lb.kg_per_rai
        assert lb.kg_total == pytest.approx(la.kg_per_rai * 12.5, abs=0.1)
    assert b.plan.cost_used_baht == pytest.approx(a.plan.cost_used_baht * 12.5, abs=0.1)


def test_saving_positive_when_usual_formula_is_more_than_needed():
    # Rich soil, PS rice: needs N 3 only; usual 50 kg/rai of 16-20-0 costs far more.
    r = recommend("rice", 10, "ps", om_pct=3, p_ppm=20, k_ppm=100, usual=("16-20-0", 50))
    assert r.usual.cost_used_baht == pytest.approx(50 * 10 * 880 / 50)
    assert r.saving_baht > 0
    assert r.saving_baht == pytest.approx(r.usual.cost_used_baht - r.plan.cost_used_baht, abs=0.01)
    assert r.usual.difference.p2o5 == 10.0  # the usual formula over-supplies P


def test_saving_negative_when_usual_formula_is_too_little():
    # Poor soil, non-PS rice needs 18-6-6; 20 kg/rai of 15-15-15 under-supplies N and costs less.
    r = recommend("rice", 10, "non_ps", om_pct=0.5, p_ppm=2, k_ppm=30, usual=("15-15-15", 20))
    assert r.saving_baht < 0
    assert r.usual.difference.n < 0


def test_usual_practice_with_several_products_and_alternatives_have_savings():
    r = recommend(
        "durian", 3, "bearing", om_pct=2, p_ppm=20, k_ppm=80, usual=[("15-15-15", 60), ("13-13-21", 40)]
    )
    assert r.usual.supplied.n == pytest.approx(60 * 0.15 + 40 * 0.13)
    for alt in r.alternatives:
        assert alt.saving_vs_usual_baht == pytest.approx(
            r.usual.cost_used_baht - alt.cost_used_baht, abs=0.01
        )
    assert r.cheapest.cost_used_baht <= r.plan.cost_used_baht
    costs = [a.cost_used_baht for a in r.alternatives]
    assert costs == sorted(costs)


def test_editable_prices_change_the_cost():
    doc = json.loads(PRODUCTS_PATH.read_text(encoding="utf-8"))
    for p in doc["products"]:
        if p["grade"] == "46-0-0":
            p["price_per_bag"] = 1800
    dear = load_products(override=doc)
    cheap = recommend("rice", 1, "non_ps", om_pct=0.5, p_ppm=20, k_ppm=100)
    costly = recommend("rice", 1, "non_ps", om_pct=0.5, p_ppm=20, k_ppm=100, products=dear)
    assert costly.plan.cost_used_baht == pytest.approx(cheap.plan.cost_used_baht * 2)  # urea only


def test_ph_note():
    assert (
        recommend("rice", 1, "ps", om_pct=1, p_ppm=5, k_ppm=60, ph=4.5)
        .notes[0]
        .startswith("ph_below_optimum")
    )
    assert recommend("rice", 1, "ps", om_pct=1, p_ppm=5, k_ppm=60, ph=6.0).notes == ()


# ---- bad input names the field ----------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"crop": "banana"}, "crop"),
        ({"variety_type": "sticky"}, "variety_type"),
        ({"variety_type": None}, "variety_type"),
        ({"om_pct": 101}, "om_pct"),
        ({"om_pct": -0.1}, "om_pct"),
        ({"p_ppm": -1}, "p_ppm"),
        ({"k_ppm": -5}, "k_ppm"),
        ({"k_ppm": float("nan")}, "k_ppm"),
        ({"ph": 14.5}, "ph"),
        ({"ph": -1}, "ph"),
        ({"area_rai": 0}, "area_rai"),
        ({"area_rai": -3}, "area_rai"),
        ({"om_pct": None}, "om_pct"),
        ({"om_pct": None, "om_class": "super"}, "om_class"),
        ({"usual": ("99-0-0", 50)}, "usual_grade"),
        ({"usual": ("16-20-0", -50)}, "usual_kg_per_rai"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    args = {
        "crop": "rice",
        "area_rai": 2,
        "variety_type": "ps",
        "om_pct": 1.0,
        "p_ppm": 5,
        "k_ppm": 60,
    } | kwargs
    with pytest.raises(FertilizerInputError) as exc:
        recommend(**args)
    assert exc.value.field == field
    assert isinstance(exc.value, ValueError)


def test_kit_class_missing_from_table():
    doc = rice_table()
    doc["crop"] = "rice_custom"
    doc["aliases"] = []
    tables = import_table(TABLES, doc)
    with pytest.raises(FertilizerInputError) as exc:
        recommend("rice_custom", 1, "ps", om_class="very_low", p_ppm=5, k_ppm=60, tables=tables)
    assert exc.value.field == "om_class"


def test_single_variety_table_needs_no_variety_type():
    doc = rice_table()
    doc.update(crop="rice_one", aliases=[], variety_types={"all": "All rice"})
    for x in ("n", "p2o5", "k2o"):
        for c in doc[x]["classes"]:
            c["rate"] = 5
    tables = import_table(TABLES, doc)
    assert recommend("rice_one", 1, om_pct=1, p_ppm=5, k_ppm=60, tables=tables).variety_type == "all"


# ---- importing corrected tables ---------------------------------------------------------


def test_import_corrected_table_replaces_bundled_one():
    doc = rice_table()
    doc["p2o5"]["classes"][0]["rate"] = 8
    doc["confidence"] = "corrected by the Phang Nga rice centre"
    tables = import_table(TABLES, doc)
    assert nutrient_need(tables["rice_south"], "ps", 1, 1, 100)[0].p2o5 == 8
    assert nutrient_need(TABLES["rice_south"], "ps", 1, 1, 100)[0].p2o5 == 6  # original untouched
    assert load_tables(overrides=[doc])["rice_south"].confidence.startswith("corrected")


@pytest.mark.parametrize(
    "mutate,field",
    [
        (lambda d: d["k2o"]["classes"][0].update(rate=-1), "table.k2o.classes[0].rate.ps"),
        (lambda d: d["k2o"]["classes"][0].update(rate={"ps": 6}), "table.k2o.classes[0].rate"),
        (lambda d: d["n"]["classes"].pop(1), "table.n.classes"),
        (lambda d: d["n"]["classes"][2].update(lt=9), "table.n.classes[2]"),
        (lambda d: d["n"]["classes"][1].pop("le"), "table.n.classes[1]"),
        (lambda d: d["n"]["classes"][1].update(lt=1.5), "table.n.classes[1]"),
        (lambda d: d["p2o5"]["classes"][1].update(le=4), "table.p2o5.classes[1]"),
        (lambda d: d["p2o5"]["classes"][1].update({"class": "low"}), "table.p2o5.classes[1].class"),
        (lambda d: d["p2o5"].update(by="om_pct"), "table.p2o5.by"),
        (lambda d: d.pop("source"), "table.source"),
        (lambda d: d.update(confidence=" "), "table.confidence"),
        (lambda d: d.update(crop="Rice South"), "table.crop"),
        (lambda d: d.pop("k2o"), "table.k2o"),
    ],
)
def test_import_validation(mutate, field):
    doc = copy.deepcopy(rice_table())
    mutate(doc)
    with pytest.raises(FertilizerInputError) as exc:
        parse_table(doc)
    assert exc.value.field == field


def test_alias_clash_rejected():
    doc = rice_table()
    doc.update(crop="another_rice", aliases=["rice"])
    with pytest.raises(FertilizerInputError) as exc:
        import_table(TABLES, doc)
    assert exc.value.field == "table.aliases"


# ---- products -------------------------------------------------------------------------


def test_products_list_has_the_grades_on_sale():
    assert {"46-0-0", "18-46-0", "0-0-60", "15-15-15", "16-20-0", "16-16-8", "21-0-0"} <= set(PRODUCTS)
    assert PRODUCTS["18-46-0"].n == 0.18 and PRODUCTS["18-46-0"].p2o5 == 0.46


@pytest.mark.parametrize("grade", ["15-15", "a-b-c", "60-60-0", "0-0-0", ""])
def test_bad_grades(grade):
    with pytest.raises(FertilizerInputError):
        parse_grade(grade)


@pytest.mark.parametrize(
    "mutate,field",
    [
        (lambda p: p.update(price_per_bag=-1), "products[0].price_per_bag"),
        (lambda p: p.update(bag_kg=0), "products[0].bag_kg"),
        (lambda p: p.update(grade="46-0"), "products[0].grade"),
    ],
)
def test_bad_products(mutate, field):
    doc = json.loads(PRODUCTS_PATH.read_text(encoding="utf-8"))
    mutate(doc["products"][0])
    with pytest.raises(FertilizerInputError) as exc:
        load_products(override=doc)
    assert exc.value.field == field


def test_missing_potash_product_is_reported():
    doc = json.loads(PRODUCTS_PATH.read_text(encoding="utf-8"))
    doc["products"] = [p for p in doc["products"] if p["grade"] != "0-0-60"]
    with pytest.raises(FertilizerInputError) as exc:
        straights_kg(Nutrients(6, 3, 6), load_products(override=doc))
    assert exc.value.field == "products"
