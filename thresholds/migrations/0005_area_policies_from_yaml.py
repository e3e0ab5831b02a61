# Areas made before these policies existed take them from areas.yaml: which area purges
# steps not retained, which assessments run the 45-day clock, and Blackpool's three
# override grounds exactly as 001 lists them.

from django.db import migrations


def policies(apps, schema_editor) -> None:
    from thresholds.loader import area_policies_update

    area_policies_update(get_model=apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("thresholds", "0004_level_expects_prior_early_help"),
        ("hub", "0007_area_retention_and_assessment_clock"),
    ]

    operations = [migrations.RunPython(policies, migrations.RunPython.noop)]
