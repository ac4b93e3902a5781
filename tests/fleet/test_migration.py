"""The move to fleet keeps the data: emergency's assignments and referral's unit holds become
fleet holds, row for row, on a database at the migrations before the move (MigrationExecutor,
real rows, SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("emergency", "0006_fleet_resource_moved"),
    ("referral", "0004_reported_patient"),
    ("fleet", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_assignments_and_unit_holds_become_holds_row_for_row():
    from phangnga.fleet.demo import load_resources
    from phangnga.geo.places import load_registry

    load_registry()
    load_resources()
    old = _migrate(BEFORE)
    Place = old.get_model("geo", "Place")
    Resource = old.get_model("fleet", "Resource")
    Incident = old.get_model("emergency", "Incident")
    Assignment = old.get_model("emergency", "Assignment")
    Patient = old.get_model("referral", "Patient")
    Referral = old.get_model("referral", "Referral")
    UnitHold = old.get_model("referral", "UnitHold")

    now = timezone.now().replace(microsecond=0)
    boat, amb, other = (Resource.objects.get(code=c) for c in ("rb-thaplamu-1", "amb-takuapa", "sb-chonglad"))
    a, b = (
        Incident.objects.create(kind="drowning", lat=8.6, lon=98.2, reported_at=now - timedelta(hours=h))
        for h in (2, 1)
    )

    def assign(incident, unit, at, released=None, eta=None):
        row = Assignment.objects.create(incident=incident, resource=unit, released_at=released, eta_min=eta)
        Assignment.objects.filter(pk=row.pk).update(assigned_at=at)  # (auto_now_add)

    # Before the move a dispatcher could send a boat working incident a to incident b: both
    # assignments stayed open. The newer is the job the boat works; the older is closed then.
    assign(a, boat, now - timedelta(minutes=90), eta=31.5)
    assign(a, amb, now - timedelta(minutes=90), released=now - timedelta(minutes=10))
    assign(b, boat, now - timedelta(minutes=30), eta=12.0)
    patient = Patient.objects.create(
        name="Test", birth_date=date(1970, 1, 1), sex="F", scheme="ucs", cid="1101700203451"
    )
    hospital = Place.objects.get(code="hosp-kohyao")
    referral = Referral.objects.create(
        patient=patient,
        origin=Place.objects.get(code="rpst-phru-nai"),
        destination=hospital,
        icd10="I21.9",
        triage=2,
        requested_at=now - timedelta(hours=3),
    )
    UnitHold.objects.create(
        referral=referral,
        resource_code=other.code,
        name=other.name,
        role="boat",
        held_at=now - timedelta(hours=3),
    )
    UnitHold.objects.create(
        referral=referral,
        resource_code="amb-kohyao",
        role="ambulance",
        held_at=now - timedelta(hours=3),
        released_at=now - timedelta(hours=2),
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Hold = new.get_model("fleet", "Hold")
    rows = {
        (h.holder, h.holder_id, h.resource.code): (h.role, h.eta_min, h.held_at, h.released_at, h.note)
        for h in Hold.objects.select_related("resource")
    }
    assert rows == {
        ("incident", a.pk, "rb-thaplamu-1"): (
            "boat",
            31.5,
            now - timedelta(minutes=90),
            now - timedelta(minutes=30),
            "superseded: the unit was sent to a newer job",
        ),
        ("incident", a.pk, "amb-takuapa"): (
            "ambulance",
            None,
            now - timedelta(minutes=90),
            now - timedelta(minutes=10),
            "",
        ),
        ("incident", b.pk, "rb-thaplamu-1"): ("boat", 12.0, now - timedelta(minutes=30), None, ""),
        ("referral", referral.pk, "sb-chonglad"): ("boat", None, now - timedelta(hours=3), None, ""),
        ("referral", referral.pk, "amb-kohyao"): (
            "ambulance",
            None,
            now - timedelta(hours=3),
            now - timedelta(hours=2),
            "",
        ),
    }
    tables = connection.introspection.table_names()
    assert "emergency_assignment" not in tables and "referral_unithold" not in tables
    assert "emergency_resource" in tables and "emergency_resource_crew" in tables
