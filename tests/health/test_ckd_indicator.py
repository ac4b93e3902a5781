from datetime import date, timedelta

import pytest

from phangnga.health.ckd_indicator import (
    DECLINE_TOO_FAST,
    EGFR_OUT_OF_RANGE,
    FEWER_THAN_2_RESULTS,
    NOT_THAI,
    TOO_CLOSE,
    CkdInputError,
    CkdPatient,
    LabResult,
    compute_indicator,
    load_config,
)
from phangnga.health.egfr import egfr as egfr_fn
from phangnga.health.egfr import endpoint_decline_per_year, least_squares_decline_per_year

FY2564_START = date(2020, 10, 1)  # FY2564 = FY2021 CE


def patient(cid, diagnoses=("N183",), nationality="099", birth=date(1960, 1, 1), sex="M"):
    return CkdPatient(cid=cid, nationality=nationality, diagnoses=tuple(diagnoses), birth_date=birth, sex=sex)


def two_results(cid, first, last, days=180, start=FY2564_START + timedelta(days=10)):
    return [LabResult(cid, start, egfr=first), LabResult(cid, start + timedelta(days=days), egfr=last)]


def row_of(result, cid):
    (row,) = [r for r in result.rows if r.cid == cid]
    return row


# ---- the edge cases the issue names ---------------------------------------------------


def test_one_result_in_the_year_is_excluded():
    res = compute_indicator(
        [patient("A")],
        [
            LabResult("A", date(2020, 12, 1), egfr=45),
            LabResult("A", date(2020, 9, 1), egfr=50),
        ],  # 2nd is FY2563
        fy=2564,
    )
    assert (res.numerator, res.denominator, res.percent) == (0, 0, None)
    assert row_of(res, "A").reason == FEWER_THAN_2_RESULTS
    assert res.exclusions == {FEWER_THAN_2_RESULTS: 1}
    assert res.skipped_results["outside_window"] == 1


def test_two_results_under_three_months_apart_are_excluded():
    res = compute_indicator([patient("A")], two_results("A", 45, 44, days=89), fy=2564)
    assert res.denominator == 0
    assert row_of(res, "A").reason == TOO_CLOSE


def test_exactly_90_days_apart_counts():
    res = compute_indicator([patient("A")], two_results("A", 45, 44, days=90), fy=2564)
    assert res.denominator == 1 and res.numerator == 1


def test_non_thai_patient_is_excluded():
    res = compute_indicator(
        [patient("A", nationality="048"), patient("B")],
        two_results("A", 45, 44) + two_results("B", 45, 44),
        fy=2564,
    )
    assert res.denominator == 1
    assert row_of(res, "A").reason == NOT_THAI
    assert not row_of(res, "A").in_denominator


@pytest.mark.parametrize("nat", ["099", "99", "TH", "tha", "Thai", "ไทย"])
def test_thai_nationality_spellings(nat):
    res = compute_indicator([patient("A", nationality=nat)], two_results("A", 45, 44), fy=2564)
    assert res.denominator == 1


def test_improving_egfr_passes():
    res = compute_indicator([patient("A")], two_results("A", 40, 48), fy=2564)
    row = row_of(res, "A")
    assert row.decline_per_year < 0
    assert row.in_numerator and res.percent == 100.0


def test_threshold_change_at_fy2563():
    # A decline of 4.5/yr: fails under FY2562's "< 4", passes under FY2563's "< 5".
    days = 300
    drop = 4.5 * days / 365.25

    def run(fy_be, fy_start):
        res = compute_indicator(
            [patient("A")],
            two_results("A", 50.0, 50.0 - drop, days=days, start=fy_start + timedelta(days=5)),
            fy=fy_be,
        )
        return res

    r2562 = run(2562, date(2018, 10, 1))
    r2563 = run(2563, date(2019, 10, 1))
    assert row_of(r2562, "A").decline_per_year == pytest.approx(4.5, abs=0.01)
    assert r2562.threshold == 4.0 and r2563.threshold == 5.0
    assert (r2562.numerator, r2562.denominator) == (0, 1)
    assert row_of(r2562, "A").reason == DECLINE_TOO_FAST
    assert (r2563.numerator, r2563.denominator) == (1, 1)


