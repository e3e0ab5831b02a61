"""PostgreSQL's times read by psycopg's own loader, not by Django's wrapper around its Python one.

Django reads every `timestamp with time zone` through a loader of its own (`BaseTzLoader` in
django/db/backends/postgresql/psycopg_any.py), a subclass of psycopg's pure-Python loader that
parses the text and then sets the time zone Django expects. psycopg's compiled loader (psycopg-binary)
parses it far faster: a deadline sweep's thousand rows, one time each, took 11.9 ms to read with
Django's and 1.6 to 1.9 ms with psycopg's (docs/performance.md, "Twelfth round"; decision 0031).

psycopg's loader gives each time the session's time zone, and Django sets the session's to UTC
whenever its own is UTC (USE_TZ with no TIME_ZONE for the database), so the two give the same
value. Only then is it used; otherwise Django's stays.
"""

import datetime as dt

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
# The loader psycopg itself registers: the compiled one when psycopg-binary (or psycopg-c) is installed.
_NATIVE = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


class UTCTimesLoader(Loader):
    """psycopg's own loader for a session in UTC. It cannot be subclassed (it is compiled), so each
    instance hands on the native instance's `load`. `timezone` is what Django checks, on each cursor
    it opens, to decide whether to put its own loader back (DatabaseWrapper.create_cursor)."""

    timezone = dt.UTC

    def __init__(self, oid: int, context=None) -> None:
        super().__init__(oid, context)
        self._native = _NATIVE(oid, context)
        # Found on the instance, the native `load` is called directly, without a call through Python.
        self.load = self._native.load

    def load(self, data):
        return self._native.load(data)


def times_read_natively(sender, connection, **kwargs) -> None:
    """connection_created: read this connection's times with psycopg's loader, where Django's and
    the session's time zone are both UTC."""
    if connection.vendor != "postgresql" or connection.timezone != dt.UTC:
        return
    if connection.connection.info.parameter_status("TimeZone") != "UTC":
        return  # Django sets it before this signal; a session that is not in UTC keeps Django's loader
    connection.connection.adapters.register_loader(TIMESTAMPTZ, UTCTimesLoader)
