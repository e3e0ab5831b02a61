"""The queue's search by a child's name or date of birth is served by an index on
PostgreSQL (issue 15), not a scan of every child ever referred. These read the
planner's plan for the queue's own query; they time nothing."""

import copy
import datetime as dt

import pytest
from django.db import connection

from requests_app.models import Child, RequestForSupport
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage.queue import queue

pytestmark = pytest.mark.django_db

REQUESTS = 1_000
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright"]


@pytest.fixture
def many_children(staff):
    """A busy queue in miniature: thousands of new requests and their children, one
    of them Ben Okafor. The copies skip the services: only the planner reads them."""
    ben = make_request(staff.rita, children=[payloads.child("Ben", "Okafor", age=4)])
    template = make_request(staff.rita)
    requests = []
    for n in range(REQUESTS):
        twin = copy.copy(template)
        twin.pk, twin.reference = None, f"RFS-TEST-{n:05d}"
        requests.append(twin)
    requests = RequestForSupport.objects.bulk_create(requests)
    born = dt.date(2010, 1, 1)
    Child.objects.bulk_create(
        Child(
            request=requests[n % REQUESTS],
            first_name=f"Child{n}",
            last_name=f"{SURNAMES[n % len(SURNAMES)]}{n}",
            date_of_birth=born + dt.timedelta(days=n % 5000),
            position=n,
        )
        for n in range(4 * REQUESTS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE requests_app_child")
        cursor.execute("ANALYZE requests_app_requestforsupport")
        # A few thousand rows fit in a handful of pages, where reading them all is
        # cheaper than any index; at two million it is not. Forbidding the scan asks
        # whether an index can serve the query, which is what a wrong expression breaks.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return ben


def _plan(staff, text: str) -> str:
    rows, _ = queue(user=staff.harry, q=text)
    return rows.queryset.explain()


def test_a_search_by_surname_is_served_by_the_trigram_index(staff, many_children) -> None:
    plan = _plan(staff, "okafor")
    assert "child_last_name_trgm" in plan


def test_a_search_by_first_and_last_name_is_served_by_the_trigram_indexes(staff, many_children) -> None:
    plan = _plan(staff, "Ben Okafor")
    assert "child_first_name_trgm" in plan and "child_last_name_trgm" in plan


def test_a_search_by_date_of_birth_is_served_by_the_date_of_birth_index(staff, many_children) -> None:
    born = many_children.children.get().date_of_birth
    plan = _plan(staff, born.strftime("%d/%m/%Y"))
    assert "child_date_of_birth" in plan
