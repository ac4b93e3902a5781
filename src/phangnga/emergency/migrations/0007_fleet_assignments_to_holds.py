"""Emergency's assignments become fleet holds (holder "incident"), every row kept with its
times and ETA; then emergency.Assignment goes. The timeline gains "unit diverted" (no
database change). Going back copies the incident holds back."""

from django.db import migrations, models


def _role(resource) -> str:
    if resource.kind == "ambulance":
        return "ambulance"
    is_boat = resource.kind in ("rescue_boat", "hospital_boat", "speedboat") or (
        resource.kind == "medical_unit" and bool(resource.boat_class)
    )
    return "boat" if is_boat else "unit"


def to_holds(apps, schema_editor):
    Assignment = apps.get_model("emergency", "Assignment")
    Hold = apps.get_model("fleet", "Hold")
    Hold.objects.bulk_create(
        [
            Hold(
                resource_id=a.resource_id,
                holder="incident",
                holder_id=a.incident_id,
                role=_role(a.resource),
                eta_min=a.eta_min,
                held_at=a.assigned_at,
                released_at=a.released_at,
            )
            for a in Assignment.objects.select_related("resource").order_by("pk")
        ],
        batch_size=500,
    )


def from_holds(apps, schema_editor):
    Assignment = apps.get_model("emergency", "Assignment")
    Hold = apps.get_model("fleet", "Hold")
    for h in Hold.objects.filter(holder="incident").order_by("pk"):
        a = Assignment.objects.create(
            incident_id=h.holder_id, resource_id=h.resource_id, eta_min=h.eta_min, released_at=h.released_at
        )
        Assignment.objects.filter(pk=a.pk).update(assigned_at=h.held_at)  # (auto_now_add)
    Hold.objects.filter(holder="incident").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("emergency", "0006_fleet_resource_moved"),
        ("fleet", "0002_hold"),
    ]

    operations = [
        migrations.RunPython(to_holds, from_holds),
        migrations.DeleteModel(name="Assignment"),
        # A timeline entry that is not a step: one of the incident's units diverted elsewhere.
        migrations.AlterField(
            model_name="incidentevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("call_received", "Call received"),
                    ("dispatched", "Dispatched"),
                    ("en_route", "En route"),
                    ("on_scene", "On scene"),
                    ("left_scene", "Patient aboard"),
                    ("at_pier", "At pier"),
                    ("at_hospital", "At hospital"),
                    ("handed_over", "Handed over"),
                    ("closed", "Closed"),
                    ("unit_diverted", "Unit diverted"),
                ],
                max_length=16,
            ),
        ),
    ]
