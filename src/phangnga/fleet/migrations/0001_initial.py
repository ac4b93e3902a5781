"""The unit registry moves here from emergency, keeping its tables (emergency_resource and
emergency_resource_crew): this migration changes Django's idea of which app owns them and
nothing in the database. emergency 0006_fleet_resource_moved then points emergency's foreign
keys at fleet.Resource and forgets its own copy, in state only as well."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("geo", "0001_initial"),
        ("emergency", "0005_resource_name_th"),  # the table as emergency left it
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Resource",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.SlugField(max_length=64, unique=True)),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("name_th", models.CharField(blank=True, max_length=120, verbose_name="name (Thai)")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("rescue_boat", "Rescue boat"),
                                    ("hospital_boat", "Hospital boat"),
                                    ("speedboat", "Speedboat"),
                                    ("ambulance", "Ambulance"),
                                    ("medical_unit", "Seasonal medical unit"),
                                ],
                                db_index=True,
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "boat_class",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("speedboat", "Speedboat"),
                                    ("rescue_boat", "Rescue boat"),
                                    ("hospital_boat", "Hospital boat"),
                                    ("ferry", "Ferry"),
                                    ("longtail", "Longtail"),
                                ],
                                max_length=16,
                                verbose_name="boat class",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("available", "Available"),
                                    ("dispatched", "Dispatched"),
                                    ("on_scene", "On scene"),
                                    ("transporting", "Transporting"),
                                    ("at_hospital", "At hospital"),
                                    ("out_of_service", "Out of service"),
                                ],
                                db_index=True,
                                default="available",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("lat", models.FloatField(blank=True, null=True, verbose_name="latitude")),
                        ("lon", models.FloatField(blank=True, null=True, verbose_name="longitude")),
                        (
                            "position_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="position time"),
                        ),
                        ("phone", models.CharField(blank=True, max_length=32, verbose_name="phone")),
                        (
                            "season_start",
                            models.CharField(blank=True, max_length=5, verbose_name="season start (MM-DD)"),
                        ),
                        (
                            "season_end",
                            models.CharField(blank=True, max_length=5, verbose_name="season end (MM-DD)"),
                        ),
                        ("is_demo", models.BooleanField(default=False)),
                        (
                            "base",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="geo.place",
                                verbose_name="base",
                            ),
                        ),
                        (
                            "crew",
                            models.ManyToManyField(
                                blank=True, related_name="emergency_resources", to=settings.AUTH_USER_MODEL
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_resource",
                        "ordering": ["kind", "name"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
