"""Reading the household list (API and the officer's page) is audited with the households shown;
a replayed registration key is audited as a read and never crosses to another farmer."""

from django.test import Client

from phangnga.core.models import AuditEntry
from phangnga.core.thai import national_id_check_digit


def household(**over):
    first12 = over.pop("first12", "310040012345")
    return {
        "head_name": "Boonmee Rakna",
        "head_national_id": first12 + str(national_id_check_digit(first12)),
        "district": "takua_thung",
        "subdistrict": "krasom",
        "moo": 4,
        "village": "Ban Krasom",
        "phone": "081-234-5678",
        **over,
    }


def test_the_household_list_is_audited(api, make_user, places):
    created = api(make_user("farmer")).post("/api/v1/farm/households", household())
    assert created.status_code == 201, created.content
    officer = make_user("agriculture_officer", district="takua_thung")
    assert api(officer).get("/api/v1/farm/households").status_code == 200
    entry = AuditEntry.objects.get(action="read", summary__startswith="household list:")
    assert entry.user == officer and entry.changes["ids"] == [created.json()["id"]]
    page = Client()
    page.force_login(officer)
    assert page.get("/farm/").status_code == 200
    entry = AuditEntry.objects.get(action="read", summary__startswith="household list page")
    assert entry.user == officer and entry.changes["ids"] == [created.json()["id"]]


def test_a_registration_key_is_the_farmers_own(api, make_user, places):
    first, second = api(make_user("farmer")), api(make_user("farmer"))
    mine = first.post("/api/v1/farm/households", household(), headers={"Idempotency-Key": "hh-1"})
    assert mine.status_code == 201, mine.content
    again = first.post("/api/v1/farm/households", household(), headers={"Idempotency-Key": "hh-1"})
    assert again.status_code == 200 and again.json()["id"] == mine.json()["id"]
    assert (
        AuditEntry.objects.filter(action="read", summary__contains="replay of Idempotency-Key hh-1").count()
        == 1
    )
    other = second.post(
        "/api/v1/farm/households",
        household(head_name="Somchai Dee", first12="310040054321"),
        headers={"Idempotency-Key": "hh-1"},
    )
    assert other.status_code == 201, other.content
    assert other.json()["id"] != mine.json()["id"] and "Boonmee" not in other.content.decode()
