"""Resource now lives in the fleet app (fleet 0001_initial, same table). Emergency's foreign
keys point at it and emergency's own copy is forgotten: state only, the database keeps its
tables, rows and constraints as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("emergency", "0005_resource_name_th"),
        ("fleet", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="incidentevent",
                    name="resource",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="fleet.resource",
                    ),
                ),
                migrations.AlterField(
                    model_name="dispatchplan",
                    name="resource",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="fleet.resource",
                    ),
                ),
                migrations.AlterField(
                    model_name="dispatchplan",
                    name="ambulance",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="fleet.resource",
                    ),
                ),
                migrations.AlterField(
                    model_name="assignment",
                    name="resource",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="fleet.resource",
                    ),
                ),
                migrations.DeleteModel(name="Resource"),
            ],
            database_operations=[],
        ),
    ]
