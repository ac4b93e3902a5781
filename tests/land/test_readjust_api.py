"""POST /api/v1/land/readjust: the kernel over HTTP, 422 naming the field."""

import pytest

AREAS = [1600, 2400, 1200, 3200, 800, 1850, 2750, 1400, 960, 2100, 1640, 2500]


def body(method="area", **kw):
    parcels = [
        {"id": f"KK-{i + 1:02d}", "area_m2": a, "value_per_m2": 500, "new_value_per_m2": 1200 + 10 * i}
        for i, a in enumerate(AREAS)
    ]
    return {
        "parcels": parcels,
        "public_before_m2": 600,
        "public_after_m2": 5000,
        "reserve_m2": 1000,
        "method": method,
        **kw,
    }


def test_area_method(api, make_user):
    r = api(make_user("land_officer")).post("/api/v1/land/readjust", body())
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["ratio"] == pytest.approx(5400 / 22400, abs=1e-6)
    assert [p["id"] for p in out["parcels"]] == [f"KK-{i + 1:02d}" for i in range(12)]
    assert out["parcels"][0]["new_area_m2"] == pytest.approx(1600 * (1 - 5400 / 22400), abs=0.01)
    assert out["parcels"][0]["settlement_baht"] is None


def test_value_method_and_settlement(api, make_user):
    b = body("value")
    b["parcels"][0]["allocated_area_m2"] = 1300
    out = api(make_user("viewer")).post("/api/v1/land/readjust", b).json()
    first = out["parcels"][0]
    assert out["k"] > 1
    assert first["settlement_baht"] == pytest.approx((1300 - first["new_area_m2"]) * 1200, abs=12)
    assert sum(p["new_area_m2"] for p in out["parcels"]) == pytest.approx(23000 - 5000 - 1000, abs=0.5)


def test_bad_input_names_the_field(api, make_user):
    c = api(make_user("land_officer"))
    b = body()
    b["parcels"][3]["area_m2"] = -1
    r = c.post("/api/v1/land/readjust", b)
    assert r.status_code == 422 and "parcels.3.area_m2" in r.json()["fields"]  # the schema's bound
    r = c.post("/api/v1/land/readjust", body(public_after_m2=100, reserve_m2=0))
    assert r.status_code == 422 and "ratio" in r.json()["fields"]
    b = body("value")
    del b["parcels"][2]["new_value_per_m2"]
    r = c.post("/api/v1/land/readjust", b)
    assert r.status_code == 422 and "parcels[2].new_value_per_m2" in r.json()["fields"]
    r = c.post("/api/v1/land/readjust", body(method="volume"))
    assert r.status_code == 422 and "method" in r.json()["fields"]


def test_needs_login_and_a_role(api, make_user):
    assert api().post("/api/v1/land/readjust", body()).status_code == 401
    assert api(make_user("farmer")).post("/api/v1/land/readjust", body()).status_code == 403
