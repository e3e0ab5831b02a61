"""New rows of several tables written in two round trips: one query numbers them, one pipeline of
INSERTs writes them (decisions 0027 and 0036).

A submission writes a request, its indicators, children, household, consent record, clocks and
audit row. Written one `create()` at a time that was seven round trips to PostgreSQL, each waiting
for the id it returned before the next could name its parent. Here every row takes its id from its
table's own sequence first, in one query, so the rows can name each other before any is written;
then every table's INSERT is sent in one pipeline (psycopg sends them all before reading any answer),
in order, inside the caller's transaction. Each INSERT binds its values on the server, with
PostgreSQL's own $1 to $n written in its text, so psycopg sends the text as it is: before, the whole
batch was one text of 195 values bound on the client, which psycopg parsed anew for each submission
(it keeps the parsing of a query of at most 50 values). Nothing about the rows changes: the same
sequences give the ids, each field's `pre_save` and `get_db_prep_save` give the values `save()` would
send, and the foreign keys are checked at commit as before. Each INSERT's text is built once per table and row count;
Django's insert compiler cost about 0.4 ms a table, more than PostgreSQL took to run it.

On SQLite (`make run`) there are no sequences to draw from, so `rows_number` saves each row as it
numbers it, in the order given, and `rows_insert` saves whatever is left.
"""

import functools
from collections.abc import Sequence

from django.db import connection, connections
from django.db.models import Field, Model

from lib.compiled import server_bound_cursor


def _by_model(rows: Sequence[Model]) -> dict[type[Model], list[Model]]:
    groups: dict[type[Model], list[Model]] = {}
    for row in rows:
        model = type(row)
        # One table per model, its key drawn from a sequence: what these INSERTs and numbers assume.
        if model._meta.parents or model._meta.auto_field is None:
            raise TypeError(f"{model.__name__}: only a model with a table of its own and a sequence-drawn id")
        groups.setdefault(model, []).append(row)
    return groups


def _fields(model: type[Model], *, numbered: bool) -> list[Field]:
    # A column with a database default (an audit row's time) is the database's to fill, as save() leaves it.
    return [
        f
        for f in model._meta.concrete_fields
        if (numbered or f is not model._meta.auto_field) and not f.has_db_default()
    ]


@functools.lru_cache(maxsize=256)  # a few tables, each with the row counts a submission has
def _insert_sql(model: type[Model], numbered: bool, count: int) -> str:
    """The INSERT for `count` rows of `model`, built once per process: only the values change."""
    fields = _fields(model, numbered=numbered)
    width = len(fields)
    # PostgreSQL's own placeholders, $1 to $n, so psycopg sends the text as it is (`_insert_cursor`).
    rows = ", ".join(f"({', '.join(f'${n * width + i + 1}' for i in range(width))})" for n in range(count))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    # Names from the model, quoted; every value is a parameter.
    return f"INSERT INTO {table} ({columns}) VALUES {rows}"  # noqa: S608


def _value(field: Field, row: Model, db):
    """A field's value as save() would send it: `pre_save` first (a creation time, say)."""
    value = field.pre_save(row, add=True)
    if hasattr(value, "resolve_expression"):
        raise TypeError(f"{field.name}: a new row written in a batch holds values, not expressions")
    return field.get_db_prep_save(value, db)


def _saved_in_turn(rows: Sequence[Model]) -> bool:
    """On SQLite (`make run`), which has no sequences to draw from: each row saved the ordinary
    way, in the order given. False on PostgreSQL, where the batch does the work."""
    if connection.vendor == "postgresql":
        return False
    for row in rows:
        row.save(force_insert=True)
    return True


def rows_number(rows: Sequence[Model]) -> None:
    """Give each new row the next id of its table's sequence, in one query for every table.
    A row that names another (a child its request) must come after it."""
    if not rows or _saved_in_turn(rows):
        return
    groups = _by_model(rows)
    drawn = ", ".join(
        "ARRAY(SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s))" for _ in groups
    )
    params = []
    for model, objs in groups.items():
        params += [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, len(objs)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {drawn}", params)
        numbers = cursor.fetchone()
    for objs, ids in zip(groups.values(), numbers, strict=True):
        for row, pk in zip(objs, ids, strict=True):
            row.pk = pk


def rows_insert(rows: Sequence[Model]) -> None:
    """Insert new rows of any tables in one round trip, in the order given. Rows of a table either all
    have their ids (`rows_number`) or none has, and then their ids are left to the database and
    not read back (an audit row's, which nothing reads in the same request). For the few rows of one
    submission: each table's rows go in one INSERT, whose values PostgreSQL takes 65,535 at most."""
    rows = [row for row in rows if row._state.adding]
    if not rows or _saved_in_turn(rows):
        return
    # The connection itself, not the module's proxy to it, which looks it up again at each of the
    # few hundred values' reads of its `ops`: 0.41 to 0.51 ms a submission's values, against 0.57 to 0.74.
    db = connections[connection.alias]
    statements = []
    for model, objs in _by_model(rows).items():
        numbered = {row.pk is not None for row in objs}
        if len(numbered) != 1:
            raise ValueError(f"Either every new {model.__name__} row has its id, or none has")
        fields = _fields(model, numbered=numbered == {True})
        params = []
        for row in objs:
            # As save() does: a row whose parent was numbered after it was built takes the parent's id.
            row._prepare_related_fields_for_save(operation_name="rows_insert")
            params.extend(_value(field, row, db) for field in fields)
        statements.append((_insert_sql(model, numbered == {True}, len(objs)), params))
    # In a pipeline an error is raised when the answers are read, as the block ends: outside the
    # cursor's own wrapping, so Django's wrapping is put around the pipeline too (an IntegrityError
    # stays Django's, which the submission's retry on a taken reference catches).
    cursor = server_bound_cursor(_insert_cursor())
    with cursor, connection.wrap_database_errors, connection.connection.pipeline():
        for sql, params in statements:
            cursor.execute(sql, params)
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias


@functools.cache
def _insert_cursor() -> type:
    from psycopg import RawCursor  # PostgreSQL only: SQLite never reaches it

    class InsertCursor(RawCursor):
        """Binds on the server, with the $1 to $n the INSERT's text already holds, so psycopg has
        nothing to find in it; and never prepared. Timed in process, preparing them made no difference
        a noisy machine could show, and each table, row count and pattern of empty values would be a
        statement of its own in the connection's cache of 100, beside the reads that pay for theirs."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=False, binary=binary)

    return InsertCursor
