"""The plot's location becomes required once 0002 filled it (a separate transaction: PostgreSQL
refuses to alter a table with pending foreign-key checks from the rows 0002 updated)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("farm", "0002_plot_location_assessments"),
        ("geo", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plot",
            name="district",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="farm_plots",
                to="geo.district",
                to_field="code",
                verbose_name="district where the plot lies",
            ),
        ),
        migrations.AlterField(
            model_name="plot",
            name="subdistrict",
            field=models.CharField(max_length=32, verbose_name="subdistrict where the plot lies"),
        ),
    ]
