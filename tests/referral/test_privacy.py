import referral_factories as factories
from phangnga.core.models import AuditEntry


def test_only_origin_destination_and_admin_can_read(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    rid = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()["id"]
    other_nurse = make_user("referral_nurse", facility="rpst-tha-khao")
    for path in (f"/api/v1/referrals/{rid}", f"/api/v1/referrals/{rid}/fhir"):
        assert api(other_nurse).get(path).status_code in (403, 404)
    assert api(other_nurse).post(
        f"/api/v1/referrals/{rid}/events", {"state": "cancelled", "reason": "x"}
    ).status_code in (403, 404)
    assert rid not in [r["id"] for r in api(other_nurse).get("/api/v1/referrals").json()["items"]]
    dest = factories.destination(places)
    viewer = make_user("viewer", facility=dest)  # right facility, no clinical role
    assert api(viewer).get(f"/api/v1/referrals/{rid}").status_code == 403
    for user in (nurse, make_user("hospital_staff", facility=dest), make_user("admin")):
        assert api(user).get(f"/api/v1/referrals/{rid}").status_code == 200


def test_every_read_is_audited(api, make_user, places):
    nurse = make_user("referral_nurse", facility="rpst-phru-nai")
    rid = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()["id"]
    before = AuditEntry.objects.filter(action="read").count()
    api(nurse).get(f"/api/v1/referrals/{rid}")
    api(nurse).get(f"/api/v1/referrals/{rid}/fhir")
    reads = AuditEntry.objects.filter(action="read", object_type="referral.referral", object_id=str(rid))
    assert reads.count() == 2 and before + 2 == AuditEntry.objects.filter(action="read").count()
    assert set(reads.values_list("username", flat=True)) == {nurse.username}
