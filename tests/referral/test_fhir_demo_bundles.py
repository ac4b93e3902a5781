"""Every demo referral exports as a Bundle that fhir.resources accepts, with no null anywhere."""

from fhir.resources.R4B.bundle import Bundle

from phangnga.referral import demo, fhir, workflow
from phangnga.referral.models import Referral
from referral_factories import nulls


def test_every_demo_referral_bundle_validates_and_has_no_null(places, api, make_user):
    from phangnga.core.demo import load_users

    load_users()
    demo.load()
    referrals = list(Referral.objects.select_related("patient", "origin", "destination").order_by("id"))
    states = {r.state for r in referrals}
    # the demo covers finished, cancelled and live referrals (one in transit, one waiting)
    assert {workflow.COMPLETED, workflow.CANCELLED, workflow.REQUESTED} <= states
    assert any(r.departed_at and not r.arrived_at for r in referrals), "a referral in transit"
    for r in referrals:
        data = fhir.bundle_for(r)
        assert nulls(data) == [], (r.id, nulls(data))
        Bundle.model_validate(data)
    # and through the API, as a nurse at the origin reads it, for the live one in transit
    moving = next(r for r in referrals if r.departed_at and not r.arrived_at)
    nurse = make_user("referral_nurse", facility=moving.origin.code)
    body = api(nurse).get(f"/api/v1/referrals/{moving.id}/fhir").json()
    task = next(e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "Task")
    assert "end" not in task["executionPeriod"] and nulls(body) == []
