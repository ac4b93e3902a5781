"""A farmer sees and edits only their own household; an officer sees their district."""


def test_farmer_reads_own_household_only(api, make_user, places, fb):
    boonmee, other = make_user("farmer"), make_user("farmer")
    mine = fb.household(boonmee)
    theirs = fb.household(other)
    client = api(boonmee)
    assert client.get(f"/api/v1/farm/households/{mine.pk}").status_code == 200
    response = client.get(f"/api/v1/farm/households/{theirs.pk}")
    assert response.status_code == 404
    assert theirs.head_name not in response.content.decode()
    listed = client.get("/api/v1/farm/households").json()
    assert [h["id"] for h in listed["items"]] == [mine.pk]


def test_farmer_cannot_patch_or_add_plots_to_another_household(api, make_user, places, fb):
    boonmee, other = make_user("farmer"), make_user("farmer")
    fb.household(boonmee)
    theirs = fb.household(other)
    client = api(boonmee)
    assert client.patch(f"/api/v1/farm/households/{theirs.pk}", {"phone": "0812345678"}).status_code == 404
    assert (
        client.post(
            f"/api/v1/farm/households/{theirs.pk}/plots",
            {"name": "x", "geometry": {}, "land_document": "none"},
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.phone == ""


def test_officer_sees_own_district_only(api, make_user, places, fb):
    officer = make_user("agriculture_officer", district="takua_thung")
    here = fb.household(district="takua_thung", subdistrict="krasom")
    there = fb.household(district="kapong", subdistrict="kapong")
    client = api(officer)
    ids = [h["id"] for h in client.get("/api/v1/farm/households").json()["items"]]
    assert here.pk in ids and there.pk not in ids
    assert client.get(f"/api/v1/farm/households/{there.pk}").status_code == 404


def test_other_roles_get_403(api, make_user, places, fb):
    household = fb.household()
    assert api(make_user("tourism_officer")).get(f"/api/v1/farm/households/{household.pk}").status_code == 403
    assert api().get(f"/api/v1/farm/households/{household.pk}").status_code == 401


def test_reading_a_household_is_audited(api, make_user, places, fb):
    from phangnga.core.models import AuditEntry

    farmer = make_user("farmer")
    household = fb.household(farmer)
    api(farmer).get(f"/api/v1/farm/households/{household.pk}")
    assert AuditEntry.objects.filter(
        action="read", object_type="farm.household", object_id=str(household.pk), user=farmer
    ).exists()
