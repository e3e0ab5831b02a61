"""A query that every page asks, compiled to SQL once per process and then run with each
request's own values in the same places.

Django compiles a queryset on every evaluation. For the queries behind every page (who the person
is, the header's counts) compiling took longer than PostgreSQL took to run them: about 1.4 ms for
the four-part union of a person's standing. Only a person's id and their areas change between
requests, so the SQL is built once for stand-in values that no row has, and each call puts its
own values where the stand-ins were.
"""

from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

# What counts as a list argument (an IN list).
_MANY = (list, tuple, set, frozenset)
# Ids no row has: the stand-ins for each argument (and for each id in a list argument).
_FIRST_STAND_IN = -918_273_000
_PER_ARGUMENT = 1_000


def _stand_ins(values: tuple) -> tuple:
    return tuple(
        [_FIRST_STAND_IN - n * _PER_ARGUMENT - i for i in range(len(value))]
        if isinstance(value, _MANY)
        else _FIRST_STAND_IN - n * _PER_ARGUMENT
        for n, value in enumerate(values)
    )


class CompiledRows:
    """`build(*values)` gives a values_list queryset whose arguments are ids or collections of ids.
    Its SQL is compiled once for each database and each length of its collection arguments (an IN
    list's length is part of its SQL); every stand-in must reach the SQL as a parameter of its own."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._compiled: dict[tuple, tuple[str, list, list]] = {}

    def _compile(self, values: tuple) -> tuple[str, list, list]:
        stand_ins = _stand_ins(values)
        sql, params = self._build(*stand_ins).query.sql_with_params()
        places = {}
        for n, value in enumerate(stand_ins):
            for i, stand_in in enumerate(value if isinstance(value, list) else [value]):
                places[stand_in] = (n, i)
        slots = [places.get(param) if type(param) is int else None for param in params]
        if {slot for slot in slots if slot} != set(places.values()):
            raise AssertionError("a stand-in did not reach the query as a parameter of its own")
        return sql, list(params), slots

    def rows(self, *values) -> list[tuple]:
        values = tuple(sorted(v) if isinstance(v, _MANY) else v for v in values)
        if any(isinstance(v, list) and not v for v in values):
            return list(self._build(*values))  # an empty IN list: Django knows there is nothing to find
        shape = (connection.vendor, *(len(v) if isinstance(v, list) else None for v in values))
        if shape not in self._compiled:
            self._compiled[shape] = self._compile(values)
        sql, params, slots = self._compiled[shape]
        mine = [
            param
            if slot is None
            else (values[slot[0]][slot[1]] if isinstance(values[slot[0]], list) else values[slot[0]])
            for param, slot in zip(params, slots, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, mine)
            return cursor.fetchall()
