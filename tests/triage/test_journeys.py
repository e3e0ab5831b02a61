"""Whole paths through the workflow, with approval and return-for-changes."""

import datetime as dt

import pytest
from django.utils import timezone

from deadlines.models import Deadline
from hub.roles import Role
from notifications.models import Notification
from tests.factories import UserFactory
from tests.helpers import fresh
from tests.request_factories import make_request, request_in_contact, request_in_referral, request_in_s47_enquiry
from tests.requests_app import payloads
from triage import services
from triage.models import TransitionRecord
from triage.services import TransitionRefused
from workflow.states import State


def test_triage_to_nfa_with_a_return_for_changes_then_approval_and_feedback(staff) -> None:
    support_request = request_in_contact(staff)
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="nfa",
        reasons="Explained by a fall",
        level=2,
        statutory_basis="none",
    )
    services.decision_return(
        request=fresh(support_request), by=staff.priya, what_needs_to_change="Speak to the school nurse first"
    )
    support_request = fresh(support_request)
    assert support_request.status == State.CONTACT and support_request.pending_decision is None
    assert Notification.objects.filter(recipient=staff.harry, subject__contains="was returned").exists()
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="nfa",
        reasons="Nurse confirms a fall at school",
        for_referrer="The school nurse saw the fall. Keep an eye on Ava's attendance.",
        level=2,
        statutory_basis="none",
    )
    services.decision_approve(request=fresh(support_request), by=staff.priya, rationale="Agreed with the proposal")
    support_request = fresh(support_request)
    assert (support_request.status, support_request.outcome) == (State.CLOSED, "nfa")
    assert "No further action" in support_request.feedback_text
    # What the worker wrote for the referrer goes to them; the internal reasons never do.
    assert "The school nurse saw the fall" in support_request.feedback_text
    assert "Nurse confirms" not in support_request.feedback_text
    assert "consider early help" in support_request.feedback_text  # other support, where the threshold was not met
    outcome_email = Notification.objects.get(kind="outcome")
    assert outcome_email.email == "rita@example.org" and "Nurse confirms" not in outcome_email.body
    moves = list(
        TransitionRecord.objects.filter(request=support_request).values_list(
            "name", "from_state", "to_state", "by__username"
        )
    )
    assert moves == [
        ("start_triage", "submitted", "triage_step", "harry"),
        ("screen_to_contact", "triage_step", "contact", "harry"),
        ("propose_decision", "contact", "awaiting_approval", "harry"),
        ("return_decision", "awaiting_approval", "contact", "priya"),
        ("propose_decision", "contact", "awaiting_approval", "harry"),
        ("approve_decision", "awaiting_approval", "closed", "priya"),
    ]
    assert Deadline.objects.get(request=support_request, kind="contact_decision").state == "met"


