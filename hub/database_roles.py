"""The application's own PostgreSQL role, which does not own the tables.

Migrations run as the owner. The web app, the worker and beat connect as a
second role that may read and write ordinary tables but may only SELECT and
INSERT audit rows, so neither a bug nor an attacker with the app's credentials
can rewrite who saw a child's record (docs/decisions/0009). The migration that
adds the audit trigger is the second lock: it refuses UPDATE, DELETE and
TRUNCATE from anyone but the owner, should a grant ever be widened by mistake.

`database_app_role_sync` runs after every migrate when DATABASE_APP_ROLE is set:
docker-compose's migrate service and the test session both go through it.
"""

from django.db import connections
from psycopg import sql

AUDIT_TABLE = "hub_auditevent"


def database_app_role_sync(*, role: str, password: str = "", using: str = "default") -> None:
    """Create the role if missing, then grant it exactly what the app needs."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not role:
        return
    name = sql.Identifier(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        verb = "CREATE" if cursor.fetchone() is None else "ALTER"
        # ALTER too, so a changed password in the environment takes effect on the next migrate.
        cursor.execute(
            sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
                name, sql.Literal(password or None)
            )
        )
        database = sql.Identifier(connection.settings_dict["NAME"])
        for statement in (
            "GRANT CONNECT ON DATABASE {database} TO {role}",
            "GRANT USAGE ON SCHEMA public TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            f"REVOKE UPDATE, DELETE, TRUNCATE ON {AUDIT_TABLE} FROM {{role}}, PUBLIC",
            # Marking a migration applied, or creating objects, is the owner's business.
            "REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {role}",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        ):
            cursor.execute(sql.SQL(statement).format(role=name, database=database))
        # The audit's month partitions (migration 0019) are reached only through the table itself,
        # whose grants PostgreSQL checks; "ALL TABLES" above also granted each partition directly.
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = to_regclass(%s)", [AUDIT_TABLE]
        )
        for (partition,) in cursor.fetchall():
            cursor.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(partition), name))
        # Asking for next month's partition ahead of time is all the app's role may do to the
        # table's shape (hub/audit_partitions.py).
        cursor.execute("SELECT to_regprocedure('hub_audit_partitions_ensure(integer)') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute(sql.SQL("GRANT EXECUTE ON FUNCTION hub_audit_partitions_ensure(integer) TO {}").format(name))
