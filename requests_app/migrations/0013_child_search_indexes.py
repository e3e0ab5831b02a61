"""Index the queue's search (triage.worklist.search_matching, issue 15).

A date of birth is found through a b-tree on date_of_birth alone: the older
(last_name, date_of_birth) index cannot serve `date_of_birth = x`.

A name is found with `icontains`, which PostgreSQL receives as
`UPPER("requests_app_child"."last_name"::text) LIKE UPPER('%x%')`: no b-tree
serves a leading wildcard, so each name gets a GIN trigram index on exactly that
expression. pg_trgm is a trusted extension, so the database's owner may create
it. SQLite (the development database) has neither, and scans its few rows.
"""

from django.db import migrations, models

from lib.migration_sql import on_postgresql

TRIGRAMS = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS child_last_name_trgm
    ON requests_app_child USING gin (UPPER(last_name::text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS child_first_name_trgm
    ON requests_app_child USING gin (UPPER(first_name::text) gin_trgm_ops);
"""

# The extension stays: dropping it would break anything else that came to use it.
NO_TRIGRAMS = """
DROP INDEX IF EXISTS child_last_name_trgm;
DROP INDEX IF EXISTS child_first_name_trgm;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0008_step_down"),
        ("requests_app", "0012_long_emails_and_idempotency"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["date_of_birth"], name="child_date_of_birth"),
        ),
        migrations.RunPython(on_postgresql(TRIGRAMS), on_postgresql(NO_TRIGRAMS)),
    ]
