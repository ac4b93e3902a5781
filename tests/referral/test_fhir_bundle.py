import pytest
from fhir.resources.R4B.bundle import Bundle

import referral_factories as factories
from phangnga.referral.models import Referral


@pytest.fixture
def nurse(make_user, places):
    return make_user("referral_nurse", facility="rpst-phru-nai")


def test_bundle_validates_with_fhir_resources(api, nurse, places):
    rid = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()["id"]
    response = api(nurse).get(f"/api/v1/referrals/{rid}/fhir")
    assert response.status_code == 200
    data = response.json()
    bundle = Bundle.model_validate(data)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert {"Patient", "ServiceRequest", "Task", "Encounter", "Organization", "Location"} <= set(kinds)
    assert kinds.count("Organization") == 2 and kinds.count("Location") == 2
    task = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Task")
    assert task.status == "requested" and task.businessStatus.coding[0].code == "requested"
    patient = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Patient")
    assert patient.identifier[0].value == Referral.objects.get(pk=rid).patient.cid
    sr = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "ServiceRequest")
    assert sr.reasonCode[0].coding[0].code == "I63.9"
    urls = {e.fullUrl for e in bundle.entry}
    assert sr.subject.reference in urls and task.focus.reference in urls


def test_posting_a_bundle_creates_a_referral(api, nurse, places):
    rid = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()["id"]
    bundle = api(nurse).get(f"/api/v1/referrals/{rid}/fhir").json()
    # A different patient sent from another system: new identifier, new bundle id.
    patient = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    patient["identifier"][0]["value"] = factories.payload(places)["patient"]["cid"]
    bundle["identifier"]["value"] = "his-777"
    response = api(nurse).post("/api/v1/referrals/fhir", bundle)
    assert response.status_code == 201, response.content
    created = Referral.objects.exclude(pk=rid).get()
    assert created.icd10 == "I63.9" and created.triage == 2 and created.capability == "ct"
    assert created.origin.code == "rpst-phru-nai" and created.destination.code == factories.destination(
        places
    )
    again = api(nurse).post("/api/v1/referrals/fhir", bundle)
    assert again.status_code == 200 and Referral.objects.count() == 2


def test_an_invalid_bundle_is_422(api, nurse, places):
    bad = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Patient", "birthDate": "yesterday"}}],
    }
    response = api(nurse).post("/api/v1/referrals/fhir", bad)
    assert response.status_code == 422
    assert any("birthDate" in k for k in response.json()["fields"])


def test_a_referral_in_transit_has_an_open_period_and_no_null(api, nurse, places):
    """Departed, not arrived: Task.executionPeriod has a start and no `end` (never `end: null`)."""
    from django.utils import timezone

    from phangnga.referral import workflow

    rid = api(nurse).post("/api/v1/referrals", factories.payload(places)).json()["id"]
    Referral.objects.filter(pk=rid).update(state=workflow.DEPARTED, departed_at=timezone.now())
    data = api(nurse).get(f"/api/v1/referrals/{rid}/fhir").json()
    assert factories.nulls(data) == []
    Bundle.model_validate(data)
    task = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Task")
    assert task["status"] == "in-progress"
    assert set(task["executionPeriod"]) == {"start"}
    encounter = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Encounter")
    assert "period" not in encounter


def test_without_nulls_strips_at_every_depth():
    from phangnga.referral.fhir import without_nulls

    raw = {"a": None, "b": {"c": None, "d": [None, {"e": None}, "x", ""]}, "f": [], "g": {"h": {}}, "i": 0}
    assert without_nulls(raw) == {"b": {"d": ["x"]}, "i": 0}
