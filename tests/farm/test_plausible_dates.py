"""Issue 21.8: a crop cycle harvested on 9999-12-31 is refused naming expected_harvest."""

from __future__ import annotations

from datetime import date, timedelta


def test_a_harvest_in_the_year_9999_is_refused(api, make_user, places, fb):
    farmer = make_user("farmer")
    plot = fb.plot(fb.household(farmer), area_rai=3)
    today = date.today()
    body = {"crop": "rice", "planting_date": str(today - timedelta(days=20)), "area_rai": 2}
    far = api(farmer).post(f"/api/v1/farm/plots/{plot.pk}/cycles", {**body, "expected_harvest": "9999-12-31"})
    assert far.status_code == 422 and list(far.json()["fields"]) == ["expected_harvest"]
    ok = api(farmer).post(
        f"/api/v1/farm/plots/{plot.pk}/cycles", {**body, "expected_harvest": str(today + timedelta(days=100))}
    )
    assert ok.status_code == 201, ok.content
