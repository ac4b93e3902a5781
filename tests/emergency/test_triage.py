import copy
import json

import pytest

from phangnga.emergency.triage import (
    DEFAULT_CRITERIA_PATH,
    TriageInputError,
    colour_for_level,
    estimate_resources,
    load_criteria,
    niems_colour_for_level,
    override_triage,
    triage,
)

CALM_ADULT = {"pr": 80, "rr": 16, "spo2": 98, "sbp": 120, "dbp": 80, "gcs": 15, "temp": 36.8}


def raw_criteria():
    with open(DEFAULT_CRITERIA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def criteria_with_min_resources(n):
    """The bundled criteria with the ESI 'literal' switch set: 2 = ESI (default), 0 = off."""
    data = raw_criteria()
    data["danger_zone_min_resources"] = n
    return load_criteria(override=data)


# ---- each level from typical cases ---------------------------------------------------


def test_level_1_drowned_tourist_from_the_issue_example():
    r = triage(34, {"pr": 130, "rr": 0, "spo2": 80, "sbp": 80, "gcs": 6}, ["unconscious", "not_breathing"])
    assert r.level == 1
    assert r.name == "Resuscitation"
    assert r.colour == "red"
    assert {"apnoea", "gcs_le_8", "spo2_lt_85", "symptom:unconscious", "symptom:not_breathing"} <= set(
        r.reasons
    )
    assert not r.incomplete


@pytest.mark.parametrize(
    "symptom", ["not_breathing", "pulseless", "cardiac_arrest", "unconscious", "seizure"]
)
def test_level_1_symptoms_alone(symptom):
    r = triage(40, CALM_ADULT, [symptom])
    assert r.level == 1
    assert r.reasons == (f"symptom:{symptom}",)


@pytest.mark.parametrize(
    "vital,value,code",
    [
        ("gcs", 8, "gcs_le_8"),
        ("spo2", 84, "spo2_lt_85"),
        ("sbp", 69, "hypotension_adult"),
        ("pr", 0, "pulseless"),
        ("rr", 0, "apnoea"),
    ],
)
def test_level_1_vital_signs(vital, value, code):
    vitals = dict(CALM_ADULT, **{vital: value})
    if vital == "sbp":
        vitals["dbp"] = 40
    r = triage(50, vitals)
    assert r.level == 1
    assert code in r.reasons


def test_level_1_vital_boundaries_are_exclusive_where_they_should_be():
    # GCS 9-13, SpO2 < 92 and SBP < 90 are high-risk rules: level 2 with no resources at all
    assert triage(50, dict(CALM_ADULT, gcs=9)).level == 2  # 9 is not <= 8, but is altered
    assert triage(50, dict(CALM_ADULT, spo2=85)).level == 2  # 85 is not < 85, but is < 92
    assert triage(50, dict(CALM_ADULT, sbp=70, dbp=40)).level == 2  # not < 70, but < 90


@pytest.mark.parametrize(
    "symptom",
    [
        "chest_pain",
        "decompression_symptoms",
        "joint_pain_after_dive",
        "near_drowning_symptoms",
        "confusion",
        "severe_pain",
    ],
)
def test_level_2_high_risk_symptoms(symptom):
    r = triage(45, CALM_ADULT, [symptom])
    assert r.level == 2
    assert r.colour == "pink" and r.niems_colour == "red"
    assert r.reasons == (f"symptom:{symptom}",)
    assert r.resources is None


def test_level_3_two_resources_fracture():
    r = triage(25, CALM_ADULT, ["fracture"])
    assert r.level == 3
    assert r.colour == "yellow"
    assert r.resources == 2 and r.resources_estimated


def test_level_4_one_resource_laceration():
    r = triage(25, CALM_ADULT, ["laceration"])
    assert (r.level, r.colour, r.resources) == (4, "green", 1)


def test_level_5_minor_wound():
    r = triage(25, CALM_ADULT, ["minor_wound", "sunburn"])
    assert (r.level, r.colour, r.resources) == (5, "white", 0)


def test_resources_are_counted_as_distinct_kinds():
    # laceration and sea-urchin spines both need a simple procedure: one kind, level 4
    assert estimate_resources(["laceration", "sea_urchin_spine"]) == 1
    assert triage(25, CALM_ADULT, ["laceration", "sea_urchin_spine"]).level == 4
    # laceration + fever: procedure + lab = two kinds -> level 3
    assert triage(25, CALM_ADULT, ["laceration", "fever"]).level == 3


def test_nurse_given_resources_win_over_estimate():
    r = triage(25, CALM_ADULT, ["minor_wound"], expected_resources=2)
    assert r.level == 3 and r.resources == 2 and not r.resources_estimated
    assert triage(25, CALM_ADULT, ["fracture"], expected_resources=0).level == 5


def test_duplicate_symptoms_count_once():
    r = triage(25, CALM_ADULT, ["chest_pain", "chest_pain"])
    assert r.reasons == ("symptom:chest_pain",)


# ---- danger-zone vital signs, adults (age > 8) ---------------------------------------


@pytest.mark.parametrize(
    "vital,safe,danger,code",
    [
        ("pr", 100, 101, "danger_pr_gt_100"),
        ("rr", 20, 21, "danger_rr_gt_20"),
        ("spo2", 92, 91, "danger_spo2_lt_92"),
    ],
)
def test_adult_danger_zone_boundaries(vital, safe, danger, code):
    # A fracture needs two resources (would be level 3): danger-zone vitals lift it to 2.
    assert triage(30, dict(CALM_ADULT, **{vital: safe}), ["fracture"]).level == 3
    r = triage(30, dict(CALM_ADULT, **{vital: danger}), ["fracture"])
    assert r.level == 2
    assert r.reasons == (code,)


def test_adult_danger_zone_starts_at_the_9th_birthday():
    vitals = dict(CALM_ADULT, pr=120)
    assert triage(9, vitals, expected_resources=2).level == 2  # > 8 years: adult band, 120 > 100
    assert triage(8, vitals, expected_resources=2).level == 3  # 3-8 y band: 120 is not > 140
    assert triage(8.9, vitals, expected_resources=2).level == 3  # still 8 completed years


# ---- ESI decision point D: danger zone only for a would-be level 3 ---------------------


def test_seasick_tourist_with_pulse_105_is_not_over_triaged():
    # The issue's case: seasick, pulse 105, otherwise well -> no resources -> level 5.
    r = triage(34, dict(CALM_ADULT, pr=105), ["seasickness"])
    assert r.level in (4, 5)
    assert r.level == 5 and r.colour == "white"
    assert r.danger_zone_noted == ("danger_pr_gt_100",)  # shown to the nurse, not up-triaged
    # seasick and dehydrated (IV fluids: one resource) with PR 110, RR 22: still level 4
    r = triage(34, dict(CALM_ADULT, pr=110, rr=22), ["seasickness", "dehydration"])
    assert r.level == 4
    assert set(r.danger_zone_noted) == {"danger_pr_gt_100", "danger_rr_gt_20"}


def test_danger_zone_lifts_only_two_resource_patients():
    tachy = dict(CALM_ADULT, pr=120)
    assert triage(30, tachy, ["minor_wound"]).level == 5
    assert triage(30, tachy, ["laceration"]).level == 4
    r = triage(30, tachy, ["fracture"])
    assert r.level == 2 and r.reasons == ("danger_pr_gt_100",) and r.danger_zone_noted == ()
    assert triage(30, tachy, ["minor_wound"], expected_resources=2).level == 2


def test_literal_switch_off_applies_danger_zone_to_everyone():
    everyone = criteria_with_min_resources(0)
    tachy = dict(CALM_ADULT, pr=120)
    assert triage(30, tachy, ["seasickness"], criteria=everyone).level == 2
    assert triage(30, tachy, ["seasickness"]).level == 5  # default: ESI


ALWAYS_ON = [
    # (age, vitals, symptoms, level at least, rule or symptom code)
    (0.08, dict(CALM_ADULT, pr=150, rr=40, sbp=75, dbp=40, temp=38.5), [], 2, "danger_fever_infant"),
    (30, dict(CALM_ADULT, gcs=10), [], 2, "danger_gcs_9_13"),
    (30, dict(CALM_ADULT, sbp=85, dbp=50), [], 2, "danger_sbp_lt_90_adult"),
    (30, dict(CALM_ADULT, temp=34.0), [], 2, "danger_hypothermia_lt_35"),
    (30, dict(CALM_ADULT, spo2=90), [], 2, "danger_spo2_lt_92"),
    (30, dict(CALM_ADULT, rr=0), [], 1, "apnoea"),
    (30, CALM_ADULT, ["not_breathing"], 1, "symptom:not_breathing"),
    (30, dict(CALM_ADULT, gcs=7), [], 1, "gcs_le_8"),
]


@pytest.mark.parametrize("min_resources", [2, 0, 5])
@pytest.mark.parametrize("age,vitals,symptoms,at_least,code", ALWAYS_ON)
def test_high_risk_rules_are_always_on_whatever_the_literal_switch(
    min_resources, age, vitals, symptoms, at_least, code
):
    # No resources expected at all: only the always-on rules can set the level.
    crit = criteria_with_min_resources(min_resources)
    r = triage(age, vitals, symptoms, expected_resources=0, criteria=crit)
    assert r.level <= at_least
    assert code in r.reasons


def test_one_month_old_at_38_5_is_level_2():
    r = triage(1 / 12, {"pr": 150, "rr": 40, "spo2": 98, "gcs": 15, "temp": 38.5}, ["fever"])
    assert r.level == 2
    assert "danger_fever_infant" in r.reasons


def test_gcs_10_is_level_2_or_above():
    r = triage(45, dict(CALM_ADULT, gcs=10), ["minor_wound"])
    assert r.level <= 2 and "danger_gcs_9_13" in r.reasons


def test_level_2_rule_without_a_kind_stays_on():
    data = raw_criteria()
    for rule in data["vital_rules"]:
        if rule["code"] == "danger_pr_gt_100":
            del rule["kind"]
    crit = load_criteria(override=data)
    assert triage(30, dict(CALM_ADULT, pr=120), ["seasickness"], criteria=crit).level == 2


# ---- children --------------------------------------------------------------------------


def child_vitals(**kw):
    base = {"pr": 100, "rr": 22, "spo2": 98, "sbp": 100, "dbp": 60, "gcs": 15, "temp": 37.0}
    return dict(base, **kw)


@pytest.mark.parametrize(
    "age,vital,safe,danger",
    [
        (5, "pr", 140, 141),
        (5, "rr", 30, 31),
        (1, "pr", 160, 161),
        (1, "rr", 40, 41),
        (0.1, "pr", 180, 181),
        (0.1, "rr", 50, 51),
    ],
)
def test_child_danger_zone_bands(age, vital, safe, danger):
    vitals = child_vitals(sbp=90)
    assert triage(age, dict(vitals, **{vital: safe}), expected_resources=2).level == 3
    assert triage(age, dict(vitals, **{vital: danger}), expected_resources=2).level == 2
    assert triage(age, dict(vitals, **{vital: danger})).level == 5  # no resources: not lifted


def test_child_normal_rates_that_would_be_danger_in_an_adult():
    # A 2-year-old with PR 130 and RR 30 is normal; the same numbers in an adult are not.
    vitals = child_vitals(pr=130, rr=30, sbp=95)
    assert triage(2, vitals, expected_resources=2).level == 3
    assert triage(30, vitals, expected_resources=2).level == 2


def test_band_edges_3_months_and_3_years():
    two = {"expected_resources": 2}
    assert triage(0.25, child_vitals(pr=170, sbp=90), **two).level == 2  # 3 months: > 160 band
    assert triage(0.24, child_vitals(pr=170, sbp=90), **two).level == 3  # under 3 months: > 180
    assert triage(3, child_vitals(pr=150, sbp=90), **two).level == 2  # 3 years: > 140 band
    assert triage(2.99, child_vitals(pr=150, sbp=90), **two).level == 3  # under 3: > 160 band


def test_child_hypotension_uses_age_formula():
    # 5 years: 70 + 2*5 = 80 -> SBP 79 is shock (level 1), 80 is not.
    assert triage(5, child_vitals(sbp=79, dbp=40)).level == 1
    assert "hypotension_child" in triage(5, child_vitals(sbp=79, dbp=40)).reasons
    assert triage(5, child_vitals(sbp=80, dbp=40)).level == 5
    # the adult SBP < 90 danger rule does not apply to a 5-year-old
    assert "danger_sbp_lt_90_adult" not in triage(5, child_vitals(sbp=85, dbp=40)).reasons


def test_infant_fever_is_danger():
    assert triage(0.1, child_vitals(pr=150, rr=40, temp=38.0, sbp=70, dbp=40)).level == 2
    assert triage(0.5, child_vitals(pr=150, rr=35, temp=38.0, sbp=90)).level == 5


def test_spo2_danger_applies_to_all_ages():
    assert triage(1, child_vitals(spo2=91, sbp=90)).reasons == ("danger_spo2_lt_92",)


def test_hypothermia_after_immersion():
    assert "danger_hypothermia_lt_35" in triage(30, dict(CALM_ADULT, temp=34.9)).reasons
    assert triage(30, dict(CALM_ADULT, temp=35.0)).level == 5


# ---- incomplete ------------------------------------------------------------------------


def test_missing_vitals_are_flagged_and_triage_still_runs():
    r = triage(40, {"pr": 110}, ["fracture"])
    assert r.level == 2  # from what was given
    assert r.incomplete
    assert set(r.missing) == {"rr", "spo2", "sbp", "gcs"}


def test_no_vitals_at_all():
    r = triage(40, None, ["laceration"])
    assert r.level == 4 and r.incomplete


def test_none_values_count_as_missing():
    r = triage(40, dict(CALM_ADULT, spo2=None))
    assert r.incomplete and r.missing == ("spo2",)


def test_complete_when_all_key_vitals_present_even_without_temp():
    vitals = {k: v for k, v in CALM_ADULT.items() if k not in ("temp", "dbp")}
    assert not triage(40, vitals).incomplete


def test_unknown_age_uses_adult_rules_and_is_incomplete():
    r = triage(None, dict(CALM_ADULT, pr=105), expected_resources=2)
    assert r.level == 2
    assert "age" in r.missing and r.incomplete


# ---- impossible values -----------------------------------------------------------------


@pytest.mark.parametrize(
    "vital,value",
    [
        ("pr", 301),
        ("pr", -1),
        ("rr", 81),
        ("spo2", 101),
        ("spo2", -5),
        ("sbp", 301),
        ("gcs", 2),
        ("gcs", 16),
        ("temp", 24.9),
        ("temp", 45.1),
        ("pr", float("nan")),
        ("pr", "fast"),
        ("pr", True),
    ],
)
def test_impossible_vitals_rejected_with_field(vital, value):
    with pytest.raises(TriageInputError) as exc:
        triage(30, {vital: value})
    assert exc.value.field == f"vitals.{vital}"
    assert isinstance(exc.value, ValueError)


def test_limits_themselves_are_possible():
    triage(30, {"pr": 300, "rr": 80, "spo2": 100, "sbp": 300, "gcs": 3, "temp": 25})
    triage(120, {"gcs": 15, "temp": 45})
    triage(0, {"pr": 0})


@pytest.mark.parametrize("age", [-1, 121, "thirty"])
def test_impossible_age(age):
    with pytest.raises(TriageInputError) as exc:
        triage(age, CALM_ADULT)
    assert exc.value.field == "age"


def test_diastolic_above_systolic():
    with pytest.raises(TriageInputError) as exc:
        triage(30, {"sbp": 80, "dbp": 90})
    assert exc.value.field == "vitals.dbp"


def test_unknown_vital_name():
    with pytest.raises(TriageInputError) as exc:
        triage(30, {"hr": 80})
    assert exc.value.field == "vitals.hr"


def test_unknown_symptom_code():
    with pytest.raises(TriageInputError) as exc:
        triage(30, CALM_ADULT, ["headache", "zombie_bite"])
    assert exc.value.field == "symptoms"
    assert "zombie_bite" in exc.value.message


def test_symptoms_as_a_bare_string_is_rejected():
    with pytest.raises(TriageInputError) as exc:
        triage(30, CALM_ADULT, "chest_pain")
    assert exc.value.field == "symptoms"


@pytest.mark.parametrize("n", [-1, 2.5, True, 51])
def test_bad_expected_resources(n):
    with pytest.raises(TriageInputError) as exc:
        triage(30, CALM_ADULT, expected_resources=n)
    assert exc.value.field == "expected_resources"


# ---- override --------------------------------------------------------------------------


def test_override_keeps_reason_and_computed_level():
    r = triage(30, CALM_ADULT, ["minor_wound"])
    o = override_triage(r, 2, "  diver surfaced fast, watch for DCI  ", by="nurse-7")
    assert (o.level, o.colour, o.niems_colour, o.name) == (2, "pink", "red", "Emergency")
    assert o.computed_level == 5
    assert o.reasons == r.reasons
    assert o.override_reason == "diver surfaced fast, watch for DCI"
    assert o.override_by == "nurse-7"
    assert o.overridden and not r.overridden
    # A second override still remembers what the criteria said.
    assert override_triage(o, 3, "reassessed").computed_level == 5


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_override_requires_reason(reason):
    r = triage(30, CALM_ADULT)
    with pytest.raises(TriageInputError) as exc:
        override_triage(r, 1, reason)  # type: ignore[arg-type]
    assert exc.value.field == "override_reason"


@pytest.mark.parametrize("level", [0, 6, "1", True])
def test_override_level_must_be_1_to_5(level):
    with pytest.raises(TriageInputError) as exc:
        override_triage(triage(30, CALM_ADULT), level, "x")  # type: ignore[arg-type]
    assert exc.value.field == "level"


# ---- colours and criteria as data -----------------------------------------------------


def test_moph_ed_triage_colours():
    # MOPH ED Triage (DMS 2561): 1 red, 2 pink, 3 yellow, 4 green, 5 white
    assert [colour_for_level(n) for n in (1, 2, 3, 4, 5)] == ["red", "pink", "yellow", "green", "white"]


def test_niems_colour_mapping():
    # prehospital (NIEMS 1669): ED levels 1-2 are red
    assert [niems_colour_for_level(n) for n in (1, 2, 3, 4, 5)] == [
        "red",
        "red",
        "yellow",
        "green",
        "white",
    ]


def test_a_criteria_file_without_niems_colours_maps_pink_to_red():
    data = raw_criteria()
    for info in data["levels"].values():
        del info["niems_colour"]
    crit = load_criteria(override=data)
    niems = [crit.levels[n].niems_colour for n in (1, 2, 3, 4, 5)]
    assert niems == ["red", "red", "yellow", "green", "white"]


def test_criteria_cite_the_moph_book_and_the_colours():
    crit = load_criteria()
    assert "MOPH ED Triage" in crit.source and "กรมการแพทย์" in crit.source
    assert "ชมพู" in crit.source and crit.levels[2].colour == "pink"


def test_officer_can_edit_criteria_threshold():
    data = raw_criteria()
    for rule in data["vital_rules"]:
        if rule["code"] == "danger_pr_gt_100":
            rule["value"] = 110
    edited = load_criteria(override=data)
    vitals = dict(CALM_ADULT, pr=105)
    assert triage(30, vitals, ["fracture"]).level == 2
    assert triage(30, vitals, ["fracture"], criteria=edited).level == 3


def test_officer_can_add_a_symptom():
    data = raw_criteria()
    data["symptoms"]["lionfish_sting"] = {"level": 2, "en": "Lionfish sting", "th": "ปลาสิงโตต่อย"}
    r = triage(30, CALM_ADULT, ["lionfish_sting"], criteria=load_criteria(override=data))
    assert r.level == 2


def test_esi_literal_mode_is_the_default():
    assert load_criteria().danger_zone_min_resources == 2
    esi = criteria_with_min_resources(2)
    tachy = dict(CALM_ADULT, pr=120)
    assert triage(30, tachy, ["minor_wound"], criteria=esi).level == 5
    assert triage(30, tachy, ["fracture"], criteria=esi).level == 2


def test_load_from_path(tmp_path):
    data = raw_criteria()
    data["version"] = "officer edit 1"
    p = tmp_path / "c.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    crit = load_criteria(p)
    assert triage(30, CALM_ADULT, criteria=crit).criteria_version == "officer edit 1"


@pytest.mark.parametrize(
    "mutate,field_prefix",
    [
        (lambda d: d["levels"].pop("3"), "criteria.levels"),
        (lambda d: d["levels"]["1"].update(colour="purple"), "criteria.levels.1.colour"),
        (lambda d: d["levels"]["2"].update(niems_colour="pink"), "criteria.levels.2.niems_colour"),
        (lambda d: d["vital_rules"][0].update(kind="danger_zone"), "criteria.vital_rules[0].kind"),
        (lambda d: d["vital_rules"][8].update(kind="sometimes"), "criteria.vital_rules[8].kind"),
        (lambda d: d["vital_rules"][0].update(op="approx"), "criteria.vital_rules[0].op"),
        (lambda d: d["vital_rules"][0].update(vital="bmi"), "criteria.vital_rules[0].vital"),
        (lambda d: d["vital_rules"][1].update(code=d["vital_rules"][0]["code"]), "criteria.vital_rules[1]"),
        (lambda d: d["symptoms"]["fever"].update(resources=["magic"]), "criteria.symptoms.fever.resources"),
        (lambda d: d["symptoms"]["chest_pain"].update(level=3), "criteria.symptoms.chest_pain.level"),
        (lambda d: d["vital_limits"].update(pr=[300, 0]), "criteria.vital_limits.pr"),
        (lambda d: d.pop("symptoms"), "criteria.symptoms"),
    ],
)
def test_bad_criteria_rejected_on_load(mutate, field_prefix):
    data = copy.deepcopy(raw_criteria())
    mutate(data)
    with pytest.raises(TriageInputError) as exc:
        load_criteria(override=data)
    assert exc.value.field == field_prefix


def test_every_bundled_symptom_has_thai_and_english_labels():
    crit = load_criteria()
    assert len(crit.symptoms) >= 15
    for s in crit.symptoms.values():
        assert s.label_en and s.label_th
