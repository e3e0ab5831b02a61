"""The queue's search by surname and by date of birth among hundreds of thousands of
historic requests, beside a bare Django view that lists 50 rows from the same table;
then again without the search indexes (requests_app migration 0013), dropped inside
the case's transaction, to show what they are worth."""

import os

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from bench.harness import compare, p95_ratio_at_most
from bench.scale import requests_copy
from hub.models import Area
from hub.roles import Role
from requests_app.models import RequestForSupport
from requests_app.services import request_create_via_api
from tests.factories import persona
from tests.requests_app import payloads

HISTORIC = int(os.environ.get("BENCH_SEARCH_HISTORIC", "200000"))
OPEN = 300
INDEXES = ("child_last_name_trgm", "child_first_name_trgm", "child_date_of_birth")


def bare_list(request) -> HttpResponse:
    rows = RequestForSupport.objects.filter(area_id=request.user.area_id).order_by("-received_at")[:50]
    return HttpResponse("".join(f"<li>{r.reference} {r.status}</li>" for r in rows))


def _searched(client: Client, text: str, finds: str):
    """The search is posted and kept in the session; each run is the page it leads to."""
    location = client.post("/triage/?tab=new", {"q": text})["Location"]
    assert finds in client.get(location).content.decode()
    return lambda: client.get(location)


@pytest.mark.django_db
def test_queue_search_by_surname_and_date_of_birth_against_a_bare_list(settings) -> None:
    from hub import urls as hub_urls

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": [*hub_urls.urlpatterns, path("bare-list/", bare_list)]})
    area = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=area)
    harry = persona(Role.HUB_WORKER, area=area)
    template, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    requests_copy(template=template, count=HISTORIC, status="closed", prefix="H-")
    requests_copy(template=template, count=OPEN, status="submitted", prefix="O-", minutes_apart=7)
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
