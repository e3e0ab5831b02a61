# The child's person record now lives in the children app (same table).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0001_initial"),
        ("requests_app", "0004_queue_closed_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="child",
                    name="person",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="children",
                        to="children.person",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
