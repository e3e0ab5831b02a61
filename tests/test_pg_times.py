"""Times read from PostgreSQL (lib/pg_times.py): psycopg's own loader, and the same values Django's
gave, so nothing that compares, stores or shows a time can tell the difference."""

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

from lib.pg_times import TIMESTAMPTZ, UTCTimesLoader

pytestmark = pytest.mark.django_db

LONDON = dt.timezone(dt.timedelta(hours=1))
TIMES = [
    dt.datetime(2026, 12, 3, 21, 45, 7, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=dt.UTC),  # the clocks go forward at 01:00
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),  # given in another zone
    dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
]


def _read(cursor) -> list[tuple]:
    cursor.execute(
        "SELECT t, date_trunc('day', t) FROM unnest(%s::timestamptz[]) AS u(t)",
        [TIMES],
    )
    return cursor.fetchall()


def test_every_cursor_reads_its_times_with_psycopgs_own_loader() -> None:
    # A cursor's, not only the connection's: Django puts its own back on a cursor whose connection's
    # loader does not say it reads in Django's time zone.
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is UTCTimesLoader


def test_a_server_side_cursor_reads_its_times_with_psycopgs_own_loader_too() -> None:
    # QuerySet.iterator() reads through a named cursor, which Django opens on its own path.
    cursor = connection.chunked_cursor()
    try:
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is UTCTimesLoader
        cursor.execute("SELECT %s::timestamptz", [TIMES[0]])
        assert cursor.fetchall() == [(TIMES[0],)]
    finally:
        cursor.close()


def test_times_come_back_as_the_same_instants_in_utc_as_djangos_own_loader_reads_them() -> None:
    with connection.cursor() as cursor:
        fast = _read(cursor)
    with connection.cursor() as cursor:
        register_tzloader(dt.UTC, cursor.cursor)  # Django's own, on this cursor only
        djangos = _read(cursor)
    assert fast == djangos
    assert [row[0] for row in fast] == TIMES
    assert {value.tzinfo for row in fast for value in row} == {dt.UTC}
    assert all(
        a.utcoffset() == b.utcoffset() for x, y in zip(fast, djangos, strict=True) for a, b in zip(x, y, strict=True)
    )
