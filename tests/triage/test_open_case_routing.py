"""A request about a child with an open case goes to whoever holds the case, who is told (rule 6)."""

from children.matching import match_link, person_create
from notifications.models import Notification
from tests.helpers import fresh
from tests.request_factories import make_request, request_in_single_assessment
from triage import services
from workflow.states import State


def _open_case(staff, worker=None):
    """Ava has a child in need plan, handed to Harry's team (and to `worker`, where named)."""
    first = request_in_single_assessment(staff)
    person = person_create(child=first.children.get(), by=staff.harry)
    details = {
        "child_seen": True,
        "assessment_factors": ["3A"],
        "primary_need": "N1",
        "handover_team": staff.harry.team.pk,
    }
    if worker:
        details["handover_worker"] = worker.pk
    services.decision_propose(request=fresh(first), by=staff.harry, outcome="cin_plan", reasons="Plan", details=details)
    services.decision_approve(request=fresh(first), by=staff.tom, rationale="Agreed")
    person.refresh_from_db()
    return person


def _new_request_about(staff, person):
    later = make_request(staff.rita)
    match_link(child=later.children.get(), person=person, by=staff.harry)
    services.triage_begin(request=fresh(later), by=staff.harry)
    return fresh(later)


def test_it_goes_to_the_allocated_worker_who_is_told(staff) -> None:
    person = _open_case(staff, worker=staff.sian)
    later = _new_request_about(staff, person)
    assert (later.status, later.assigned_to) == (State.ROUTED, staff.sian)
    assert Notification.objects.filter(recipient=staff.sian, subject__contains="on your caseload").exists()


def test_without_a_named_worker_it_goes_to_the_teams_manager(staff) -> None:
    person = _open_case(staff)
    later = _new_request_about(staff, person)
    assert later.assigned_to in {staff.priya, staff.tom} and later.assigned_to.team == staff.harry.team
    assert Notification.objects.filter(recipient=later.assigned_to, subject__contains="on your caseload").exists()
