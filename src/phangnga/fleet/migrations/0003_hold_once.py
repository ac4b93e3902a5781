"""One open hold per unit, now that emergency's assignments and referral's unit holds are in.

Before this, emergency let a dispatcher send a unit already working one incident to another
(both assignments stayed open), and a unit could be both assigned to an incident and held by
a referral. Of a unit's open holds the newest is the job it works now: the older ones are
closed when the newer began, with a note, and only then does the constraint go on."""

from django.db import migrations, models

NOTE = "superseded: the unit was sent to a newer job"


def close_superseded(apps, schema_editor):
    Hold = apps.get_model("fleet", "Hold")
    newest: dict[int, object] = {}
    for h in Hold.objects.filter(released_at=None).order_by("-held_at", "-id"):
        if h.resource_id not in newest:
            newest[h.resource_id] = h
            continue
        h.released_at = newest[h.resource_id].held_at
        h.note = NOTE
        h.save(update_fields=["released_at", "note"])


class Migration(migrations.Migration):
    dependencies = [
        ("fleet", "0002_hold"),
        ("emergency", "0007_fleet_assignments_to_holds"),
        ("referral", "0005_fleet_unit_holds"),
    ]

    operations = [
        migrations.RunPython(close_superseded, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="hold",
            constraint=models.UniqueConstraint(
                condition=models.Q(("released_at", None)), fields=("resource",), name="fleet_unit_held_once"
            ),
        ),
    ]
