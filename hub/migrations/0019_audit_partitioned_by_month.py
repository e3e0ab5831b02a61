"""The audit trail becomes a table partitioned by month (docs/decisions/0029).

Every page writes here, and each row's index entries descend trees as deep as the whole trail:
at 20,000,000 rows a queue page's fifty rows cost a third more than on an empty table
(docs/performance.md, "Tenth round"). Partitioned by month, a write only touches the current
month's small, cached trees, and a retention policy can one day drop a month instead of
deleting rows.

Nothing is copied, and nothing is read or built under the lock: migration 0018 built the keys
and validated the CHECK while the pages went on writing. The table as it stands becomes the first
partition, `hub_auditevent_history`, bounded by that CHECK (the month after next, when 0018 ran;
this month, on a new installation with no rows yet). The new parent takes the table's name,
indexes, foreign key, identity (continuing its numbers) and triggers, and adopts the history's
indexes rather than building them. Each later month has a partition of its own, created ahead by
`hub_audit_partitions_ensure` (SECURITY DEFINER, so the app's role can ask for next month's
partition without owning anything; hub/audit_partitions.py runs it daily). Should nobody run it,
rows fall into `hub_auditevent_default` and nothing is lost.

The primary key becomes (id, at), as PostgreSQL requires of a partitioned table's unique keys;
ids still come from one sequence. `at` is now the database's DEFAULT now(), so a row is routed
by the database's clock: the stamping trigger, which fires after routing, would otherwise move
a row stamped by a web server a moment before midnight on the last of the month, which
PostgreSQL refuses.
"""

from django.db import migrations, models

from lib.db_time import TransactionNow

TABLE = "hub_auditevent"
HISTORY = "hub_auditevent_history"
DEFAULT = "hub_auditevent_default"
MONTHS_AHEAD = 3
# How long to wait for the table's lock before giving up (the migration then fails and can simply be
# run again). Waiting longer would hold every page's audit write in the queue behind it.
LOCK_WAIT = "10s"

NO_TRUNCATE = (
    "CREATE TRIGGER hub_auditevent_no_truncate BEFORE TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION public.hub_audit_append_only()"
)
# The row triggers of migrations 0009 and 0016, on the parent: PostgreSQL clones them onto every
# partition, present and future. Statement triggers are not cloned, hence NO_TRUNCATE on each.
ROW_TRIGGERS = f"""
CREATE TRIGGER hub_auditevent_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION hub_audit_append_only();
CREATE TRIGGER hub_auditevent_stamp
    BEFORE INSERT ON {TABLE}
    FOR EACH ROW
    WHEN (NEW.at IS DISTINCT FROM pg_catalog.now())
    EXECUTE FUNCTION hub_audit_stamp();
"""

# It runs as the owner, so it trusts no schema the caller can write: pg_temp comes last (PostgreSQL
# would otherwise look there first for a type, where the caller could plant a domain whose check runs
# as the owner), and every table and function it names is qualified with public.
# Month partitions are named and bounded in UTC, so every session agrees where a month ends.
# At most two years ahead, whatever the caller asks. A month another partition already covers
# (the history), or whose rows already sit in the default partition, is left where it is.
ENSURE = f"""
CREATE OR REPLACE FUNCTION hub_audit_partitions_ensure(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp SET timezone = 'UTC' SET lock_timeout = '5s' AS $$
DECLARE
    this_month timestamptz := date_trunc('month', now());
    starts timestamptz;
    name text;
    created integer := 0;
BEGIN
    FOR ahead IN 0 .. least(greatest(months_ahead, 0), 24) LOOP
        starts := this_month + make_interval(months => ahead);
        name := '{TABLE}_' || to_char(starts, 'YYYY_MM');
        CONTINUE WHEN to_regclass('public.' || quote_ident(name)) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE public.%I PARTITION OF public.{TABLE} FOR VALUES FROM (%L) TO (%L)',
                           name, starts, starts + interval '1 month');
            EXECUTE format('{NO_TRUNCATE.format(table="public.%I")}', name);
            EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC', name);
            created := created + 1;
        EXCEPTION WHEN invalid_object_definition OR check_violation THEN
            NULL;
        END;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION hub_audit_partitions_ensure(integer) FROM PUBLIC;
"""  # noqa: S608 - the names are this module's; the function quotes its own with %I


