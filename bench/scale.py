"""Build large volumes quickly by copying one real row many times in SQL."""

import datetime as dt
import os

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from requests_app.models import Child, RequestForSupport


def _columns(model, skip: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def requests_copy(
    *,
    template: RequestForSupport,
    count: int,
    status: str,
    prefix: str,
    minutes_apart: int = 1,
    ending: dt.datetime | None = None,
) -> None:
    """`count` copies of a request (and its children), each with its own reference and time,
    `minutes_apart` apart going back from `ending` (by default now)."""
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
            f"SELECT %s || g, %s, COALESCE(%s::timestamptz, now()) - (g * %s || ' minutes')::interval, {col_list} "
            f'FROM "{table}" t, generate_series(1, %s) g WHERE t.id = %s',
            [prefix, status, ending, minutes_apart, count, template.pk],
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


def bare_list(request) -> HttpResponse:
    """The baseline for the queue: 50 rows of the same table, one indexed query, no template."""
    rows = RequestForSupport.objects.filter(area_id=request.user.area_id).order_by("-received_at")[:50]
    return HttpResponse("".join(f"<li>{r.reference} {r.status}</li>" for r in rows))


def queue_history(settings, *, historic: int, open_requests: int, records: bool = False):
    """A Lancashire queue: `open_requests` new requests ("O-...") over `historic` closed ones
    ("H-..."), all copies of one real request, and the bare list served at /bare-list/. With `records`,
    history is copies of a real closed request with its whole record (`history_build`).
    Returns the hub worker who works it and the open request copied."""
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
        history_build(referrer=rita, worker=harry, count=historic, prefix="H-")
    else:
        requests_copy(template=template, count=historic, status="closed", prefix="H-")
    requests_copy(template=template, count=open_requests, status="submitted", prefix="O-", minutes_apart=7)
    return harry, template


def history_build(*, referrer, worker, count: int, prefix: str) -> None:
    """`count` closed requests, one every 10 minutes going back (200,000 is nearly four years), each
    with the whole record of a real closed request (bench/history.py): about 4,300 of every 200,000
    closed in the last 30 days, which the queue's Closed tab counts, as a county's would."""
    from bench.history import closed_template, closures_spread, request_records_copy

    closed = closed_template(referrer=referrer, worker=worker)
    requests_copy(template=closed, count=count, status="closed", prefix=prefix, minutes_apart=10)
    closures_spread(prefix=prefix)
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
