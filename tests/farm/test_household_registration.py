"""Registering a household: the head's national ID, the address, who approves."""

import pytest

from phangnga.core.thai import national_id_check_digit


def valid_id(first12="310040012345"):
    return first12 + str(national_id_check_digit(first12))


def payload(**over):
    body = {
        "head_name": "Boonmee Rakna",
        "head_national_id": valid_id(),
        "district": "takua_thung",
        "subdistrict": "krasom",
        "moo": 4,
        "village": "Ban Krasom",
        "phone": "081-234-5678",
        "members": [{"name": "Mali Rakna", "relation": "spouse", "birth_year": 1980}],
    }
    body.update(over)
    return body


def test_farmer_registers_and_officer_approves(api, make_user, places):
    farmer = make_user("farmer")
    response = api(farmer).post("/api/v1/farm/households", payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["code"].startswith("FB-TAKUAT-")
    assert body["phone"] == "0812345678" and body["members"][0]["name"] == "Mali Rakna"
    outsider = make_user("agriculture_officer", district="kapong")
    assert api(outsider).post(f"/api/v1/farm/households/{body['id']}/approve", {}).status_code == 404
    officer = make_user("agriculture_officer", district="takua_thung")
    approved = api(officer).post(f"/api/v1/farm/households/{body['id']}/approve", {"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_farmer_cannot_approve_their_own(api, make_user, places):
    farmer = make_user("farmer")
    household_id = api(farmer).post("/api/v1/farm/households", payload()).json()["id"]
    assert api(farmer).post(f"/api/v1/farm/households/{household_id}/approve", {}).status_code == 403


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"head_national_id": valid_id()[:-1] + str((int(valid_id()[-1]) + 1) % 10)}, "head_national_id"),
        ({"head_national_id": "12345"}, "head_national_id"),
        ({"district": "phuket"}, "district"),
        ({"subdistrict": "kapong"}, "subdistrict"),
        ({"moo": 0}, "moo"),
        ({"phone": "12345"}, "phone"),
        ({"members": [{"name": "X", "national_id": "1111111111111"}]}, "members.0.national_id"),
    ],
)
def test_bad_input_is_422_naming_the_field(api, make_user, places, over, field):
    response = api(make_user("farmer")).post("/api/v1/farm/households", payload(**over))
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]


def test_one_household_per_head_and_per_farmer_account(api, make_user, places):
    farmer = make_user("farmer")
    assert api(farmer).post("/api/v1/farm/households", payload()).status_code == 201
    again = api(farmer).post("/api/v1/farm/households", payload(head_national_id=valid_id("110040012399")))
    assert again.status_code == 422 and "user" in again.json()["fields"]
    other = api(make_user("farmer")).post("/api/v1/farm/households", payload())
    assert other.status_code == 422 and "head_national_id" in other.json()["fields"]


def test_officer_registers_in_own_district_only(api, make_user, places):
    officer = make_user("agriculture_officer", district="takua_thung")
    elsewhere = api(officer).post("/api/v1/farm/households", payload(district="kapong", subdistrict="kapong"))
    assert elsewhere.status_code == 422 and "district" in elsewhere.json()["fields"]
    here = api(officer).post("/api/v1/farm/households", payload())
    assert here.status_code == 201 and here.json()["status"] == "approved"


def test_retry_with_the_same_key_does_not_duplicate(api, make_user, places):
    client = api(make_user("farmer"))
    first = client.post("/api/v1/farm/households", payload(), headers={"Idempotency-Key": "hh-1"})
    again = client.post("/api/v1/farm/households", payload(), headers={"Idempotency-Key": "hh-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]


def test_same_key_from_another_farmer_does_not_return_the_first_household(api, make_user, places):
    first = api(make_user("farmer")).post(
        "/api/v1/farm/households", payload(), headers={"Idempotency-Key": "k"}
    )
    other = api(make_user("farmer")).post(
        "/api/v1/farm/households",
        payload(head_national_id=valid_id("110040012399"), head_name="Somsri"),
        headers={"Idempotency-Key": "k"},
    )
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json()["id"] != first.json()["id"] and other.json()["head_name"] == "Somsri"
