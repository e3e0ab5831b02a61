"""Build large volumes quickly by copying one real row many times in SQL."""

from django.db import connection

from requests_app.models import Child, RequestForSupport


def _columns(model, skip: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def requests_copy(*, template: RequestForSupport, count: int, status: str, prefix: str, minutes_apart: int = 1) -> None:
    """`count` copies of a request (and its children), each with its own reference and time."""
    table = RequestForSupport._meta.db_table
    cols = _columns(
        RequestForSupport,
        {
            "id",
            "reference",
            "status",
            "received_at",
            "draft_id",
            "phone_referral_id",
            "idempotency_key",
            "pending_decision_id",
        },
    )
    col_list = ", ".join(f'"{c}"' for c in cols)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" (reference, status, received_at, {col_list}) '  # noqa: S608
            f"SELECT %s || g, %s, now() - (g * %s || ' minutes')::interval, {col_list} "
            f'FROM "{table}" t, generate_series(1, %s) g WHERE t.id = %s',
            [prefix, status, minutes_apart, count, template.pk],
        )
        child_table = Child._meta.db_table
        child_cols = _columns(Child, {"id", "request_id", "person_id"})
        child_list = ", ".join(f'"{c}"' for c in child_cols)
        cursor.execute(
            f'INSERT INTO "{child_table}" (request_id, {child_list}) '  # noqa: S608
            f'SELECT r.id, {", ".join(f"c.{c}" for c in child_cols)} FROM "{table}" r, "{child_table}" c '
            "WHERE r.reference LIKE %s AND c.request_id = %s",
            [f"{prefix}%", template.pk],
        )
