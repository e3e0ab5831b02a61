"""Approving a decision: a rationale, no approval over partner checks still waiting unless the
approver says why, and the other approvers' notifications are done (rule 12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.models import Deadline
from hub.models import Agency
from notifications.models import Notification
from tests.helpers import client_for, fresh
from tests.request_factories import request_awaiting_approval, request_in_contact
from triage import services


@pytest.fixture
def police(staff) -> Agency:
    return Agency.objects.get(name="Lancashire Constabulary")


def test_an_approval_needs_a_rationale(staff) -> None:
    support_request = request_awaiting_approval(staff)
    with pytest.raises(services.TransitionRefused, match="Give your rationale"):
        services.decision_approve(request=support_request, by=staff.tom, rationale=" ")
    response = client_for(staff.tom).post(f"/triage/requests/{support_request.reference}/approve/", {})
    assert response.status_code == 400 and "Give your rationale for approving the decision" in response.content.decode()


def test_an_approval_waits_for_partner_checks_unless_the_approver_says_why(staff, police) -> None:
    support_request = request_in_contact(staff)
    check = services.check_request(
        request=support_request, agency=police, question="Any call-outs?", rag="amber", by=staff.harry
    )
    services.decision_propose(request=fresh(support_request), by=staff.harry, outcome="nfa", reasons="r")
    page = client_for(staff.tom).get(f"/triage/requests/{support_request.reference}/").content.decode()
    assert "Still waiting for:</strong> Lancashire Constabulary" in page  # the approval panel
    with pytest.raises(services.TransitionRefused, match="still waiting for an answer"):
        services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    services.decision_approve(
        request=fresh(support_request),
        by=staff.tom,
        rationale="Agreed",
        checks_override_reason="Police confirmed by phone",
    )
    check.refresh_from_db()
    assert (check.status, check.closed_reason) == ("closed", "Police confirmed by phone")
    assert Deadline.objects.get(partner_check=check).state == Deadline.State.CANCELLED
    with pytest.raises(services.TransitionRefused, match="no longer needs this answer"):
        services.check_answer(
            check=check, by=staff.paula, share=True, response="x", reasons="x", lawful_basis="public_task"
        )


def test_once_approved_everyone_elses_approval_notifications_are_done(staff) -> None:
    support_request = request_awaiting_approval(staff)
    asked = Notification.objects.filter(subject__contains="needs your approval")
    assert {n.recipient for n in asked} == {staff.sian, staff.priya, staff.tom}
    services.decision_approve(request=support_request, by=staff.tom, rationale="Agreed")
    assert not asked.filter(read_at__isnull=True).exists()


def test_marking_the_other_approvers_notifications_done_is_served_by_an_index(staff) -> None:
    """The unread approval notifications are found by their keys' prefix. Without an index that
    serves a LIKE prefix whatever the database's collation, every approval reads every unread
    notification, and emails to callers are never marked read. Found by review."""
    support_request = request_awaiting_approval(staff)
    with CaptureQueriesContext(connection) as queries:
        services.decision_approve(request=support_request, by=staff.tom, rationale="Agreed")
    [marking] = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "notifications_notification"')]
    with connection.cursor() as cursor:
        # The table as it is in service: thousands of unread emails to callers and reminders,
        # which a scan of the unread rows would have to read through. On the handful of rows a
        # test makes, any plan costs the same and the planner's choice between them is a coin toss.
        cursor.execute(
            """INSERT INTO notifications_notification
                   (email, kind, subject, body, link, dedupe_key, created_at, attempts)
               SELECT 'caller@example.org', 'reminder', 's', 'b', '', 'reminder:' || n, now(), 0
               FROM generate_series(1, 5000) AS n"""
        )
        cursor.execute("ANALYZE notifications_notification")
        cursor.execute("EXPLAIN " + marking)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "notification_dedupe_key_unique" in plan, plan
