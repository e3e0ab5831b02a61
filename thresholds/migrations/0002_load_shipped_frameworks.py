from django.db import migrations


def load(apps, schema_editor):
    from thresholds.loader import frameworks_load

    frameworks_load(get_model=apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("thresholds", "0001_initial"),
        ("hub", "0002_area_child_consent_from_age_area_child_consent_test_and_more"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
