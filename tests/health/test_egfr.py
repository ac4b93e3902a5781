from datetime import date, timedelta

import pytest

from phangnga.health.egfr import (
    EgfrInputError,
    a_stage,
    add_months,
    age_on,
    compute_egfr,
    creatinine_mg_dl,
    decline_per_year,
    egfr,
    endpoint_decline_per_year,
    follow_up_months,
    g_stage,
    is_overdue,
    is_rapid_decline,
    least_squares_decline_per_year,
    next_due,
)

# ---- the published check (REFERENCE.md) ----------------------------------------------


def test_published_check_2021():
    assert round(egfr(1.4, 60, "M"), 2) == 57.54


def test_published_check_2009():
    assert round(egfr(1.4, 60, "M", equation="2009"), 2) == 54.22


def test_compute_egfr_api_shape():
    r = compute_egfr(1.4, 60, "M")
    assert (r.egfr, r.g_stage, r.equation) == (57.54, "G3a", "2021")
    assert compute_egfr(1.4, 60, "M", equation=2009).egfr == 54.22


# ---- female case: the formula written out term by term --------------------------------


def test_female_above_kappa_2021():
    # Scr 1.0 > k 0.7, so only the max() term is active: 142 x (1/0.7)^-1.2 x 0.9938^50 x 1.012
    expected = 142 * (1.0 / 0.7) ** -1.2 * 0.9938**50 * 1.012
    assert egfr(1.0, 50, "F") == pytest.approx(expected, rel=1e-12)
    assert 68 < egfr(1.0, 50, "F") < 69


def test_female_below_kappa_uses_alpha_2009():
    # Scr 0.6 < k 0.7: the min() term with a = -0.329 is active.
    expected = 141 * (0.6 / 0.7) ** -0.329 * 0.993**50 * 1.018
    assert egfr(0.6, 50, "F", equation="2009") == pytest.approx(expected, rel=1e-12)


def test_female_to_male_ratio_is_fixed_above_both_kappas_2021():
    # At Scr 1.4 (above both kappas) only k and the 1.012 factor differ between sexes:
    # F/M = ((1.4/0.7) / (1.4/0.9))^-1.2 x 1.012 = (0.7/0.9)^1.2 x 1.012.
    ratio = egfr(1.4, 60, "F") / egfr(1.4, 60, "M")
    assert ratio == pytest.approx((0.7 / 0.9) ** 1.2 * 1.012, rel=1e-12)


def test_2009_race_coefficient_only_in_2009():
    from phangnga.health.egfr import egfr_from_mg_dl

    assert egfr_from_mg_dl(1.4, 60, False, "2009", black=True) == pytest.approx(54.2231 * 1.159, rel=1e-4)
    assert egfr_from_mg_dl(1.4, 60, False, "2021", black=True) == egfr_from_mg_dl(1.4, 60, False, "2021")


def test_egfr_falls_with_age_and_creatinine():
    assert egfr(1.4, 70, "M") < egfr(1.4, 60, "M")
    assert egfr(2.0, 60, "M") < egfr(1.4, 60, "M")


# ---- units ------------------------------------------------------------------------------


def test_umol_conversion():
    assert creatinine_mg_dl(123.76, "umol/L") == pytest.approx(1.4)
    assert egfr(123.76, 60, "M", unit="umol/L") == pytest.approx(egfr(1.4, 60, "M"))
    assert round(egfr(123.76, 60, "M", unit="µmol/L"), 2) == 57.54


@pytest.mark.parametrize("unit", ["mg/dL", "MG/DL", "mg/dl"])
def test_unit_spelling(unit):
    assert creatinine_mg_dl(1.4, unit) == 1.4


# ---- rejections -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"creatinine": 0}, "creatinine"),
        ({"creatinine": -1}, "creatinine"),
        ({"creatinine": float("nan")}, "creatinine"),
        ({"creatinine": "1.4"}, "creatinine"),
        ({"creatinine": 120}, "creatinine"),  # umol/L typed as mg/dL
        ({"age": 17.9}, "age"),
        ({"age": 150}, "age"),
        ({"sex": "X"}, "sex"),
        ({"sex": None}, "sex"),
        ({"unit": "mmol/L"}, "unit"),
        ({"equation": "2012"}, "equation"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    args = {"creatinine": 1.4, "age": 60, "sex": "M", "unit": "mg/dL", "equation": "2021"} | kwargs
    with pytest.raises(EgfrInputError) as exc:
        egfr(**args)
    assert exc.value.field == field
    assert isinstance(exc.value, ValueError)


def test_age_18_is_allowed():
    assert egfr(1.0, 18, "F") > 0


def test_sex_codes():
    assert egfr(1.4, 60, "male") == egfr(1.4, 60, "M") == egfr(1.4, 60, "1")
    assert egfr(1.4, 60, "f") == egfr(1.4, 60, "2")


# ---- stages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,stage",
    [
        (120, "G1"),
        (90, "G1"),
        (89.99, "G2"),
        (60, "G2"),
        (59.99, "G3a"),
        (45, "G3a"),
        (44.99, "G3b"),
        (30, "G3b"),
        (29.99, "G4"),
        (15, "G4"),
        (14.99, "G5"),
        (0, "G5"),
    ],
)
def test_g_stage_boundaries(value, stage):
    assert g_stage(value) == stage