def _rows(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchall()


def _indexes_and_keys(cursor) -> tuple[list, list]:
    """The table's indexes but its primary keys (both made separately), and its foreign keys: names
    and definitions, to make again on the table that takes its place."""
    indexes = _rows(
        cursor,
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s AND indexname NOT IN (%s, %s)",
        [TABLE, f"{TABLE}_pkey", f"{HISTORY}_pkey"],
    )
    keys = _rows(
        cursor,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [TABLE],
    )
    return indexes, keys


def _grants(cursor) -> list[tuple[str, str]]:
    """Who but the owner may do what to the table (the app's role, which migrate's role sync granted):
    the table that takes its place is granted the same at once, or the pages' audit writes would be
    refused from this migration's commit until the role sync at the end of migrate."""
    return _rows(
        cursor,
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, "
        "string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) "
        "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.oid = %s::regclass AND a.grantee <> c.relowner GROUP BY 1",
        [TABLE],
    )


def _lock(cursor) -> None:
    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
    cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")


def _lock_first(apps, schema_editor):
    """Forward, the column's new default is the first change to need the table's lock: take it here,
    with the bounded wait. (Backward, _flatten runs first and takes it itself.)"""
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _lock(cursor)


def _partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite, for `make run`, keeps one plain table
    with schema_editor.connection.cursor() as cursor:
        # Catalogue changes only, but for the slow path below: the rows are not read, the indexes not built.
        _lock(cursor)
        [(next_id, empty)] = _rows(
            cursor,
            f"SELECT nextval(pg_get_serial_sequence('{TABLE}', 'id')), NOT EXISTS (SELECT FROM {TABLE})",  # noqa: S608
        )
        checked = _rows(
            cursor,
            "SELECT (regexp_match(pg_get_constraintdef(oid), $re$'([^']+)'$re$))[1]::timestamptz "
            "FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
            [TABLE, f"{HISTORY}_before"],
        )
        if empty or not checked:
            # A new installation (or a test run): this month already gets its own partition. Without
            # 0018's CHECK (this migration reversed alone, then run again), it is made here, reading
            # the rows under the lock: the slow path, which a plain `migrate` never takes.
            [(bound,)] = _rows(
                cursor,
                f"SELECT greatest(date_trunc('month', now(), 'UTC'), "  # noqa: S608
                f"(SELECT date_trunc('month', max(at), 'UTC') + interval '1 month' FROM {TABLE}))",
            )
            cursor.execute(
                f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {HISTORY}_before, "
                f"ADD CONSTRAINT {HISTORY}_before CHECK (at < %s)",
                [bound],
            )
        else:
            [(bound,)] = checked
        indexes, keys = _indexes_and_keys(cursor)
        grants = _grants(cursor)
        # The table as it is becomes the history partition: its row triggers give way to the
        # parent's clones; its statement trigger (no TRUNCATE) stays.
        cursor.execute(
            f"DROP TRIGGER hub_auditevent_append_only ON {TABLE}; DROP TRIGGER hub_auditevent_stamp ON {TABLE}"
        )
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {HISTORY}")
        for name, _ in indexes:
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{HISTORY}_{name}"')
        cursor.execute(f"ALTER TABLE {HISTORY} ALTER COLUMN id DROP IDENTITY")
        # Its primary key becomes (id, at), by the unique index migration 0018 built.
        cursor.execute(
            f"ALTER TABLE {HISTORY} DROP CONSTRAINT {TABLE}_pkey, "
            f"ADD CONSTRAINT {HISTORY}_pkey PRIMARY KEY USING INDEX {HISTORY}_pkey"
        )
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE {HISTORY} INCLUDING DEFAULTS) PARTITION BY RANGE (at)")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH {next_id:d})"
        )
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, at)")
        for _, definition in indexes:
            cursor.execute(definition)  # the same name, now on the parent
        for name, definition in keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(ROW_TRIGGERS + NO_TRUNCATE.format(table=TABLE))
        # The CHECK proves the bound, so attaching reads no rows; the history's indexes and
        # foreign key match the parent's and are adopted, not built again.
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {HISTORY} FOR VALUES FROM (MINVALUE) TO (%s)", [bound])
        cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT; " + NO_TRUNCATE.format(table=DEFAULT))
        for grantee, privileges in grants:
            # The parent takes the table's grants; the history, now reached only through it, loses them.
            cursor.execute(f"GRANT {privileges} ON {TABLE} TO {grantee}; REVOKE ALL ON {HISTORY} FROM {grantee}")
        cursor.execute(
            f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC; REVOKE ALL ON {HISTORY}, {DEFAULT} FROM PUBLIC"
        )
        cursor.execute(ENSURE)
        cursor.execute("SELECT hub_audit_partitions_ensure(%s)", [MONTHS_AHEAD])


def _flatten(apps, schema_editor):
    """Back to one plain table: every row copied, in a table with the keys of migration 0017."""
    if schema_editor.connection.vendor != "postgresql":
        return
    flat = f"{TABLE}_flat"
    with schema_editor.connection.cursor() as cursor:
        _lock(cursor)
        indexes, keys = _indexes_and_keys(cursor)
        grants = _grants(cursor)
        [(next_id,)] = _rows(cursor, f"SELECT nextval(pg_get_serial_sequence('{TABLE}', 'id'))")
        cursor.execute(f"CREATE TABLE {flat} (LIKE {TABLE} INCLUDING DEFAULTS)")
        cursor.execute(f"ALTER TABLE {flat} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        cursor.execute(f"INSERT INTO {flat} SELECT * FROM {TABLE}")  # noqa: S608 - names from this module
        cursor.execute(f"DROP TABLE {TABLE} CASCADE; DROP FUNCTION hub_audit_partitions_ensure(integer)")
        cursor.execute(f"ALTER TABLE {flat} RENAME TO {TABLE}")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH {next_id:d})"
        )
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
        # As migration 0018 left it, but without its CHECK: left in place, it would refuse every row
        # from the month after next should the table stay unpartitioned (forward again, this
        # migration makes it anew).
        cursor.execute(f"CREATE UNIQUE INDEX {HISTORY}_pkey ON {TABLE} (id, at)")
        for _, definition in indexes:
            cursor.execute(definition.replace(" ON ONLY ", " ON "))
        for name, definition in keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(ROW_TRIGGERS + NO_TRUNCATE.format(table=TABLE))
        for grantee, privileges in grants:
            cursor.execute(f"GRANT {privileges} ON {TABLE} TO {grantee}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC")


class Migration(migrations.Migration):
    dependencies = [("hub", "0018_audit_keys_for_partitioning")]

    operations = [
        migrations.RunPython(_lock_first, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_default=TransactionNow(), db_index=True, editable=False),
        ),
        migrations.RunPython(_partition, _flatten),
    ]
