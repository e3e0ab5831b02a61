"""Drop the audit's index on (object_type, object_id, at): no question the service asks uses it.

"Who has accessed this record" asks by the request's reference (its own index, `audit_reference`),
which every row about a request carries, a child's page and a list's row included; a reader's
activity asks by (actor, at). The object index was only ever written: for each of a queue page's
fifty rows, one more entry at a place of its own in an index as large as the table's rows, which is
what a write costs more at 20,000,000 rows than on an empty table (docs/performance.md, "Ninth
round"). If a page ever asks by object, add it back with CREATE INDEX CONCURRENTLY.
"""

from django.db import migrations

TABLE = "hub_auditevent"
NAME = "hub_auditev_object__c8b448_idx"


def _forward(apps, schema_editor):
    # CONCURRENTLY: a plain DROP INDEX would lock the table every page writes to until it finished.
    postgres = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(f'DROP INDEX {"CONCURRENTLY " if postgres else ""}IF EXISTS "{NAME}"')


def _backward(apps, schema_editor):
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{NAME}" ON {TABLE} (object_type, object_id, at)')


class Migration(migrations.Migration):
    atomic = False  # DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("hub", "0016_audit_stamp_only_when_needed")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(_forward, _backward)],
            state_operations=[migrations.RemoveIndex(model_name="auditevent", name=NAME)],
        ),
    ]
