from django.db import migrations


def load(apps, schema_editor):
    from thresholds.loader import frameworks_load

    frameworks_load(get_model=apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("thresholds", "0002_load_shipped_frameworks"),
        ("hub", "0004_area_postcode_districts"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
