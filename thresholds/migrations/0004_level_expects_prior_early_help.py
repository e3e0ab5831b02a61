from django.db import migrations, models


def flags_from_yaml(apps, schema_editor) -> None:
    from thresholds.loader import level_flags_update

    level_flags_update(get_model=apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("thresholds", "0003_area_postcode_districts")]

    operations = [
        migrations.AddField(
            model_name="level",
            name="expects_prior_early_help",
            field=models.BooleanField(
                default=False,
                help_text="The framework expects an Early Help Assessment (or CAF) before a request at this level.",
            ),
        ),
        migrations.RunPython(flags_from_yaml, migrations.RunPython.noop),
    ]