def test_referral_assessment_and_cin_plan_with_census_fields(staff) -> None:
    support_request = request_in_contact(staff)
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="referral",
        reasons="Needs assessment",
        level=4,
        statutory_basis="s17",
        details={"primary_need": "N1"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.sian, rationale="Agreed with the proposal")
    support_request = fresh(support_request)
    episode = support_request.children.get().episode
    assert support_request.status == State.REFERRAL and episode.primary_need == "N1"
    clock = Deadline.objects.get(request=support_request, kind="single_assessment", state="open")
    assert clock.unit == "45 working days"
    services.assessment_start(request=support_request, by=staff.harry)
    services.assessment_extend(request=fresh(support_request), by=staff.harry, reason="Four siblings, two schools")
    support_request = fresh(support_request)
    assert (
        support_request.assessment_complex and support_request.assessment_complex_reason == "Four siblings, two schools"
    )
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="cin_plan",
        reasons="Needs a plan",
        level=4,
        statutory_basis="s17",
        details={"child_seen": True, "assessment_factors": ["19B", "3A"], "primary_need": "N1"},
    )
    services.decision_return(
        request=fresh(support_request), by=staff.tom, what_needs_to_change="Record the child's wishes"
    )
    services.decision_propose(
        request=fresh(support_request),
        by=staff.harry,
        outcome="cin_plan",
        reasons="Plan agreed with mum",
        details={"child_seen": True, "assessment_factors": ["19B"], "primary_need": "N1"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    support_request = fresh(support_request)
    assert (support_request.status, support_request.outcome) == (State.CLOSED, "cin_plan")
    episode = support_request.children.get().episode
    assert (episode.child_seen, episode.assessment_factors) == (True, ["19B"])
    assert episode.assessment_authorised_on == timezone.localdate()
    assert Deadline.objects.get(pk=clock.pk).state == "met"
    assert (
        "child in need plan" in support_request.feedback_text
    )  # consent was given, so the assessment outcome goes back


def test_s47_from_a_referral_to_a_conference_and_cp_plan(staff) -> None:
    support_request = request_in_referral(staff, statutory_basis="s47")
    services.s47_start(request=support_request, by=staff.harry, reasons="Bruising to a non-mobile baby")
    held = timezone.now() - dt.timedelta(hours=1)
    services.strategy_discussion_record(
        request=fresh(support_request),
        by=staff.harry,
        held_at=held,
        attendees="Police, health, CSC",
        reasons="Agreed s47",
    )
    support_request = fresh(support_request)
    icpc = Deadline.objects.get(request=support_request, kind="icpc")
    assert support_request.status == State.S47_ENQUIRY and icpc.started_at == held and icpc.unit == "15 working days"
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="further_statutory",
        reasons="Risk remains",
        details={"icpc_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat()},
    )
    services.decision_return(request=fresh(support_request), by=staff.tom, what_needs_to_change="Add the police view")
    services.decision_propose(
        request=fresh(support_request),
        by=staff.harry,
        outcome="further_statutory",
        reasons="Risk remains; police agree",
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    assert fresh(support_request).status == State.ICPC
    services.icpc_record(
        request=fresh(support_request),
        by=staff.harry,
        held_at=timezone.now(),
        outcome="cp_plan",
        reasons="Plan agreed",
        category="PHY",
    )
    support_request = fresh(support_request)
    assert (support_request.status, support_request.outcome) == (State.CLOSED, "cp_plan")
    assert Deadline.objects.get(pk=icpc.pk).state == "met"
    # The front door has finished; the child's episode goes on under the plan.
    episode = support_request.children.get().episode
    assert (episode.stage, episode.is_open, episode.cp_plan_start) == ("finished", True, timezone.localdate())
    assert (episode.initial_category, episode.s47_started_on, episode.icpc_target) == (
        "PHY",
        timezone.localdate(held),
        timezone.localdate(icpc.due_at),
    )


def test_an_s47_outcome_without_a_conference_cancels_the_conference_clock(staff) -> None:
    support_request = request_in_s47_enquiry(staff)
    services.decision_propose(
        request=support_request, by=staff.harry, outcome="no_concerns", reasons="Not substantiated"
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    assert Deadline.objects.get(request=support_request, kind="icpc").state == "cancelled"


def test_a_cp_plan_cannot_be_recorded_without_a_conference(staff) -> None:
    support_request = request_in_contact(staff)
    with pytest.raises(TransitionRefused, match="A contact decision is one of"):
        services.decision_propose(request=support_request, by=staff.harry, outcome="cp_plan", reasons="r")


def test_assessment_outcome_feedback_needs_parental_consent(staff) -> None:
    support_request = request_in_referral(staff, consent=payloads.consent_override())
    assert "referral for a statutory assessment" in support_request.feedback_text  # contact outcome: always (rule 22)
    services.assessment_start(request=support_request, by=staff.harry)
    services.decision_propose(
        request=fresh(support_request),
        by=staff.harry,
        outcome="targeted_services",
        reasons="Family support",
        details={"child_seen": True, "assessment_factors": ["21"], "primary_need": "N4"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    support_request = fresh(support_request)
    assert support_request.status == State.CLOSED
    assert (
        "targeted services" not in support_request.feedback_text
    )  # no parental consent: the assessment outcome is not sent
    assert not Notification.objects.filter(kind="outcome", dedupe_key__endswith=":targeted_services").exists()


def test_an_immediate_risk_request_becomes_a_contact_without_a_triage_step(staff) -> None:
    support_request = make_request(staff.rita, start={"immediate_risk": ["yes"]})
    assert support_request.immediate_risk
    services.triage_begin(request=support_request, by=staff.harry)
    assert fresh(support_request).status == State.CONTACT  # rule 7
    assert not TransitionRecord.objects.filter(request=support_request, to_state="triage_step").exists()


def test_a_luton_step_below_threshold_without_consent_is_not_retained(staff, luton) -> None:
    worker = UserFactory(username="lutonworker", area=luton, role=Role.HUB_WORKER)
    consent = payloads.consent_override(significant_harm="no", override_grounds=[], lawful_basis="", rationale="")
    support_request = make_request(staff.rita, area="luton", consent=consent)
    services.triage_begin(request=support_request, by=worker)
    with pytest.raises(TransitionRefused, match="needs level 1 or 2 and parental consent"):
        services.triage_screen(
            request=fresh(support_request), by=worker, action="close", level=2, reasons="r", outcome="advice"
        )
    services.triage_screen(
        request=fresh(support_request), by=worker, action="not_retained", level=2, reasons="Emerging needs only"
    )
    assert fresh(support_request).status == State.NOT_RETAINED


def test_withdrawing_stops_the_clocks(staff, submitted) -> None:
    services.request_withdraw(request=submitted, by=staff.rita, reason="Sent in error")
    support_request = fresh(submitted)
    assert support_request.status == State.WITHDRAWN and support_request.outcome == "withdrawn"
    assert Deadline.objects.get(request=support_request, kind="contact_decision").state == "cancelled"
