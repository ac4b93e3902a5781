"""The prevention registries left the emergency app for the prevention app (issue 17): this app
forgets their models; prevention/migrations/0001_initial.py takes them over with the same tables.
State only: no table is dropped, renamed or changed."""

from django.db import migrations

# Children before their parents, so no state in between has a foreign key to a model it lost.
MOVED = [
    "SignInspection",
    "WarningSign",
    "RiskPoint",
    "AedCheck",
    "Aed",
    "Training",
    "Volunteer",
    "Screening",
    "DrillStep",
    "Drill",
    "SeaWarning",
]


class Migration(migrations.Migration):
    dependencies = [
        ("emergency", "0007_fleet_assignments_to_holds"),
        # The prevention app has the models (in its state) before this app lets them go.
        ("prevention", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        )
    ]
