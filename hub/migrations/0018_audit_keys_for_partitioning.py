"""The audit table's keys for partitioning by month (migration 0019, decision 0029), built without
stopping the pages that write to it.

- `(reference, at)` replaces `(reference)`: on a partitioned trail, "who has accessed this record"
  asks each month for its rows newest first; with the reference alone the planner walked every
  month's time index backwards looking for it.
- A unique index on `(id, at)`, which becomes the history partition's primary key: a partitioned
  table's unique keys must hold its partition key.
- A CHECK that every row is older than the month after next, validated while writes go on: it
  lets migration 0019 attach the table as its history partition without reading it under lock.
  Two months ahead, so rows written between this migration and the next, even across the turn of
  a month, still pass.

CONCURRENTLY, so each build lets the pages write meanwhile (hence not atomic). Being not atomic, an
interrupted run (a lost connection, a cancelled deploy) leaves what it had done, and `migrate` runs the
whole migration again: each step is safe to repeat. SQLite, for `make run`, only swaps the reference
index.
"""

from django.db import migrations, models

from lib.migration_sql import drop_if_invalid

TABLE = "hub_auditevent"

FORWARD = [
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_reference_at ON {TABLE} (reference, at)",
    "DROP INDEX CONCURRENTLY IF EXISTS audit_reference",
    f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {TABLE}_history_pkey ON {TABLE} (id, at)",
    # A fixed time, worked out once: a CHECK that said now() would move with the clock. One left by an
    # interrupted run is replaced, not kept: PostgreSQL already applies a NOT VALID CHECK to new rows,
    # and an old run's bound may have passed. Without a scan, so this takes its lock only for a moment.
    # Its lock waits at most 10 seconds (then the migration fails and can be run again), not behind a
    # long report with every page's audit write queued behind it; set for this statement alone.
    f"DO $$ BEGIN PERFORM set_config('lock_timeout', '10s', true); "
    f"EXECUTE format('ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {TABLE}_history_before, "
    f"ADD CONSTRAINT {TABLE}_history_before CHECK (at < %L) NOT VALID', "
    "date_trunc('month', now(), 'UTC') + interval '2 months'); END $$",
    # VALIDATE reads every row holding only a lock that lets INSERTs go on.
    f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {TABLE}_history_before",
]
BACKWARD = [
    f"DO $$ BEGIN PERFORM set_config('lock_timeout', '10s', true); "
    f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {TABLE}_history_before; END $$",
    f"DROP INDEX CONCURRENTLY IF EXISTS {TABLE}_history_pkey",
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_reference ON {TABLE} (reference)",
    "DROP INDEX CONCURRENTLY IF EXISTS audit_reference_at",
]


def _drop_if_invalid(schema_editor, statement: str) -> None:
    """The index a `CREATE ... IF NOT EXISTS name` statement builds, dropped first if a failed build
    left it invalid (lib/migration_sql.py)."""
    drop_if_invalid(schema_editor, statement.split(" IF NOT EXISTS ")[1].split()[0])


def _run(statements, sqlite):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                if statement.startswith("CREATE") and " IF NOT EXISTS " in statement:
                    _drop_if_invalid(schema_editor, statement)
                schema_editor.execute(statement, None)
        else:
            for statement in sqlite:
                schema_editor.execute(statement, None)

    return run


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("hub", "0017_audit_no_index_by_object")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(
                    _run(
                        FORWARD,
                        [
                            f"CREATE INDEX audit_reference_at ON {TABLE} (reference, at)",
                            "DROP INDEX audit_reference",
                        ],
                    ),
                    _run(
                        BACKWARD,
                        [
                            f"CREATE INDEX audit_reference ON {TABLE} (reference)",
                            "DROP INDEX audit_reference_at",
                        ],
                    ),
                )
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="auditevent", name="audit_reference"),
                migrations.AddIndex(
                    model_name="auditevent", index=models.Index(fields=["reference", "at"], name="audit_reference_at")
                ),
            ],
        ),
    ]
