"""Telling PostgreSQL's planner what we already know about one kind of query.

A record page reads one row by a unique key together with a dozen to-one relations (its area,
framework, consent, people...). PostgreSQL plans such a query by weighing every order of its
joins: for a request page's eleven tables that took 5 to 9 ms, against 0.2 ms to run it. Reading
the row first and then each relation by its primary key, the order Django writes the joins in,
is always the right plan for such a query, so the planner is told to keep that order
(`join_collapse_limit = 1`): 0.8 ms to plan, measured in docs/performance.md, "Eleventh round".
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


@contextmanager
def joins_as_written(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, PostgreSQL joins tables in the order the query names them. Only for reads
    of one row by a unique key with to-one relations; anything else may need the planner's choice.
    Session-wide for the block, then put back as it was (not SET LOCAL, which would last as long as
    a transaction the caller holds open; not RESET, which would undo an enclosing block's)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('join_collapse_limit'), set_config('join_collapse_limit', '1', false)")
        before = cursor.fetchone()[0]
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('join_collapse_limit', %s, false)", [before])
        except DatabaseError:
            # The block failed inside a transaction, which refuses every statement now; rolling it
            # back undoes the setting as well.
            pass
