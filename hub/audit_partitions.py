"""The audit trail's month partitions, created ahead of the months they hold (decision 0029).

The database function `hub_audit_partitions_ensure` (migration hub/0019) does the work as the
tables' owner; the app's role may only call it. Beat runs it daily, so a month's partition exists
weeks before its first row. Were it never run, the rows would go to the default partition: slower
to write at scale, but nothing refused and nothing lost.
"""

import datetime as dt

from django.db import connection
from django.utils import timezone

# Three months ahead: a scheduler stopped over a long holiday still finds next month in place.
MONTHS_AHEAD = 3


def audit_partitions_ensure(*, months_ahead: int = MONTHS_AHEAD) -> int:
    """Create this month's and the coming months' partitions that are missing; how many were made."""
    if connection.vendor != "postgresql":
        return 0  # SQLite (`make run`) keeps one plain table
    with connection.cursor() as cursor:
        cursor.execute("SELECT hub_audit_partitions_ensure(%s)", [months_ahead])
        return cursor.fetchone()[0]


def audit_partitions_missing(*, at: dt.datetime | None = None) -> list[str] | None:
    """This month and next month, if no partition of the audit table holds them, by name ("January
    2027"); None on SQLite, which keeps one plain table. A month without a partition sends its rows
    to the default partition, and once that holds a month's rows the month's own partition can no
    longer be made (the database refuses, and `hub_audit_partitions_ensure` skips it): /healthz says
    so while there is still time. A month counts as held by any partition whose range covers it,
    not only one named for it: an installation that had rows before partitioning keeps them in
    `hub_auditevent_history`, whose range runs to the start of the month after next (migration 0019)."""
    if connection.vendor != "postgresql":
        return None
    # Months start at midnight UTC, as the database function makes them.
    this_month = (at or timezone.now()).astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    months = [this_month, (this_month + dt.timedelta(days=32)).replace(day=1)]
    with connection.cursor() as cursor:
        cursor.execute(_MONTHS_UNHELD, [months])
        unheld = {month for (month,) in cursor.fetchall()}
    return [f"{month:%B %Y}" for month in months if month in unheld]


# Each partition's range as PostgreSQL prints it, "FOR VALUES FROM ('2026-12-01 00:00:00+00') TO
# (...)", or MINVALUE/MAXVALUE at an open end; the default partition ("DEFAULT") holds no month.
_MONTHS_UNHELD = r"""
WITH ranges AS (
    SELECT r[1] AS low, r[2] AS high
    FROM pg_inherits AS i
    JOIN pg_class AS c ON c.oid = i.inhrelid
    CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), $re$FROM \((.+)\) TO \((.+)\)$re$) AS r
    WHERE i.inhparent = to_regclass('public.hub_auditevent') AND r IS NOT NULL
)
SELECT m FROM unnest(%s::timestamptz[]) AS m
WHERE NOT EXISTS (
    SELECT FROM ranges
    WHERE (low = 'MINVALUE' OR m >= btrim(low, $q$'$q$)::timestamptz)
      AND (high = 'MAXVALUE' OR m < btrim(high, $q$'$q$)::timestamptz)
)
"""