def test_decline_equal_to_threshold_fails():
    # "below the threshold" is strict: a decline exactly at the threshold does not pass.
    exact = (50.0 - 48.0) / 146 * 365.25
    labs = two_results("A", 50.0, 48.0, days=146)
    assert compute_indicator([patient("A")], labs, fy=2564, threshold=exact).numerator == 0
    assert compute_indicator([patient("A")], labs, fy=2564, threshold=exact + 1e-9).numerator == 1


def test_be_and_ce_fiscal_year_give_the_same_answer():
    pts = [patient("A"), patient("B")]
    labs = two_results("A", 50, 49) + two_results("B", 50, 40)
    be = compute_indicator(pts, labs, fy=2564)
    ce = compute_indicator(pts, labs, fy=2021)
    s = compute_indicator(pts, labs, fy="2564")
    assert (
        (be.numerator, be.denominator, be.percent)
        == (ce.numerator, ce.denominator, ce.percent)
        == (1, 2, 50.0)
    )
    assert be.fiscal_year_be == ce.fiscal_year_be == s.fiscal_year_be == 2564
    assert be.window_start == date(2020, 10, 1) and be.window_end == date(2021, 9, 30)


def test_window_edges_are_inclusive():
    labs = [LabResult("A", date(2020, 10, 1), egfr=50), LabResult("A", date(2021, 9, 30), egfr=49)]
    res = compute_indicator([patient("A")], labs, fy=2564)
    row = row_of(res, "A")
    assert (row.first_date, row.last_date) == (date(2020, 10, 1), date(2021, 9, 30))
    labs_out = [LabResult("A", date(2020, 9, 30), egfr=50), LabResult("A", date(2021, 10, 1), egfr=49)]
    assert compute_indicator([patient("A")], labs_out, fy=2564).rows[0].n_results == 0


@pytest.mark.parametrize(
    "first,in_b",
    [(14.99, False), (15.0, True), (45.0, True), (59.99, True), (60.0, False), (75.0, False)],
)
def test_n189_needs_baseline_egfr_15_to_under_60(first, in_b):
    res = compute_indicator([patient("A", diagnoses=["N189"])], two_results("A", first, first), fy=2564)
    assert res.denominator == (1 if in_b else 0)
    if not in_b:
        assert row_of(res, "A").reason == EGFR_OUT_OF_RANGE


def test_n183_qualifies_on_code_alone_even_with_egfr_above_60():
    res = compute_indicator([patient("A", diagnoses=["N18.3"])], two_results("A", 65, 64), fy=2564)
    assert res.denominator == 1


@pytest.mark.parametrize("code", ["E11.2", "E1121", "E102", "E142", "I12.0", "I129", "I131", "I15.1"])
def test_diabetic_and_hypertensive_codes_with_egfr(code):
    res = compute_indicator([patient("A", diagnoses=[code])], two_results("A", 45, 44), fy=2564)
    assert res.denominator == 1
    res = compute_indicator([patient("A", diagnoses=[code])], two_results("A", 70, 69), fy=2564)
    assert res.denominator == 0


@pytest.mark.parametrize("code", ["E11", "E119", "I10", "I150", "N185", "N180", "N18"])
def test_other_codes_are_not_in_the_population(code):
    res = compute_indicator([patient("A", diagnoses=[code])], two_results("A", 45, 44), fy=2564)
    assert res.denominator == 0 and res.rows == ()
    assert res.skipped_results["not_a_ckd_patient"] == 2


# ---- slopes -------------------------------------------------------------------------


def test_endpoint_uses_first_and_last_in_window_and_matches_egfr_kernel():
    start = FY2564_START + timedelta(days=3)
    series = [(start, 50.0), (start + timedelta(days=100), 44.0), (start + timedelta(days=200), 48.0)]
    labs = [LabResult("A", d, egfr=v) for d, v in reversed(series)]  # any order
    res = compute_indicator([patient("A")], labs, fy=2564)
    row = row_of(res, "A")
    assert (row.first_egfr, row.last_egfr, row.n_results) == (50.0, 48.0, 3)
    assert row.decline_per_year == pytest.approx(endpoint_decline_per_year(series), abs=0.005)


