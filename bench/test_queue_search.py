"""The queue's search by surname and by date of birth among hundreds of thousands of
historic requests, beside a bare Django view that lists 50 rows from the same table;
then again without the search indexes (requests_app migration 0013), dropped inside
the case's transaction, to show what they are worth.

Only with BENCH_IN_PROCESS=1: `make bench` measures the same searches at 200,000 and 2,000,000 over
HTTP under gunicorn (bench/test_http_pages.py), without loading a second 200,000 here."""

import os

import pytest
from django.db import connection
from django.test import Client

from bench.harness import compare, p95_ratio_at_most
from bench.scale import queue_history

HISTORIC = int(os.environ.get("BENCH_SEARCH_HISTORIC", "200000"))
OPEN = 300
INDEXES = ("child_last_name_trgm", "child_first_name_trgm", "child_date_of_birth")
pytestmark = pytest.mark.skipif(
    not os.environ.get("BENCH_IN_PROCESS"), reason="BENCH_IN_PROCESS=1: the HTTP cases measure the searches"
)


def _searched(client: Client, text: str, finds: str):
    """The search is posted and kept in the session; each run is the page it leads to."""
    location = client.post("/triage/?tab=new", {"q": text})["Location"]
    assert finds in client.get(location).content.decode()
    return lambda: client.get(location)


@pytest.mark.django_db
def test_queue_search_by_surname_and_date_of_birth_against_a_bare_list(settings) -> None:
    harry, _ = queue_history(settings, historic=HISTORIC, open_requests=OPEN)
    with connection.cursor() as cursor:
        # Every copy is Ava Smith; give each child a name and birthday of its own.
        cursor.execute(
            "UPDATE requests_app_child SET first_name = 'F' || substr(md5(id::text), 1, 6), "
            "last_name = 'S' || substr(md5(id::text), 7, 8), date_of_birth = date '2008-01-01' + (id % 6000)::int"
        )
        cursor.execute("ANALYZE")
        cursor.execute(
            # The oldest open request: without deadlines, the queue's first page lists it too.
            "SELECT r.reference, c.last_name, c.date_of_birth FROM requests_app_child c "
            "JOIN requests_app_requestforsupport r ON r.id = c.request_id "
            "WHERE r.reference LIKE 'O-%%' ORDER BY r.received_at, c.id LIMIT 1"
        )
        found, surname, born = cursor.fetchone()
    client = Client()
    client.force_login(harry)
    compare(
        f"queue page, no search, {HISTORIC:,}",
        _searched(client, "", found),
        lambda: client.get("/bare-list/"),
        baseline_name="bare view, 50 rows, same table",
        repeat=20,
    )
    cases = [("surname", surname.lower()), ("date of birth", born.strftime("%d/%m/%Y"))]
    for label in ("", " (no indexes)"):
        for name, text in cases:
            compare(
                f"queue search: {name}, {HISTORIC:,}{label}",
                _searched(client, text, found),
                lambda: client.get("/bare-list/"),
                baseline_name="bare view, 50 rows, same table",
                repeat=20,
                target=p95_ratio_at_most(2),
            )
        if not label:
            with connection.cursor() as cursor:
                for index in INDEXES:
                    cursor.execute(f"DROP INDEX {index}")  # rolled back with the case
                cursor.execute("ANALYZE requests_app_child")
