"""SQL that only PostgreSQL runs, for migrations: triggers and trigram indexes. SQLite, which
`make run` uses, keeps plain tables without them."""


def on_postgresql(sql: str):
    """A RunPython function that executes `sql` on PostgreSQL and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # None: the SQL's % is not a placeholder

    return run
