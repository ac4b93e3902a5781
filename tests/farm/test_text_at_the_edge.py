"""Issue 21.4: household text with a NUL is stored cleaned; text longer than its column is a 422
naming the field (both were HTML 500s on PostgreSQL)."""

from __future__ import annotations

from phangnga.core.thai import national_id_check_digit
from phangnga.farm.models import Household


def payload(**over):
    first12 = "310040012345"
    body = {
        "head_name": "Boonmee\x00 Rakna", "head_national_id": first12 + str(national_id_check_digit(first12)),
        "district": "takua_thung", "subdistrict": "krasom", "moo": 4, "village": "Ban\x00 Krasom",
        "phone": "081-234-5678", "members": [{"name": "Mali\x00 Rakna", "relation": "spouse"}],
    }  # fmt: skip
    return body | over


def test_nul_in_household_text_is_stripped(api, make_user, places):
    response = api(make_user("farmer")).post("/api/v1/farm/households", payload())
    assert response.status_code == 201, response.content
    household = Household.objects.get(pk=response.json()["id"])
    assert household.head_name == "Boonmee Rakna" and household.village == "Ban Krasom"
    assert household.members.get().name == "Mali Rakna"


def test_text_longer_than_its_column_is_a_422_naming_it(api, make_user, places):
    farmer = api(make_user("farmer"))
    response = farmer.post("/api/v1/farm/households", payload(machinery="x" * 10_000))
    assert response.status_code == 422 and "machinery" in response.json()["fields"]
    response = farmer.post("/api/v1/farm/households", payload(members=[{"name": "x" * 151}]))
    assert response.status_code == 422 and "members.0.name" in response.json()["fields"]
    assert Household.objects.count() == 0
