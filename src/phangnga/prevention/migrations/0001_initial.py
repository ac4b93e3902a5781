"""The prevention registries, taken over from the emergency app (issue 17) with the tables they
had there (`db_table="emergency_..."`): the state learns the models, the database is not touched
(emergency/migrations/0008_prevention_moved_out.py makes the emergency app forget them).

The content types of the moved models are renamed from emergency.* to prevention.*, so the admin's
history and any permission granted on them follow the models instead of going stale."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = [
    "aed",
    "aedcheck",
    "drill",
    "drillstep",
    "riskpoint",
    "screening",
    "seawarning",
    "signinspection",
    "training",
    "volunteer",
    "warningsign",
]


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label="prevention", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label="emergency", model__in=set(MOVED) - taken).update(
        app_label="prevention"
    )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label="emergency", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label="prevention", model__in=set(MOVED) - taken).update(
        app_label="emergency"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The tables were made by the emergency app's migrations (0001, 0003 for AED checks).
        ("emergency", "0005_resource_name_th"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("geo", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Aed",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.SlugField(max_length=64, unique=True)),
                        ("owner", models.CharField(max_length=160, verbose_name="owner")),
                        (
                            "owner_kind",
                            models.CharField(
                                choices=[
                                    ("hotel", "Hotel"),
                                    ("boat", "Tour boat"),
                                    ("beach", "Beach station"),
                                    ("pier", "Pier"),
                                    ("other", "Other"),
                                ],
                                max_length=8,
                                verbose_name="owner kind",
                            ),
                        ),
                        ("location", models.CharField(max_length=200, verbose_name="where exactly")),
                        ("lat", models.FloatField(verbose_name="latitude")),
                        ("lon", models.FloatField(verbose_name="longitude")),
                        ("phone", models.CharField(blank=True, max_length=32, verbose_name="phone")),
                        ("pads_expiry", models.DateField(verbose_name="pads expire")),
                        ("battery_expiry", models.DateField(verbose_name="battery expires")),
                        ("last_check", models.DateField(blank=True, null=True, verbose_name="last check")),
                        ("ready", models.BooleanField(default=True, verbose_name="ready for use")),
                        ("active", models.BooleanField(default=True)),
                        ("is_demo", models.BooleanField(default=False)),
                    ],
                    options={
                        "verbose_name": "AED",
                        "db_table": "emergency_aed",
                        "ordering": ["owner"],
                    },
                ),
                migrations.CreateModel(
                    name="Screening",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "operator",
                            models.CharField(db_index=True, max_length=160, verbose_name="tour operator"),
                        ),
                        ("activity", models.CharField(default="snorkel", max_length=16)),
                        ("language", models.CharField(default="en", max_length=8)),
                        ("answers", models.JSONField(default=dict)),
                        ("risk_level", models.CharField(db_index=True, max_length=8)),
                        ("advice", models.JSONField(default=list)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("client_id", models.CharField(blank=True, max_length=128, null=True, unique=True)),
                        ("is_demo", models.BooleanField(default=False)),
                    ],
                    options={
                        "db_table": "emergency_screening",
                    },
                ),
                migrations.CreateModel(
                    name="SeaWarning",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("red_flag", "Red flag (no swimming)"),
                                    ("sea_state", "Rough sea"),
                                    ("tsunami", "Tsunami"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("headline", models.CharField(max_length=160)),
                        ("description", models.TextField(blank=True)),
                        ("instruction", models.TextField(blank=True)),
                        ("area", models.CharField(max_length=200)),
                        ("lat", models.FloatField()),
                        ("lon", models.FloatField()),
                        ("radius_km", models.FloatField(default=5)),
                        ("severity", models.CharField(default="Moderate", max_length=16)),
                        ("urgency", models.CharField(default="Expected", max_length=16)),
                        ("certainty", models.CharField(default="Likely", max_length=16)),
                        ("onset", models.DateTimeField()),
                        ("expires", models.DateTimeField(blank=True, null=True)),
                        ("active", models.BooleanField(default=True)),
                        (
                            "issued_by",
                            models.CharField(default="Phang Nga Provincial Command Centre", max_length=120),
                        ),
                        ("is_demo", models.BooleanField(default=False)),
                    ],
                    options={
                        "db_table": "emergency_seawarning",
                        "ordering": ["-onset"],
                    },
                ),
                migrations.CreateModel(
                    name="AedCheck",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("checked_on", models.DateField(verbose_name="checked on")),
                        ("ready", models.BooleanField(verbose_name="ready light on, no damage")),
                        ("pads_expiry", models.DateField(verbose_name="pads expire")),
                        ("battery_expiry", models.DateField(verbose_name="battery expires")),
                        ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                        ("by_name", models.CharField(blank=True, max_length=150)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "aed",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checks",
                                to="prevention.aed",
                            ),
                        ),
                        (
                            "by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_aedcheck",
                        "ordering": ["-checked_on", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Drill",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=160, verbose_name="name")),
                        ("scenario", models.TextField(verbose_name="scenario")),
                        ("held_on", models.DateField(verbose_name="held on")),
                        (
                            "participants",
                            models.TextField(blank=True, verbose_name="participants (agencies, people)"),
                        ),
                        ("participant_count", models.PositiveIntegerField(default=0)),
                        ("lessons", models.TextField(blank=True, verbose_name="lessons learned")),
                        ("is_demo", models.BooleanField(default=False)),
                        (
                            "place",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="geo.place",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_drill",
                        "ordering": ["-held_on"],
                    },
                ),
                migrations.CreateModel(
                    name="DrillStep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "step",
                            models.CharField(
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
                                ],
                                max_length=16,
                            ),
                        ),
                        ("target_min", models.FloatField()),
                        ("actual_min", models.FloatField(blank=True, null=True)),
                        (
                            "drill",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="steps",
                                to="prevention.drill",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_drillstep",
                        "ordering": ["id"],
                    },
                ),
                migrations.CreateModel(
                    name="RiskPoint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=160, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("rip_current", "Rip current"),
                                    ("rocks", "Rocks"),
                                    ("jellyfish", "Jellyfish"),
                                    ("strong_current", "Strong current"),
                                    ("other", "Other"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        ("lat", models.FloatField(verbose_name="latitude")),
                        ("lon", models.FloatField(verbose_name="longitude")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "severity",
                            models.CharField(
                                choices=[
                                    ("Extreme", "Extreme"),
                                    ("Severe", "Severe"),
                                    ("Moderate", "Moderate"),
                                    ("Minor", "Minor"),
                                ],
                                default="Moderate",
                                max_length=16,
                            ),
                        ),
                        ("active", models.BooleanField(default=True, verbose_name="active warning")),
                        ("is_demo", models.BooleanField(default=False)),
                        (
                            "place",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="geo.place",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_riskpoint",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Volunteer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=160, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("volunteer", "Beach volunteer"),
                                    ("crew", "Rescue crew"),
                                    ("lifeguard", "Lifeguard"),
                                    ("boat_staff", "Tour boat staff"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "organisation",
                            models.CharField(blank=True, max_length=160, verbose_name="organisation"),
                        ),
                        ("phone", models.CharField(blank=True, max_length=32, verbose_name="phone")),
                        ("district", models.CharField(blank=True, max_length=32)),
                        ("is_demo", models.BooleanField(default=False)),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_volunteer",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Training",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "course",
                            models.CharField(
                                choices=[
                                    ("first_aid", "First aid"),
                                    ("cpr", "CPR"),
                                    ("bls", "Basic life support (BLS)"),
                                    ("marine_rescue", "Marine rescue"),
                                ],
                                max_length=16,
                                verbose_name="course",
                            ),
                        ),
                        ("completed_on", models.DateField(verbose_name="completed on")),
                        (
                            "expires_on",
                            models.DateField(blank=True, null=True, verbose_name="certificate expires"),
                        ),
                        ("certificate_no", models.CharField(blank=True, max_length=64)),
                        (
                            "volunteer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="trainings",
                                to="prevention.volunteer",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_training",
                        "ordering": ["expires_on"],
                    },
                ),
                migrations.CreateModel(
                    name="WarningSign",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("installed_on", models.DateField(verbose_name="installed on")),
                        (
                            "languages",
                            models.CharField(default="th,en", max_length=64, verbose_name="languages"),
                        ),
                        (
                            "condition",
                            models.CharField(
                                choices=[
                                    ("good", "Good"),
                                    ("faded", "Faded"),
                                    ("damaged", "Damaged"),
                                    ("missing", "Missing"),
                                ],
                                default="good",
                                max_length=16,
                                verbose_name="condition",
                            ),
                        ),
                        (
                            "photo",
                            models.FileField(blank=True, upload_to="emergency/signs/", verbose_name="photo"),
                        ),
                        (
                            "last_inspected_on",
                            models.DateField(blank=True, null=True, verbose_name="last inspection"),
                        ),
                        ("is_demo", models.BooleanField(default=False)),
                        (
                            "risk_point",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="signs",
                                to="prevention.riskpoint",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_warningsign",
                    },
                ),
                migrations.CreateModel(
                    name="SignInspection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("inspected_on", models.DateField()),
                        (
                            "condition",
                            models.CharField(
                                choices=[
                                    ("good", "Good"),
                                    ("faded", "Faded"),
                                    ("damaged", "Damaged"),
                                    ("missing", "Missing"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=300)),
                        ("inspector", models.CharField(blank=True, max_length=120)),
                        (
                            "sign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="inspections",
                                to="prevention.warningsign",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergency_signinspection",
                        "ordering": ["-inspected_on"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
