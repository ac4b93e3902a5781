"""The prevention demo: idempotent, marked demo, every AED's last check on record, and the
registries filled (what the staff pages and the CAP feed show)."""

from __future__ import annotations

from phangnga.prevention.models import (
    Aed,
    AedCheck,
    Drill,
    RiskPoint,
    Screening,
    SeaWarning,
    Training,
    Volunteer,
    WarningSign,
)

MODELS = (Aed, AedCheck, RiskPoint, WarningSign, Volunteer, Training, Drill, Screening, SeaWarning)


def test_demo_is_idempotent_and_fills_every_registry(places):
    from phangnga.prevention.demo import load

    load()
    counts = [m.objects.count() for m in MODELS]
    assert all(counts), dict(zip([m.__name__ for m in MODELS], counts, strict=True))
    load()
    assert [m.objects.count() for m in MODELS] == counts
    assert not Aed.objects.filter(is_demo=False).exists()
    assert AedCheck.objects.count() == Aed.objects.count()  # each AED's last check is on record
    assert all(d.steps.count() == 4 for d in Drill.objects.all())
