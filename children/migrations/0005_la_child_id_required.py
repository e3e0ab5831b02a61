from django.db import migrations, models

import children.models


class Migration(migrations.Migration):
    dependencies = [("children", "0004_episodes_for_existing_requests")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="la_child_id",
            field=models.CharField(
                default=children.models.new_la_child_id,
                editable=False,
                max_length=20,
                unique=True,
                verbose_name="LA child ID",
            ),
        ),
    ]
