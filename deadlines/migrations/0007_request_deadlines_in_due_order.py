from django.db import migrations, models

from lib.migration_sql import drop_if_invalid

TABLE = "deadlines_deadline"
NEW = f"deadline_request_due ON {TABLE} (request_id, due_at) WHERE request_id IS NOT NULL"
OLD = f"deadline_request_kind ON {TABLE} (request_id, kind) WHERE request_id IS NOT NULL"


def _swap(build: str, drop: str):
    """Build one index, then drop the other. On PostgreSQL both CONCURRENTLY: the sweep writes to
    this table every minute, and a plain build would hold its writes until it finished."""
    built, dropped = build.split()[0], drop.split()[0]

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            drop_if_invalid(schema_editor, built)
            schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {build}", None)
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {dropped}", None)
        else:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {build}", None)
            schema_editor.execute(f"DROP INDEX IF EXISTS {dropped}", None)

    return run


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("deadlines", "0006_partial_link_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(_swap(NEW, OLD), _swap(OLD, NEW))],
            state_operations=[
                migrations.RemoveIndex(model_name="deadline", name="deadline_request_kind"),
                migrations.AddIndex(
                    model_name="deadline",
                    index=models.Index(
                        condition=models.Q(("request__isnull", False)),
                        fields=["request", "due_at"],
                        name="deadline_request_due",
                    ),
                ),
            ],
        )
    ]
