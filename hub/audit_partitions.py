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
# The parent table's name and an underscore; each month's partition adds its YYYY_MM (migration hub/0019).
PARTITION_PREFIX = "hub_auditevent_"


def audit_partitions_ensure(*, months_ahead: int = MONTHS_AHEAD) -> int:
    """Create this month's and the coming months' partitions that are missing; how many were made."""
    if connection.vendor != "postgresql":
        return 0  # SQLite (`make run`) keeps one plain table
    with connection.cursor() as cursor:
        cursor.execute("SELECT hub_audit_partitions_ensure(%s)", [months_ahead])
        return cursor.fetchone()[0]


def audit_partitions_missing(*, at: dt.datetime | None = None) -> list[str] | None:
    """This month's and next month's partitions that are not there, by the months they would hold
    ("January 2027"); None on SQLite, which keeps one plain table. A month without its partition
    sends its rows to the default partition, and once that holds a month's rows the month's
    partition can no longer be made (the database refuses, and `hub_audit_partitions_ensure` skips
    it): /healthz says so while there is still time."""
    if connection.vendor != "postgresql":
        return None
    # The partitions are named by the month in UTC, as the database function names them.
    this_month = (at or timezone.now()).astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    months = [this_month, (this_month + dt.timedelta(days=32)).replace(day=1)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m, to_regclass(%s || m) IS NULL FROM unnest(%s::text[]) AS m",
            [PARTITION_PREFIX, [f"{month:%Y_%m}" for month in months]],
        )
        missing = {name for name, absent in cursor.fetchall() if absent}
    return [f"{month:%B %Y}" for month in months if f"{month:%Y_%m}" in missing]
