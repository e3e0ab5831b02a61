# Person and MatchDecision now belong to the children app; their tables stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0001_initial"),
        ("requests_app", "0005_child_person_moves_to_children"),
        ("triage", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="MatchDecision"),
                migrations.DeleteModel(name="Person"),
            ],
            database_operations=[],
        ),
    ]
