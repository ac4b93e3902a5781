"""A compiled multi-row INSERT writes exactly what bulk_create writes, and each instance gets
the id of its own row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from phangnga.core.compiled import CompiledInsert
from phangnga.emergency.models import Incident, Patient

# Values of the types a field prepares (an int for a FloatField, a lazy string for a CharField,
# an aware datetime, JSON) beside the ones that go to the driver untouched.
NOW = timezone.now().replace(microsecond=123456)


def _incident(i: int, suffix: str = "", **extra) -> Incident:
    return Incident(
        kind="near_drowning" if i % 2 else "marine_sting",
        lat=8 if i == 0 else 8.6 + i / 100,
        lon=97.6,
        reported_at=NOW - timedelta(minutes=i),
        notes=f"report {i}",
        location_text=gettext_lazy("Khao Lak beach") if i == 1 else "",
        client_id=None if i == 2 else f"key-{i}-{suffix}",
        **extra,
    )


def _stored(ids: list[int]) -> list[dict]:
    rows = Incident.objects.filter(pk__in=ids).order_by("pk").values()
    return [{k: v for k, v in row.items() if k not in ("id", "client_id", "created_at")} for row in rows]


def test_same_rows_as_bulk_create(make_user):
    user = make_user("dispatcher")
    compiled = CompiledInsert(Incident).insert([_incident(i, created_by=user, suffix="c") for i in range(4)])
    orm = Incident.objects.bulk_create([_incident(i, created_by=user, suffix="o") for i in range(4)])
    assert _stored([o.pk for o in compiled]) == _stored([o.pk for o in orm])
    stored = Incident.objects.get(pk=compiled[1].pk)
    assert stored.location_text == "Khao Lak beach" and stored.reported_at == NOW - timedelta(minutes=1)
    assert stored.created_at is not None  # auto_now_add ran
    assert compiled[0]._state.adding is False and compiled[0]._state.db == "default"


def test_each_instance_gets_its_own_row_id(db):
    objs = CompiledInsert(Incident).insert([_incident(i) for i in range(7)])
    assert len({o.pk for o in objs}) == 7
    for obj in objs:
        assert Incident.objects.get(pk=obj.pk).notes == obj.notes


def test_json_fields_and_a_parent_saved_after_assignment(db):
    incident = _incident(5)
    patient = Patient(
        incident=incident,
        computed_level=2,
        triage_level=2,
        vitals={"pr": 130, "spo2": 80},
        symptoms=["unconscious"],
    )
    CompiledInsert(Incident).insert([incident])
    CompiledInsert(Patient).insert([patient])  # incident got its id after Patient(incident=...)
    stored = Patient.objects.get(pk=patient.pk)
    assert stored.incident_id == incident.pk
    assert stored.vitals == {"pr": 130, "spo2": 80} and stored.symptoms == ["unconscious"]


def test_unsaved_parent_or_expression_is_refused_and_nothing_is_written(db):
    orphan = Patient(incident=_incident(6), computed_level=3, triage_level=3)
    with pytest.raises(ValueError, match="incident"):
        CompiledInsert(Patient).insert([orphan])
    with pytest.raises(ValueError, match="expressions"):
        CompiledInsert(Incident).insert([_incident(3, patient_count=F("priority"))])
    assert not Incident.objects.exists() and not Patient.objects.exists()


def test_an_instance_with_an_id_is_refused(db):
    (saved,) = CompiledInsert(Incident).insert([_incident(4)])
    with pytest.raises(ValueError, match="primary key"):
        CompiledInsert(Incident).insert([saved])
