"""Build large volumes quickly by copying one real row many times in SQL."""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from requests_app.models import Child, RequestForSupport


def _columns(model, skip: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


@contextmanager
def bulk_loaded(*models) -> Iterator[None]:
    """Millions of copies into `models`' tables, loaded as a restore would be: each table's plain
    (non-unique, no constraint's) indexes dropped first and built again afterwards from PostgreSQL's
    own catalogue, so exactly the migrations' (one sort each instead of millions of insertions), and
    the session's triggers off while loading (`session_replication_role = replica`): the foreign-key
    checks, and the audit table's stamp, which leaves the owner's rows as given anyway. The rows are
    copies of rows that passed every check. Unique indexes and constraints stay and still check."""
    tables = [model._meta.db_table for model in models]
    # Inside a case's transaction, the foreign-key checks Django defers to the commit are still
    # queued, and PostgreSQL builds no index on a table with checks pending: run them now, and
    # defer the rest again after the load, as Django's constraints are (DEFERRABLE INITIALLY DEFERRED).
    in_case = connection.in_atomic_block
    with connection.cursor() as cursor:
        if in_case:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [tables],
        )
        deferred = cursor.fetchall()
        for name, _ in deferred:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET session_replication_role = replica")
    # No `finally`: a failed load leaves a rolled-back case or a dropped database copy behind.
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET session_replication_role")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in deferred:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        if in_case:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# Each copied child's own name and birthday, worked out from the id it is given (n.id), so a search
# finds one child, not every copy of the template's.
NAMED = {
    "first_name": "'F' || substr(md5(n.id::text), 1, 6)",
    "last_name": "'S' || substr(md5(n.id::text), 7, 8)",
    "date_of_birth": "date '2008-01-01' + (n.id %% 6000)::int",
}


def requests_copy(
    *,
    template: RequestForSupport,
    count: int,
    status: str,
    prefix: str,
    minutes_apart: int = 1,
    ending: dt.datetime | None = None,
    closed_after_days: int | None = None,
    named: bool = False,
) -> None:
    """`count` copies of a request (and its children), each with its own reference and time,
    `minutes_apart` apart going back from `ending` (by default now). With `closed_after_days`, each
    is closed that long after it arrived (else it keeps the template's closing time); with `named`,
    each child has a name and birthday of its own (NAMED), written as it is inserted rather than
    updated afterwards, which would write every row and its indexes twice."""
    table = RequestForSupport._meta.db_table
    fixed = {"id", "reference", "status", "received_at", "draft_id", "phone_referral_id", "idempotency_key"}
    fixed |= {"pending_decision_id"} | ({"closed_at"} if closed_after_days is not None else set())
    cols = _columns(RequestForSupport, fixed)
    col_list = ", ".join(f'"{c}"' for c in cols)
    received = "COALESCE(%(ending)s::timestamptz, now()) - make_interval(mins => (g * %(apart)s)::int)"
    closing = (
        ("closed_at", f"{received} + make_interval(days => %(closed)s)") if closed_after_days is not None else None
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" (reference, status, received_at, {closing[0] + ", " if closing else ""}'  # noqa: S608
            f"{col_list}) SELECT %(prefix)s || g, %(status)s, {received}, {closing[1] + ', ' if closing else ''}"
            f'{col_list} FROM "{table}" t, generate_series(1, %(count)s) g WHERE t.id = %(template)s',
            {
                "prefix": prefix,
                "status": status,
                "ending": ending,
                "apart": minutes_apart,
                "closed": closed_after_days,
                "count": count,
                "template": template.pk,
            },
        )
        child_table = Child._meta.db_table
        child_cols = _columns(Child, {"id", "request_id", "person_id"})
        child_list = ", ".join(f'"{c}"' for c in child_cols)
        read = ", ".join(f'c."{c}"' for c in child_cols)
        values = ", ".join(NAMED[c] if named and c in NAMED else f'n."{c}"' for c in child_cols)
        cursor.execute(
            f'INSERT INTO "{child_table}" (id, request_id, {child_list}) SELECT n.id, n.request_id, {values} '  # noqa: S608
            f"FROM (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id, r.id AS request_id, {read} "
            f'FROM "{table}" r, "{child_table}" c WHERE r.reference LIKE %s AND c.request_id = %s) n',
            [child_table, f"{prefix}%", template.pk],
        )


def bare_list(request) -> HttpResponse:
    """The baseline for the queue: 50 rows of the same table, one indexed query, no template."""
    rows = RequestForSupport.objects.filter(area_id=request.user.area_id).order_by("-received_at")[:50]
    return HttpResponse("".join(f"<li>{r.reference} {r.status}</li>" for r in rows))


def queue_history(settings, *, historic: int, open_requests: int, records: bool = False, named: bool = False):
    """A Lancashire queue: `open_requests` new requests ("O-...") over `historic` closed ones
    ("H-..."), all copies of one real request, and the bare list served at /bare-list/. With `records`,
    history is copies of a real closed request with its whole record (`history_build`); with `named`,
    every copied child has a name and birthday of its own. Returns the hub worker who works it and the
    open request copied."""
    from hub import urls as hub_urls
    from hub.models import Area
    from hub.roles import Role
    from requests_app.services import request_create_via_api
    from tests.factories import persona
    from tests.requests_app import payloads

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": [*hub_urls.urlpatterns, path("bare-list/", bare_list)]})
    area = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=area)
    harry = persona(Role.HUB_WORKER, area=area)
    template, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    if records:
        history_build(referrer=rita, worker=harry, count=historic, prefix="H-", named=named)
    else:
        with bulk_loaded(RequestForSupport, Child):
            requests_copy(template=template, count=historic, status="closed", prefix="H-", named=named)
    requests_copy(template=template, count=open_requests, status="submitted", prefix="O-", minutes_apart=7, named=named)
    return harry, template


def history_build(*, referrer, worker, count: int, prefix: str, named: bool = False) -> None:
    """`count` closed requests, one every 10 minutes going back (200,000 is nearly four years), each
    with the whole record of a real closed request (bench/history.py), each closed two days after it
    arrived, as the template was: about 4,300 of every 200,000 closed in the last 30 days, which the
    queue's Closed tab counts, as a county's would (copies keeping the template's own closing time would
    put all of history in the last 30 days)."""
    from bench.history import TABLES, closed_template, request_records_copy

    closed = closed_template(referrer=referrer, worker=worker)
    with bulk_loaded(*TABLES):
        requests_copy(
            template=closed,
            count=count,
            status="closed",
            prefix=prefix,
            minutes_apart=10,
            closed_after_days=2,
            named=named,
        )
        request_records_copy(template=closed, prefix=prefix)


def factor() -> int:
    """BENCH_SCALE=national (`make bench SCALE=national`) multiplies a case's volumes by ten: a county's
    200,000 requests become 2,000,000."""
    return 10 if os.environ.get("BENCH_SCALE", "county") == "national" else 1


def clocks_opened(template) -> None:
    """A decision clock on each open ("O-") copy, due a day after it arrived, like the template's own:
    the queue sorts by the nearest one."""
    from deadlines.models import Deadline

    clock = template.deadlines.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO deadlines_deadline (kind, request_id, start_event, started_at, due_at, unit, state, "
            "breach_reason, created_at) SELECT %s, r.id, %s, r.received_at, r.received_at + interval '1 day', %s, "
            "'open', '', now() FROM requests_app_requestforsupport r WHERE r.reference LIKE 'O-%%'",
            [Deadline.Kind.CONTACT_DECISION, clock.start_event, clock.unit],
        )
