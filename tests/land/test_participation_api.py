"""Meetings and consent over the API: a retried meeting is stored once; consent names the deed."""


def _project():
    from phangnga.land.demo import create_project

    return create_project(with_layout=False)


def test_meeting_retry_is_stored_once(db, api, make_user):
    from phangnga.land.models import Meeting

    p = _project()
    c = api(make_user("land_officer"))
    n = Meeting.objects.filter(project=p).count()
    body = {"step": "approval", "date": "2021-09-01", "attendees": ["A", "B"], "resolution": "Approved"}
    r1 = c.post(f"/api/v1/land/projects/{p.id}/meetings", body, headers={"Idempotency-Key": "mtg-1"})
    r2 = c.post(f"/api/v1/land/projects/{p.id}/meetings", body, headers={"Idempotency-Key": "mtg-1"})
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert r1.json()["id"] == r2.json()["id"]
    assert Meeting.objects.filter(project=p).count() == n + 1
    r = c.post(f"/api/v1/land/projects/{p.id}/meetings", {**body, "step": "vote"})
    assert r.status_code == 422 and "step" in r.json()["fields"]


def test_consent_set_and_unknown_deed(db, api, make_user):
    from phangnga.land.models import Consent

    p = _project()
    parcel = p.parcels.all()[8]
    c = api(make_user("land_officer"))
    body = {"deed_no": parcel.deed_no, "step": "allocation", "agreed": True, "date": "2021-07-01"}
    r = c.put(f"/api/v1/land/projects/{p.id}/consents", body)
    assert r.status_code == 200 and Consent.objects.get(parcel=parcel, step="allocation").agreed
    r = c.put(f"/api/v1/land/projects/{p.id}/consents", {**body, "deed_no": "nope"})
    assert r.status_code == 422 and "deed_no" in r.json()["fields"]
    assert api(make_user("viewer")).put(f"/api/v1/land/projects/{p.id}/consents", body).status_code == 403
