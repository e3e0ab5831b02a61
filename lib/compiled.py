"""Queries that every page asks, compiled to SQL once per process and then run with each
request's own values in the same places.

Django compiles a queryset on every evaluation. For the queries behind every page (who the person
is, the header's counts, the queue's rows) compiling took longer than PostgreSQL took to run them:
about 1.4 ms for the four-part union of a person's standing, 2.4 ms for the queue's page. Only a
few values change between requests (a person's id, their areas, today's date, a slug), so the SQL
is built once for stand-in values that no row has, and each call puts its own values where the
stand-ins were.

A query asked with ids alone (who a person is, the header's counts) can also be planned once per
connection: `CompiledRows(build, prepared=True)` (decision 0033).
"""

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet
from django_fsm import FSMFieldMixin

# Stand-ins no row has, one for each argument (and for each id in a list argument), in two sets:
# the query is compiled with each, and only the parameters in the stand-ins' places may differ.
_FIRST_STAND_IN = (-918_273_000, -827_364_000)
_PER_ARGUMENT = 1_000  # so a list argument holds fewer ids than this


def _stand_in(n: int, value, second: bool):
    """A value of `value`'s type that no row holds and no query writes as a constant."""
    if isinstance(value, bool) or value is None:
        raise TypeError("a compiled query's values are ids, text, dates or times, never a flag or None")
    if isinstance(value, int):
        return _FIRST_STAND_IN[second] - n * _PER_ARGUMENT
    if isinstance(value, str):
        # With LIKE's three special characters, so that a lookup which escapes its text on the way
        # (SQLite's iexact) changes the stand-in and is refused, not compiled with the text unescaped.
        return f"\x1fstand-in {n}{'b' if second else 'a'} %_\\\x1f"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # the ORM would read it in the service's zone, the database in UTC
            raise TypeError("a compiled query's times must be aware")
        return dt.datetime(1001 + n + 500 * second, 1, 1, tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.date(1001 + n + 500 * second, 1, 1)
    raise TypeError(f"a compiled query cannot take a {type(value).__name__}")


def _stand_ins(values: tuple, second: bool = False) -> tuple:
    for value in values:
        if isinstance(value, list) and len(value) >= _PER_ARGUMENT:
            raise ValueError(f"a compiled query's list holds fewer than {_PER_ARGUMENT:,} ids")
    return tuple(
        [_FIRST_STAND_IN[second] - n * _PER_ARGUMENT - i for i in range(len(value))]
        if isinstance(value, list)
        else _stand_in(n, value, second)
        for n, value in enumerate(values)
    )


def _as_sent(value):
    """A value as Django hands it to the database driver (SQLite takes dates and times as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


class CompiledRows:
    """`build(*values)` gives a values_list queryset whose arguments are ids, lists of ids, text,
    dates or times. Its SQL is compiled once for each database and each length of its list
    arguments (an IN list's length is part of its SQL), below a thousand ids (the ORM answers for
    more); every stand-in must reach the SQL as a parameter of its own. `rows(..., limit=, offset=)`
    cuts a page without compiling again, unless the query is sliced or locks its rows (a sweep's
    claim, `select_for_update()[:batch]`): then it is run as built."""

    def __init__(self, build: Callable[..., QuerySet], *, prepared: bool = False) -> None:
        self._build = build
        self._compiled: dict[tuple, tuple[str, list, list]] = {}
        self._cut_by_query = False
        self._prepared = prepared

    def _compile(self, values: tuple) -> tuple[str, list, list]:
        """The SQL and parameters for the first set of stand-ins, and which value goes in each slot.
        Compiled again for the second set, the SQL must be the same and the parameters may differ
        only where a stand-in is: a value worked out from an argument (a day later, its date) would
        otherwise be kept, as the first caller's, for everyone after."""
        compiled = []
        for second in (False, True):
            stand_ins = _stand_ins(values, second)
            query = self._build(*stand_ins).query
            # A query that cuts itself (a fixed slice) already has its LIMIT, and one that locks its rows
            # must lock exactly the rows it limits: each is run as built, and rows(limit=, offset=)
            # cuts only a query that does neither.
            self._cut_by_query = query.is_sliced or bool(query.select_for_update)
            sql, params = query.sql_with_params()
            places = {}
            for n, value in enumerate(stand_ins):
                for i, stand_in in enumerate(value if isinstance(value, list) else [value]):
                    places[_as_sent(stand_in)] = (n, i)
            slots = [places.get(p) if type(p) in (int, str, dt.date, dt.datetime) else None for p in params]
            if {slot for slot in slots if slot} != set(places.values()):
                raise AssertionError("a stand-in did not reach the query as a parameter of its own")
            compiled.append((sql, list(params), slots))
        (sql, params, slots), (other_sql, other_params, other_slots) = compiled
        unchanged = [p for p, slot in zip(params, slots, strict=True) if slot is None]
        if (
            other_sql != sql
            or other_slots != slots
            or unchanged != [p for p, slot in zip(other_params, other_slots, strict=True) if slot is None]
        ):
            raise AssertionError("a value reached the query other than as itself (worked out from an argument?)")
        if self._prepared and connection.vendor == "postgresql":
            sql = _constants_written(sql, params, slots)
            params, slots = [None] * sum(map(bool, slots)), [slot for slot in slots if slot]
        return sql, params, slots

    def _sql(self, values: tuple) -> tuple[str, list] | None:
        """The SQL and its parameters for these values; None where only the ORM can answer."""
        if any(isinstance(v, list) and not v for v in values):
            return None  # an empty IN list: Django knows there is nothing to find
        if any(isinstance(v, list) and len(v) >= _PER_ARGUMENT for v in values):
            return None  # more ids than the stand-ins leave room for, and a rare shape: the ORM's
        shape = (connection.vendor, *(len(v) if isinstance(v, list) else type(v) for v in values))
        if shape not in self._compiled:
            self._compiled[shape] = self._compile(values)
        sql, params, slots = self._compiled[shape]
        return sql, [
            param
            if slot is None
            else _as_sent(values[slot[0]][slot[1]] if isinstance(values[slot[0]], list) else values[slot[0]])
            for param, slot in zip(params, slots, strict=True)
        ]

    def rows(self, *values, limit: int | None = None, offset: int = 0) -> list[tuple]:
        values = _normalised(values)
        if self._prepared and not all(_an_id(v) or (isinstance(v, list) and all(map(_an_id, v))) for v in values):
            # A plan made once for any value is only as good as a plan made for each where every value
            # is an id compared for equality: for a date or a text the first is a guess at how many match.
            raise TypeError("a prepared query takes ids and lists of ids only")
        compiled = self._sql(values)
        if compiled is None:
            return list(_cut(self._build(*values), limit, offset))
        sql, params = compiled
        if limit is not None and self._cut_by_query:
            raise AssertionError("this query cuts or locks its own rows: it takes no further limit")
        if limit is not None and self._prepared:
            raise AssertionError("a prepared query is planned whole: it takes no limit")
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, int(limit), int(offset)]
        with (
            server_bound_cursor()
            if self._prepared and connection.vendor == "postgresql"
            else connection.cursor() as cursor
        ):
            cursor.execute(sql, params)
            return cursor.fetchall()


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PLACEHOLDER = re.compile(r"(%%|%s)")  # "%%" first: a percent sign written in the SQL, not a placeholder


