"""New rows of several tables written in two round trips: one query numbers them, one statement
batch inserts them (decision 0027).

A submission writes a request, its indicators, children, household, consent record, clocks and
audit row. Written one `create()` at a time that was seven round trips to PostgreSQL, each waiting
for the id it returned before the next could name its parent. Here every row takes its id from its
table's own sequence first, in one query, so the rows can name each other before any is written;
then all of them go in one batch of INSERTs, which PostgreSQL runs in order, as one statement list,
inside the caller's transaction. Nothing about the rows changes: the same sequences give the ids,
each field's `pre_save` fills what `save()` would, and the foreign keys are checked at commit as
before.

On SQLite (`make run`) there are no sequences to draw from, so `rows_number` saves each row as it
numbers it, in the order given, and `rows_insert` saves whatever is left.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model
from django.db.models.sql import InsertQuery


def _by_model(rows: Sequence[Model]) -> dict[type[Model], list[Model]]:
    groups: dict[type[Model], list[Model]] = {}
    for row in rows:
        groups.setdefault(type(row), []).append(row)
    return groups


def rows_number(rows: Sequence[Model]) -> None:
    """Give each new row the next id of its table's sequence, in one query for every table.
    A row that names another (a child its request) must come after it."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            row.save(force_insert=True)
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
    """Insert new rows of any tables in one batch, in the order given. Rows of a table either all
    have their ids (`rows_number`) or none has, and then their ids are left to the database and
    not read back (an audit row's, which nothing reads in the same request)."""
    rows = [row for row in rows if row._state.adding]
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            row.save(force_insert=True)
        return
    statements, params = [], []
    for model, objs in _by_model(rows).items():
        numbered = {row.pk is not None for row in objs}
        if len(numbered) != 1:
            raise ValueError(f"Either every new {model.__name__} row has its id, or none has")
        fields = [f for f in model._meta.concrete_fields if numbered == {True} or f is not model._meta.auto_field]
        for row in objs:
            # As save() does: a row whose parent was numbered after it was built takes the parent's id.
            row._prepare_related_fields_for_save(operation_name="rows_insert")
        query = InsertQuery(model)
        query.insert_values(fields, objs)
        [(sql, values)] = query.get_compiler(connection=connection).as_sql()
        statements.append(sql)
        params.extend(values)
    with connection.cursor() as cursor:
        # Client-side binding sends the batch as one simple query, which may hold several statements.
        cursor.execute(";\n".join(statements), params)
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias
