"""The audit table is the largest and every page writes to it: it carries the indexes its
questions use and no others (hub/migrations/0015)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.utils import timezone

from hub.models import Area
from hub.roles import Role
from hub.selectors import access_log
from tests.factories import persona

pytestmark = pytest.mark.django_db


def _indexes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'hub_auditevent'")
        return [row[0] for row in cursor.fetchall()]


def test_no_audit_index_only_costs_writes() -> None:
    """Django would add a LIKE index beside the reference's and an index of the actor alone, which
    (actor, at) already serves: two more index entries for each of a queue page's fifty rows."""
    indexes = _indexes()
    assert not [d for d in indexes if "pattern_ops" in d], indexes
    assert not [d for d in indexes if d.endswith("(actor_id)")], indexes
    assert [d for d in indexes if d.endswith("(actor_id, at)")], indexes


def test_no_audit_index_by_object_since_every_question_asks_by_reference_or_reader() -> None:
    """A list's fifty rows each went into an index by object that no page asked: at 20,000,000 rows,
    each entry at a place of its own in an index as large as the table (hub/migrations/0017)."""
    assert not [d for d in _indexes() if "object_id" in d], _indexes()


def _month(when: dt.datetime) -> str:
    return f"hub_auditevent_{when.astimezone(dt.UTC):%Y_%m}"


def _access_log_plan(since: dt.datetime) -> str:
    harry = persona(Role.HUB_WORKER, area=Area.objects.get(slug="luton"))
    with connection.cursor() as cursor:
        # The table as it is in service: many records' rows, not the few a test makes.
        cursor.execute(
            """INSERT INTO hub_auditevent (at, actor_id, action, object_type, object_id, reference, via, detail)
               SELECT now(), %s, 'view', 'requests_app.requestforsupport', n::text, 'RFS-' || n, 'web', '{}'
               FROM generate_series(1, 5000) AS n""",
            [harry.pk],
        )
        cursor.execute("ANALYZE hub_auditevent")
        sql, params = access_log("RFS-42", since=since).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return " ".join(row[0] for row in cursor.fetchall())


def test_who_has_accessed_a_record_is_answered_by_the_reference_index() -> None:
    plan = _access_log_plan(timezone.now())
    # The month's partition that holds the rows hands them over newest first by its copy of the
    # (reference, at) index; nothing walks a month's time index looking for the reference.
    month = _month(timezone.now())
    assert re.search(rf"Index Scan Backward using {month}_reference_at_idx on {month} ", plan), plan
    assert "_at_idx on" not in plan.replace("_reference_at_idx on", ""), plan


def test_the_access_record_reads_no_month_before_the_request_arrived() -> None:
    """A request that arrived in two months' time (moved there, as the demo moves its dates) has
    no rows before then: this month's partition and the history are not read at all."""
    now = timezone.now().astimezone(dt.UTC)
    arrived = (now.replace(day=1) + dt.timedelta(days=70)).replace(day=3)
    plan = _access_log_plan(arrived)
    assert _month(arrived) in plan, plan
    assert _month(now) not in plan, plan
    assert "hub_auditevent_history" not in plan, plan
