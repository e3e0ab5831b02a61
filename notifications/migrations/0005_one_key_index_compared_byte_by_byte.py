"""The outbox's keys in one unique index compared byte by byte, which also serves the approvals'
prefix LIKE, so the partial index kept for that goes (decision 0039).

On PostgreSQL the new index is built CONCURRENTLY under another name and takes the old one's name
once the old constraint is dropped: a plain rebuild would hold the outbox's lock, and with it every
signed-in page's unread count and every write of mail, until it finished. Each step checks what is
already there, so a run that failed part way can be run again."""

from django.db import migrations, models

from lib.migration_sql import drop_if_invalid

TABLE = "notifications_notification"
NAME = "notification_dedupe_key_unique"
BUILDING = "notification_dedupe_key_building"
APPROVALS = "notification_approval_key"

OLD_KEY = models.UniqueConstraint(fields=["dedupe_key"], name=NAME)
NEW_KEY = models.UniqueConstraint(fields=["dedupe_key"], name=NAME, opclasses=["varchar_pattern_ops"])
APPROVAL_INDEX = models.Index(
    fields=["dedupe_key"],
    name=APPROVALS,
    opclasses=["varchar_pattern_ops"],
    condition=models.Q(dedupe_key__startswith="approval:"),
)


def _is_constraint(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s AND conrelid = %s::regclass", [NAME, TABLE])
        return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        # SQLite (`make run`) has no operator classes: its unique index on the key stays as it is.
        schema_editor.execute(f"DROP INDEX IF EXISTS {APPROVALS}", None)
        return
    if _is_constraint(schema_editor):
        drop_if_invalid(schema_editor, BUILDING)
        schema_editor.execute(
            f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {BUILDING} ON {TABLE} (dedupe_key varchar_pattern_ops)",
            None,
        )
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {NAME}", None)
    schema_editor.execute(f"ALTER INDEX IF EXISTS {BUILDING} RENAME TO {NAME}", None)
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {APPROVALS}", None)


def backwards(apps, schema_editor):
    """Back to the constraint and the partial index, built the ordinary way: rarely run."""
    model = apps.get_model("notifications", "Notification")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(model, NEW_KEY)
        schema_editor.add_constraint(model, OLD_KEY)
    schema_editor.add_index(model, APPROVAL_INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [
        ("notifications", "0004_approval_key_prefix_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.RemoveConstraint(model_name="notification", name=NAME),
                migrations.RemoveIndex(model_name="notification", name=APPROVALS),
                migrations.AddConstraint(model_name="notification", constraint=NEW_KEY),
            ],
        )
    ]
