"""Officers import a corrected fertilizer table; the kernel validates it before it is used."""

import copy
import json

import pytest

from phangnga.farm import fertilizer

URL = "/api/v1/farm/fertilizer/tables"


def rice_table() -> dict:
    return json.loads((fertilizer.TABLES_DIR / "rice_south.json").read_text())


def advice(api):
    return (
        api()
        .post(
            "/api/v1/farm/fertilizer",
            {"crop": "rice", "variety_type": "non_ps", "om_pct": 0.5, "p_ppm": 3, "k_ppm": 30, "area_rai": 1},
        )
        .json()
    )


def test_corrected_table_replaces_the_bundled_one(api, make_user, places):
    officer = make_user("agriculture_officer", district="kapong")
    before = advice(api)
    table = rice_table()
    table["source"] = "Rice Department, corrected by the Kapong office after the 2026 field trials"
    table["n"]["classes"][0]["rate"] = {"ps": 10, "non_ps": 20}
    response = api(officer).post(URL, table)
    assert response.status_code == 201, response.content
    after = advice(api)
    assert (before["n"], after["n"]) == (18, 20)
    assert after["table_source"].startswith("Rice Department, corrected")


@pytest.mark.parametrize(
    ("breaks", "field"),
    [
        (lambda t: t.pop("source"), "table.source"),
        (lambda t: t["p2o5"]["classes"][1].update(le=2.0), "table.p2o5.classes[1]"),
        (lambda t: t["k2o"]["classes"][0].update(rate=-6), "table.k2o.classes[0].rate"),
    ],
)
def test_broken_table_is_refused_naming_the_field(api, make_user, places, breaks, field):
    officer = make_user("agriculture_officer")
    table = copy.deepcopy(rice_table())
    breaks(table)
    response = api(officer).post(URL, table)
    assert response.status_code == 422
    assert any(k.startswith(field) for k in response.json()["fields"]), response.json()
    assert advice(api)["n"] == 18


def test_only_officers_import(api, make_user, places):
    assert api(make_user("farmer")).post(URL, rice_table()).status_code == 403
