"""The hub's queue: the same queries with 10 rows as with a full page; and, with BENCH_IN_PROCESS=1,
in-process with 200,000 historic requests beside a bare Django view that lists 50 rows from the same
table. `make bench` measures the queue at 200,000 and 2,000,000 over HTTP under gunicorn
(bench/test_http_pages.py), as a browser meets it, so it does not load a second 200,000 here."""

import os

import pytest
from django.db import connection
from django.test import Client

from bench.harness import RESULTS, Result, compare, measure, p95_ratio_at_most, same_queries
from bench.scale import clocks_opened, queue_history, requests_copy

HISTORIC = 200_000
OPEN = 300


IN_PROCESS = pytest.mark.skipif(
    not os.environ.get("BENCH_IN_PROCESS"), reason="BENCH_IN_PROCESS=1: the HTTP cases measure the queue at 200,000"
)


@IN_PROCESS
@pytest.mark.django_db
def test_queue_page_with_200k_historic_requests_against_a_bare_list(settings) -> None:
    harry, template = queue_history(settings, historic=HISTORIC, open_requests=OPEN)
    clocks_opened(template)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(harry)
    assert client.get("/triage/?tab=new").status_code == 200
    compare(
        f"queue page, 50 of {OPEN} open, {HISTORIC:,} historic",
        lambda: client.get("/triage/?tab=new"),
        lambda: client.get("/bare-list/"),
        baseline_name="bare view, 50 rows, same table",
        repeat=20,
        target=p95_ratio_at_most(1.5),
    )


@pytest.mark.django_db
def test_queue_page_costs_the_same_queries_with_10_rows_as_with_a_full_page(settings) -> None:
    """Issue 15: the same queries at 10 and at 100 rows. The queue shows 50 rows a page, so its
    fullest page is compared with a page of 10."""
    from django.test.utils import CaptureQueriesContext

    harry, template = queue_history(settings, historic=0, open_requests=10)
    client = Client()
    client.force_login(harry)
    client.get("/triage/?tab=new")
    with CaptureQueriesContext(connection) as ten:
        client.get("/triage/?tab=new")
    few = measure(lambda: client.get("/triage/?tab=new"), repeat=10)
    requests_copy(template=template, count=100, status="submitted", prefix="P-")
    with CaptureQueriesContext(connection) as full:
        html = client.get("/triage/?tab=new").content.decode()
    assert html.count('name="requests" type="checkbox"') == 50
    many = measure(lambda: client.get("/triage/?tab=new"), repeat=10)
    RESULTS.append(
        Result(
            "queue page, 50 rows shown (111 open)",
            many,
            few,
            "the same page showing 10 rows",
            note=f"{len(full)} queries against {len(ten)}",
            target=same_queries(),
        )
    )
