# Give the moved tables this app's names. Foreign keys that point at them
# follow the rename in both PostgreSQL and SQLite.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0001_initial"),
        ("triage", "0002_person_and_match_decision_move_to_children"),
    ]

    operations = [
        migrations.AlterModelTable(name="person", table=None),
        migrations.AlterModelTable(name="matchdecision", table=None),
    ]
