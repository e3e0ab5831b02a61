"""The queue's order, immediate risk and then the nearest open deadline, is read from each request's
deadlines in due order on PostgreSQL: the first open one is the nearest, with nothing to sort; and its
tabs are counted from indexes alone. These read the planner's plans for the queue's own queries; they
time nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from deadlines.models import Deadline
from requests_app.models import RequestForSupport
from tests.request_factories import make_request
from thresholds.loader import frameworks_load
from triage.queue import CLOSED_TAB, _asked, _counts, queue
from workflow.states import State

pytestmark = pytest.mark.django_db


def test_each_rows_nearest_open_deadline_is_the_first_of_its_requests_deadlines_in_due_order(staff) -> None:
    for _ in range(30):
        make_request(staff.rita)
    assert Deadline.objects.filter(request__isnull=False, state=Deadline.State.OPEN).exists()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deadlines_deadline")
        cursor.execute("ANALYZE requests_app_requestforsupport")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows fit in a page; ask what an index can serve
    rows, _ = queue(user=staff.harry, tab="new")
    plan = rows.queryset.explain()
    assert "deadline_request_due" in plan, plan
    sorted_by = [line for line in plan.splitlines() if "Sort Key" in line]
    # The page itself is sorted (by the nearest deadline among its keys); each request's deadlines are not.
    assert sorted_by and not any("u0.due_at" in line.lower() for line in sorted_by), plan


@pytest.fixture
def shipped_areas(transactional_db) -> None:
    """Transactional tests end with a flush: put the shipped areas back first."""
    frameworks_load()


@pytest.mark.django_db(transaction=True)  # VACUUM, which marks the table's pages all-visible, runs outside one
@pytest.mark.usefixtures("shipped_areas")
def test_the_tabs_counts_read_the_open_work_and_the_months_closures_each_from_an_index_alone(staff) -> None:
    # A county closes thousands of requests a month: counted through one OR of both conditions,
    # PostgreSQL fetched every closure from the table to count it.
    for _ in range(20):
        make_request(staff.rita)
    closed = [make_request(staff.rita) for _ in range(20)]
    RequestForSupport.objects.filter(pk__in=[r.pk for r in closed]).update(
        status=State.CLOSED, closed_at=timezone.now() - dt.timedelta(days=3)
    )
    asked, values = _asked(
        user=staff.harry, tab="new", level="", urgent="", worker="", overdue="", oversight="", sort=""
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE requests_app_requestforsupport")
        # A few rows fit in a page: ask what an index can serve, as it would for a county's month.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            plan = _counts(asked, *values).explain()
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")
    scans = [
        line.strip() for line in plan.splitlines() if "Scan" in line and " on requests_app_requestforsupport" in line
    ]
    assert len(scans) == 2 and all(scan.startswith("->  Index Only Scan") for scan in scans), plan
    _, counts = queue(user=staff.harry, tab="new")
    assert (counts["new"], counts[CLOSED_TAB]) == (20, 20)