def test_least_squares_method_uses_every_result():
    start = FY2564_START + timedelta(days=3)
    series = [(start, 50.0), (start + timedelta(days=100), 44.0), (start + timedelta(days=200), 48.0)]
    labs = [LabResult("A", d, egfr=v) for d, v in series]
    res = compute_indicator([patient("A")], labs, fy=2564, method="least_squares")
    assert row_of(res, "A").decline_per_year == pytest.approx(
        least_squares_decline_per_year(series), abs=0.005
    )
    # endpoint says 2 * 365.25/200 = 3.65/yr (passes); least squares sees the dip
    assert res.method == "least_squares"


def test_method_changes_the_verdict():
    # Flat, then a low stretch, then a last value back near the start: the endpoint rate
    # sees 1 point in 200 days (1.8/yr, passes); least squares sees the fall (fails).
    start = FY2564_START + timedelta(days=3)
    series = [
        (start + timedelta(days=d), v)
        for d, v in [(0, 50.0), (20, 50.0), (40, 50.0), (180, 38.0), (200, 49.0)]
    ]
    labs = [LabResult("A", d, egfr=v) for d, v in series]
    ep = compute_indicator([patient("A")], labs, fy=2564)
    ls = compute_indicator([patient("A")], labs, fy=2564, method="least_squares")
    assert row_of(ep, "A").decline_per_year == pytest.approx(1.83, abs=0.01)
    assert row_of(ls, "A").decline_per_year == pytest.approx(
        least_squares_decline_per_year(series), abs=0.005
    )
    assert row_of(ls, "A").decline_per_year > 5
    assert (ep.numerator, ls.numerator) == (1, 0)


# ---- eGFR from creatinine ------------------------------------------------------------


def test_egfr_computed_from_creatinine_at_age_on_the_date():
    birth = date(1960, 10, 1)
    p = patient("A", birth=birth, sex="F", diagnoses=["N189"])
    d1, d2 = date(2020, 11, 1), date(2021, 8, 1)
    labs = [
        LabResult("A", d1, creatinine=1.3, unit="mg/dL"),
        LabResult("A", d2, creatinine=1.5 * 88.4, unit="umol/L"),
    ]
    res = compute_indicator([p], labs, fy=2564)
    row = row_of(res, "A")
    age1 = (d1.toordinal() - birth.toordinal()) / 365.25
    age2 = (d2.toordinal() - birth.toordinal()) / 365.25
    assert row.first_egfr == round(egfr_fn(1.3, age1, "F"), 2)
    assert row.last_egfr == pytest.approx(egfr_fn(1.5, age2, "F"), abs=0.01)
    # 2009 equation selectable
    res09 = compute_indicator([p], labs, fy=2564, equation="2009")
    assert row_of(res09, "A").first_egfr == round(egfr_fn(1.3, age1, "F", equation="2009"), 2)


def test_bad_lab_rows_are_skipped_and_counted():
    p = [patient("A"), patient("B", birth=None)]
    labs = two_results("A", 45, 44) + [
        LabResult("A", date(2021, 1, 1), creatinine=-1),
        LabResult("A", date(2021, 1, 2), creatinine=1.2, unit="mmol/L"),
        LabResult("A", date(2021, 1, 3), egfr=400),
        LabResult("B", date(2021, 1, 1), creatinine=1.2),
        LabResult("Z", date(2021, 1, 1), egfr=40),
    ]
    res = compute_indicator(p, labs, fy=2564)
    assert res.skipped_results == {
        "bad_creatinine": 1,
        "bad_unit": 1,
        "bad_egfr": 1,
        "no_birth_date_or_sex": 1,
        "not_a_ckd_patient": 1,
    }
    assert row_of(res, "A").n_results == 2


def test_strict_mode_names_the_row():
    labs = two_results("A", 45, 44) + [LabResult("A", date(2021, 1, 1), creatinine=0)]
    with pytest.raises(CkdInputError) as exc:
        compute_indicator([patient("A")], labs, fy=2564, strict=True)
    assert exc.value.field == "results[2].creatinine"


def test_under_18_results_are_not_used():
    p = patient("A", birth=date(2003, 1, 1))
    labs = [
        LabResult("A", date(2020, 12, 1), creatinine=1.0),
        LabResult("A", date(2021, 6, 1), creatinine=1.0),
    ]
    res = compute_indicator([p], labs, fy=2564)
    assert res.skipped_results["under_18"] == 1  # 17.9 in December 2020; 18.4 in June 2021
    assert row_of(res, "A").reason == FEWER_THAN_2_RESULTS