def test_g_stage_rejects_negative():
    with pytest.raises(EgfrInputError) as exc:
        g_stage(-1)
    assert exc.value.field == "egfr"


@pytest.mark.parametrize(
    "uacr,stage", [(0, "A1"), (29.9, "A1"), (30, "A2"), (299.9, "A2"), (300, "A3"), (2000, "A3")]
)
def test_a_stage_boundaries(uacr, stage):
    assert a_stage(uacr) == stage


def test_a_stage_mg_mmol():
    assert a_stage(3.4, "mg/mmol") == "A2"  # 3.4 x 8.84 = 30.06 mg/g
    assert a_stage(3.3, "mg/mmol") == "A1"  # 29.2 mg/g
    with pytest.raises(EgfrInputError) as exc:
        a_stage(10, "mg/L")
    assert exc.value.field == "uacr_unit"


# ---- slopes -----------------------------------------------------------------------------


def test_endpoint_decline():
    pts = [(date(2021, 1, 1), 50.0), (date(2022, 1, 1), 44.0)]  # 365 days
    assert endpoint_decline_per_year(pts) == pytest.approx(6.0 * 365.25 / 365)


def test_endpoint_uses_earliest_and_latest_regardless_of_order():
    pts = [(date(2022, 1, 1), 44.0), (date(2021, 7, 1), 10.0), (date(2021, 1, 1), 50.0)]
    assert endpoint_decline_per_year(pts) == pytest.approx(6.0 * 365.25 / 365)


def test_improving_egfr_has_negative_decline():
    pts = [(date(2021, 1, 1), 40.0), (date(2021, 7, 2), 43.0)]
    assert endpoint_decline_per_year(pts) < 0


def test_least_squares_on_exact_line_equals_endpoint():
    start = date(2020, 1, 1)
    pts = [(start + timedelta(days=d), 55.0 - 0.01 * d) for d in (0, 100, 250, 400)]
    assert least_squares_decline_per_year(pts) == pytest.approx(0.01 * 365.25)
    assert endpoint_decline_per_year(pts) == pytest.approx(0.01 * 365.25)


def test_least_squares_resists_one_odd_value():
    start = date(2020, 1, 1)
    pts = [(start + timedelta(days=d), 50.0) for d in (0, 90, 180, 270)] + [
        (start + timedelta(days=360), 40.0)
    ]
    ep = endpoint_decline_per_year(pts)
    ls = least_squares_decline_per_year(pts)
    assert ep == pytest.approx(10 * 365.25 / 360)
    assert 0 < ls < ep


def test_slope_needs_two_distinct_days():
    with pytest.raises(EgfrInputError) as exc:
        decline_per_year([(date(2021, 1, 1), 50.0)])
    assert exc.value.field == "results"
    with pytest.raises(EgfrInputError):
        decline_per_year([(date(2021, 1, 1), 50.0), (date(2021, 1, 1), 45.0)])
    with pytest.raises(EgfrInputError) as exc:
        decline_per_year([(date(2021, 1, 1), 50.0), (date(2021, 6, 1), 45.0)], method="median")
    assert exc.value.field == "method"


def test_rapid_decline_flag():
    start = date(2021, 1, 1)
    fast = [(start, 50.0), (start + timedelta(days=183), 46.0), (start + timedelta(days=365), 43.0)]
    slow = [(start, 50.0), (start + timedelta(days=183), 48.5), (start + timedelta(days=365), 47.0)]
    assert is_rapid_decline(fast) is True
    assert is_rapid_decline(slow) is False
    # exactly 5/yr is not "more than 5"
    exact = [(start, 50.0), (start + timedelta(days=365), 50.0 - 5 * 365 / 365.25)]
    assert is_rapid_decline(exact, method="endpoint") is False


def test_rapid_decline_unknown_without_enough_data():
    start = date(2021, 1, 1)
    assert is_rapid_decline([(start, 50.0)]) is None
    assert is_rapid_decline([(start, 50.0), (start + timedelta(days=30), 30.0)]) is None


# ---- follow-up --------------------------------------------------------------------------


def test_follow_up_by_stage():
    assert follow_up_months("G3a") == follow_up_months("G3b") == 6
    assert follow_up_months("G4") == 4
    assert next_due(date(2021, 3, 15), "G3b") == date(2021, 9, 15)
    assert next_due(date(2021, 10, 15), "G4") == date(2022, 2, 15)


def test_month_end_is_clamped():
    assert add_months(date(2021, 8, 31), 6) == date(2022, 2, 28)
    assert add_months(date(2023, 10, 31), 4) == date(2024, 2, 29)


def test_overdue():
    last = date(2021, 1, 10)
    assert not is_overdue(last, "G4", today=date(2021, 5, 10))  # due today
    assert is_overdue(last, "G4", today=date(2021, 5, 11))


def test_custom_interval_table_and_unknown_stage():
    assert next_due(date(2021, 1, 1), "G3a", intervals={"G3a": 3}) == date(2021, 4, 1)
    with pytest.raises(EgfrInputError) as exc:
        follow_up_months("G6")
    assert exc.value.field == "g_stage"


def test_age_on():
    assert age_on(date(1961, 1, 1), date(2021, 1, 1)) == pytest.approx(60.0, abs=0.01)
    with pytest.raises(EgfrInputError) as exc:
        age_on(date(2021, 1, 2), date(2021, 1, 1))
    assert exc.value.field == "birth_date"