def _constants_written(sql: str, params: list, slots: list) -> str:
    """The SQL with each parameter that is the same on every call written in as the literal Django's
    client-side binding would send (the same text every other query is planned from), and a
    placeholder only where a call's own value goes. The plan PostgreSQL keeps for the statement then
    knows every constant: the statuses counted, the permission's name."""
    values = iter(zip(params, slots, strict=True))
    written = []
    for part in _PLACEHOLDER.split(sql):
        if part != "%s":
            written.append(part)
            continue
        param, slot = next(values)
        written.append("%s" if slot else connection.ops.compose_sql("%s", [param]).replace("%", "%%"))
    return "".join(written)


def statements_prepared(sender, connection, **kwargs) -> None:
    """connection_created: with DATABASE_PREPARED_STATEMENTS, psycopg prepares a server-bound statement
    the first time it runs (Django leaves preparing off). Only `CompiledRows(prepared=True)` binds on the
    server; Django's own cursors never prepare, whatever the threshold."""
    if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS:
        connection.connection.prepare_threshold = 0


def server_bound_cursor(cursor_class: type | None = None):
    """A cursor, wrapped by Django as any other (query logs, execute wrappers, errors), that binds its
    values on the server, so that psycopg prepares the statement once per connection and PostgreSQL
    plans it once (`statements_prepared`). Django's own cursors bind on the client and never prepare.
    `cursor_class`, a psycopg cursor that binds on the server, for another way of sending (a
    submission's INSERTs, lib/new_rows.py)."""
    connection.ensure_connection()
    raw = connection.connection
    binding_on_client, raw.cursor_factory = raw.cursor_factory, cursor_class or _prepared_cursor()
    try:
        return connection.cursor()
    finally:
        raw.cursor_factory = binding_on_client


@functools.cache
def _prepared_cursor() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor  # needs psycopg: PostgreSQL only

    class PreparedCursor(ServerBindingCursor):
        def _send_query_prepared(self, name, query, **kwargs):
            # psycopg keeps the query it last sent for Django's query log (last_executed_query), but
            # not when it runs a prepared statement: the log would name it None, tests and benches too.
            self._query = query
            return super()._send_query_prepared(name, query, **kwargs)

    return PreparedCursor


def _normalised(values: tuple) -> tuple:
    """A set of ids in a stable order (its length is its shape); a list or tuple as it is."""
    return tuple(
        sorted(v) if isinstance(v, set | frozenset) else list(v) if isinstance(v, list | tuple) else v for v in values
    )


def _cut(queryset: QuerySet, limit: int | None, offset: int) -> QuerySet:
    return queryset if limit is None else queryset[offset : offset + limit]