# ---- plain mappings (e.g. rows from a CSV or a cursor) ---------------------------------


def test_mappings_and_string_dates_are_accepted():
    patients = [
        {"cid": "A", "nationality": "099", "diagnoses": ["N184"], "birth_date": "1950-05-05", "sex": "M"}
    ]
    labs = [
        {"cid": "A", "date": "2020-10-15", "egfr": 25.0},
        {"cid": "A", "date": "2021-04-15", "creatinine": 2.5, "unit": "mg/dL"},
    ]
    res = compute_indicator(patients, labs, fy="FY2564")
    assert res.denominator == 1
    assert row_of(res, "A").last_egfr == round(
        egfr_fn(2.5, (date(2021, 4, 15) - date(1950, 5, 5)).days / 365.25, "M"), 2
    )


# ---- percent, config and parameter errors --------------------------------------------


def test_percent_one_decimal():
    pts = [patient(c) for c in "ABC"]
    labs = two_results("A", 50, 49) + two_results("B", 50, 49) + two_results("C", 50, 30)
    res = compute_indicator(pts, labs, fy=2564)
    assert (res.numerator, res.denominator, res.percent) == (2, 3, 66.7)


def test_threshold_override_and_config_override():
    labs = two_results("A", 50.0, 50.0 - 3.0 * 180 / 365.25, days=180)
    assert compute_indicator([patient("A")], labs, fy=2564, threshold=2.5).numerator == 0
    cfg = load_config(
        override={
            "thresholds": [{"from_fy_be": 2500, "max_decline_per_year": 2.0}],
            "target_percent": None,
            "min_gap_days": 30,
            "egfr_range": [15, 60],
            "stage_codes": ["N183"],
            "egfr_qualified_codes": ["N189"],
            "thai_nationality_codes": ["099"],
        }
    )
    res = compute_indicator([patient("A")], labs, fy=2564, config=cfg)
    assert res.threshold == 2.0 and res.numerator == 0 and res.target_percent is None


def test_default_config_values():
    cfg = load_config()
    assert cfg.threshold_for(2562) == 4.0
    assert cfg.threshold_for(2563) == 5.0
    assert cfg.threshold_for(2570) == 5.0
    assert cfg.min_gap_days == 90


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"fy": "twenty"}, "fy"),
        ({"fy": 1500}, "fy"),
        ({"method": "median"}, "method"),
        ({"equation": "2012"}, "equation"),
        ({"threshold": -1}, "threshold"),
    ],
)
def test_bad_parameters_name_the_field(kwargs, field):
    args = {"fy": 2564} | kwargs
    with pytest.raises(CkdInputError) as exc:
        compute_indicator([patient("A")], [], **args)
    assert exc.value.field == field


@pytest.mark.parametrize(
    "doc,field",
    [
        ({"thresholds": []}, "config.thresholds"),
        (
            {"thresholds": [{"from_fy_be": 2020, "max_decline_per_year": 4}]},
            "config.thresholds[0].from_fy_be",
        ),
        (
            {"thresholds": [{"from_fy_be": 2563, "max_decline_per_year": 0}]},
            "config.thresholds[0].max_decline_per_year",
        ),
        ({"egfr_range": [60, 15]}, "config.egfr_range"),
        ({"stage_codes": []}, "config.stage_codes"),
        ({"min_gap_days": 0}, "config.min_gap_days"),
        ({"target_percent": 150}, "config.target_percent"),
    ],
)
def test_bad_config_rejected(doc, field):
    import json

    from phangnga.health.ckd_indicator import DEFAULT_CONFIG_PATH

    base = json.loads(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    with pytest.raises(CkdInputError) as exc:
        load_config(override=base | doc)
    assert exc.value.field == field


def test_patients_without_results_appear_in_drill_down():
    res = compute_indicator([patient("A"), patient("B", diagnoses=["I10"])], [], fy=2564)
    assert [r.cid for r in res.rows] == ["A"]
    assert res.rows[0].reason == FEWER_THAN_2_RESULTS and res.rows[0].n_results == 0


def test_generator_inputs_are_streamed_once():
    def gen():
        yield from two_results("A", 45, 44)

    res = compute_indicator(iter([patient("A")]), gen(), fy=2564, include_rows=False)
    assert res.denominator == 1 and res.rows == ()
