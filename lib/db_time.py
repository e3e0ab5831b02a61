"""The database's clock for a column's default: PostgreSQL's now(), the start of the transaction."""

from django.db.models.functions import Now


class TransactionNow(Now):
    """Django's Now() is the statement's time on PostgreSQL (STATEMENT_TIMESTAMP()). The audit's
    stamping trigger compares a row's time with now(), the transaction's, so a default of the
    statement's time made it fire for every row written after a transaction's first statement,
    and re-stamp it: across midnight at a month's end, into a partition it was not routed to,
    which PostgreSQL refuses. Elsewhere (SQLite) this is Django's Now()."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CURRENT_TIMESTAMP", **extra_context)