class CompiledModels:
    """`build(*values)` gives a queryset of `model` (filtered, annotated, ordered). Its rows come
    back as the ORM would build them with `select_related` and `only(*fields)`: the model's own
    fields and "relation__field"s, and the annotations named. On PostgreSQL the SQL is compiled once
    per shape (CompiledRows) and each row becomes instances through the documented `Model.from_db`
    and each field's `from_db_value`. On SQLite (`make run`), whose driver returns dates as text,
    the ORM runs the query itself."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet],
        *,
        fields: Iterable[str],
        annotations: Iterable[str] = (),
    ) -> None:
        self._build = build
        self._fields = tuple(fields)
        self._annotations = tuple(annotations)
        self._plan = _plan(model, self._fields)
        states = [  # read on both paths alike (_plan says why)
            f"{relation}__{f.name}" if relation else f.name
            for relation, related, *_ in self._plan
            for f in related._meta.concrete_fields
            if isinstance(f, FSMFieldMixin)
        ]
        self._only = tuple(dict.fromkeys([*self._fields, *states]))
        columns = [
            f"{relation}__{attname}" if relation else attname
            for relation, _, attnames, _ in self._plan
            for attname in attnames
        ]
        self._rows = CompiledRows(lambda *values: build(*values).values_list(*columns, *self._annotations))

    def read(self, queryset: QuerySet) -> QuerySet:
        """Any queryset of this shape, read through the ORM as the compiled rows are: the same
        relations and fields (a search's, whose text is not a value the SQL can be compiled for)."""
        relations = [relation for relation, *_ in self._plan if relation]
        return queryset.select_related(*relations).only(*self._only)

    def _orm(self, values: tuple) -> QuerySet:
        return self.read(self._build(*values))

    def instances(self, *values, limit: int | None = None, offset: int = 0) -> list[Model]:
        values = _normalised(values)
        if connection.vendor != "postgresql" or self._rows._sql(values) is None:
            return list(_cut(self._orm(values), limit, offset))
        shared: dict[tuple[str, object], Model] = {}
        return [self._instance(row, shared) for row in self._rows.rows(*values, limit=limit, offset=offset)]

    def _instance(self, row: tuple, shared: dict[tuple[str, object], Model]) -> Model:
        """One row's instances. Rows that name the same related row (fifty requests, one area; a
        worker's ten) share its one instance, read once by the same query, rather than each building
        a copy of it: the pages that use this only read them."""
        made: dict[str, Model | None] = {}
        start = 0
        for relation, model, attnames, converters in self._plan:
            chunk = row[start : start + len(attnames)]
            start += len(attnames)
            pk = chunk[attnames.index(model._meta.pk.attname)]
            if relation and (relation, pk) in shared:
                made[relation] = shared[relation, pk]
                continue
            # A relation that is not there (a LEFT JOIN's nulls) has no primary key.
            made[relation] = (
                None
                if pk is None
                else model.from_db(
                    connection.alias,
                    attnames,
                    [
                        value if convert is None or value is None else convert(value, None, connection)
                        for convert, value in zip(converters, chunk, strict=True)
                    ],
                )
            )
            if relation and pk is not None:
                shared[relation, pk] = made[relation]
        for relation, *_ in self._plan[1:]:  # parents come before their relations in the plan
            parent, _, name = relation.rpartition("__")
            if made[parent] is not None:
                setattr(made[parent], name, made[relation])
        root = made[""]
        for name, value in zip(self._annotations, row[start:], strict=True):
            setattr(root, name, value)
        return root


def _plan(root: type[Model], fields: tuple[str, ...]) -> list[tuple[str, type[Model], list[str], list]]:
    """(relation, model, attnames, converters) for the model itself ("") and then each relation,
    parents first. Each model's primary key is read, and each parent reads the key of its
    relation. A converter is the field's `from_db_value` (JSON stored as text, for one), or None."""
    wanted: dict[str, list[str]] = {"": []}
    for name in fields:
        relation, _, field = name.rpartition("__")
        parts = relation.split("__") if relation else []
        for depth in range(len(parts)):  # every step of the way, and the parent's foreign key
            wanted.setdefault("__".join(parts[:depth]), []).append(parts[depth])
            wanted.setdefault("__".join(parts[: depth + 1]), [])
        wanted[relation].append(field)
    plan = []
    for relation in sorted(wanted, key=lambda r: (r.count("__") if r else -1, r)):
        model = root
        for step in relation.split("__") if relation else []:
            model = model._meta.get_field(step).related_model
        chosen = {model._meta.get_field(name) for name in [model._meta.pk.name, *wanted[relation]]}
        # A model that guards its transitions (django-fsm's ConcurrentTransitionMixin) reads its state
        # as it is built: left unread, each instance would ask the database for it.
        chosen |= {f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)}
        # Model.from_db takes the values in the order of the model's fields, its key among them.
        found = [f for f in model._meta.concrete_fields if f in chosen]
        plan.append((relation, model, [f.attname for f in found], [getattr(f, "from_db_value", None) for f in found]))
    return plan
