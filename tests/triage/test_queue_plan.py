"""The queue's order, immediate risk and then the nearest open deadline, is read from each request's
deadlines in due order on PostgreSQL: the first open one is the nearest, with nothing to sort. These
read the planner's plan for the queue's own query; they time nothing."""

import pytest
from django.db import connection

from deadlines.models import Deadline
from tests.request_factories import make_request
from triage.queue import queue

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
