"""The audit trail's month partitions, created ahead of the months they hold (decision 0029).

The database function `hub_audit_partitions_ensure` (migration hub/0019) does the work as the
tables' owner; the app's role may only call it. Beat runs it daily, so a month's partition exists
weeks before its first row. Were it never run, the rows would go to the default partition: slower
to write at scale, but nothing refused and nothing lost.
"""

from django.db import connection

# Three months ahead: a scheduler stopped over a long holiday still finds next month in place.
MONTHS_AHEAD = 3


def audit_partitions_ensure(*, months_ahead: int = MONTHS_AHEAD) -> int:
    """Create this month's and the coming months' partitions that are missing; how many were made."""
    if connection.vendor != "postgresql":
        return 0  # SQLite (`make run`) keeps one plain table
    with connection.cursor() as cursor:
        cursor.execute("SELECT hub_audit_partitions_ensure(%s)", [months_ahead])
        return cursor.fetchone()[0]
