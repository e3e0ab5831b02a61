"""SQL that only PostgreSQL runs, for migrations: triggers, trigram indexes and indexes built
concurrently. SQLite, which `make run` uses, keeps plain tables without the first two."""


def on_postgresql(sql: str):
    """A RunPython function that executes `sql` on PostgreSQL and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # None: the SQL's % is not a placeholder

    return run


def drop_if_invalid(schema_editor, index: str) -> None:
    """Before `CREATE INDEX CONCURRENTLY IF NOT EXISTS`: a concurrent build that failed leaves its
    index behind, marked invalid, which IF NOT EXISTS would keep. Such an index is dropped, to be
    built again."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [index])
        invalid = cursor.fetchone()
    if invalid and invalid[0]:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {index}", None)
