"""Strategy discussions: convened from a contact when harm is suspected, and each of their
outcomes recorded with its reasons and who took part (Working Together 2023, rules 16–18)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from deadlines.models import Deadline
from tests.helpers import fresh
from tests.request_factories import request_in_contact, request_in_s47_enquiry
from tests.requests_app import payloads
from triage import services
from workflow.states import State

HELD = {"attendees": "Police, health, children's social care", "reasons": "Agreed, on the evidence"}


def convened(staff):
    support_request = request_in_contact(staff)
    services.strategy_discussion_convene(request=support_request, by=staff.sian, reasons="Fractured arm, baby")
    return fresh(support_request)


def test_a_senior_social_worker_convenes_a_strategy_discussion_from_a_contact_without_approval(staff) -> None:
    support_request = convened(staff)
    assert support_request.status == State.STRATEGY_DISCUSSION
    assert support_request.deadlines.get(kind=Deadline.Kind.CONTACT_DECISION).state == Deadline.State.MET
    with pytest.raises(PermissionDenied):
        services.strategy_discussion_convene(request=request_in_contact(staff), by=staff.harry, reasons="r")


@pytest.mark.parametrize(
    ("outcome", "state", "request_outcome"),
    [
        ("s47", State.S47_ENQUIRY, ""),
        ("s17_assessment", State.SINGLE_ASSESSMENT, ""),
        ("nfa", State.CLOSED, "nfa"),
        ("other_agency", State.CLOSED, "other_agency"),
        ("another_discussion", State.STRATEGY_DISCUSSION, ""),
    ],
)
def test_each_strategy_discussion_outcome_takes_the_request_where_it_says(
    staff, outcome, state, request_outcome
) -> None:
    support_request = convened(staff)
    held = timezone.now() - dt.timedelta(hours=2)
    services.strategy_discussion_record(
        request=support_request,
        by=staff.harry,
        held_at=held,
        outcome=outcome,
        emergency_action="police_protection",
        **HELD,
    )
    support_request = fresh(support_request)
    assert (support_request.status, support_request.outcome) == (state, request_outcome)
    assert support_request.emergency_action == "police_protection"
    record = support_request.history.get(name="record_strategy_discussion")
    assert (record.data["outcome"], record.data["attendees"], record.reason) == (
        outcome,
        HELD["attendees"],
        HELD["reasons"],
    )
    # Only a section 47 enquiry starts the conference clock (rule 18).
    assert support_request.deadlines.filter(kind=Deadline.Kind.ICPC).exists() == (outcome == "s47")
    episode = support_request.children.get().episode
    assert (episode.s47_started_on is not None) == (outcome == "s47")
    assert (episode.referral_date is not None) == (outcome in ("s47", "s17_assessment"))


def test_substantiated_concerns_need_not_go_to_a_conference(staff) -> None:
    support_request = request_in_s47_enquiry(staff)
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="substantiated_no_icpc",
        reasons="Substantiated; the family is working with a CIN plan already",
        details={"closure_reason": "RC7"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    support_request = fresh(support_request)
    assert (support_request.status, support_request.outcome) == (State.CLOSED, "substantiated_no_icpc")
    assert support_request.deadlines.get(kind=Deadline.Kind.ICPC).state == Deadline.State.CANCELLED
    assert support_request.children.get().episode.icpc_not_required is True


def test_a_request_that_closes_leaves_no_clock_running_but_the_lados_and_no_check_waiting(staff) -> None:
    support_request = convened(staff)
    police = staff.paula.agency
    check = services.check_request(
        request=support_request, agency=police, question="History?", rag="red", by=staff.harry
    )
    services.strategy_discussion_record(
        request=fresh(support_request), by=staff.harry, held_at=timezone.now(), outcome="other_agency", **HELD
    )
    open_clocks = fresh(support_request).deadlines.filter(state=Deadline.State.OPEN)
    assert list(open_clocks.exclude(kind=Deadline.Kind.LADO_NOTIFICATION)) == []
    check.refresh_from_db()
    assert check.status == "closed"


def test_starting_an_enquiry_from_a_referral_stops_the_assessment_clock(staff) -> None:
    support_request = request_in_s47_enquiry(staff)
    clock = support_request.deadlines.get(kind=Deadline.Kind.SINGLE_ASSESSMENT)
    assert clock.state == Deadline.State.CANCELLED


def test_an_ending_after_the_contact_reaches_the_referrer_only_with_consent(staff) -> None:
    support_request = request_in_contact(staff, consent=payloads.consent_override())
    services.strategy_discussion_convene(request=support_request, by=staff.sian, reasons="Harm suspected")
    services.strategy_discussion_record(
        request=fresh(support_request), by=staff.harry, held_at=timezone.now(), outcome="nfa", **HELD
    )
    assert fresh(support_request).feedback_text == ""  # no parental consent (rule 22)
