"""fleet.Hold: which unit is held by what (an incident or a referral). It replaces
emergency.Assignment and referral.UnitHold, whose rows emergency 0007 and referral 0005 copy
in; fleet 0003 then adds the one-open-hold-per-unit constraint."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fleet", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Hold",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "holder",
                    models.CharField(
                        choices=[("incident", "Emergency incident"), ("referral", "Referral")], max_length=10
                    ),
                ),
                ("holder_id", models.PositiveBigIntegerField()),
                (
                    "role",
                    models.CharField(
                        choices=[("boat", "Boat"), ("ambulance", "Ambulance"), ("unit", "Unit")],
                        max_length=10,
                    ),
                ),
                ("eta_min", models.FloatField(blank=True, null=True)),
                ("held_at", models.DateTimeField()),
                ("released_at", models.DateTimeField(blank=True, null=True)),
                ("note", models.CharField(blank=True, max_length=200)),
                (
                    "resource",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="holds", to="fleet.resource"
                    ),
                ),
            ],
            options={
                "ordering": ["held_at", "id"],
                "indexes": [
                    models.Index(fields=["holder", "holder_id"], name="fleet_hold_holder_490b50_idx")
                ],
            },
        ),
    ]
