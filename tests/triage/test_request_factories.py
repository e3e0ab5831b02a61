"""The request factories reach each state by real moves, each written to the history."""

import pytest

from requests_app.models import RequestForSupport
from tests.request_factories import (
    request_awaiting_approval,
    request_awaiting_icpc,
    request_closed,
    request_in_contact,
    request_in_referral,
    request_in_s47_enquiry,
    request_in_single_assessment,
    request_in_strategy_discussion,
    request_in_triage_step,
    request_submitted,
)
from tests.requests_app import payloads
from triage.models import TransitionRecord
from workflow.states import State

TO_CONTACT = ["start_triage", "screen_to_contact"]
TO_REFERRAL = [*TO_CONTACT, "propose_decision", "approve_decision"]
TO_S47_ENQUIRY = [*TO_REFERRAL, "start_s47", "record_strategy_discussion"]

# factory -> the state it promises, and the moves that should have got it there
WALKS = {
    request_submitted: (State.SUBMITTED, []),
    request_in_triage_step: (State.TRIAGE_STEP, ["start_triage"]),
    request_in_contact: (State.CONTACT, TO_CONTACT),
    request_awaiting_approval: (State.AWAITING_APPROVAL, [*TO_CONTACT, "propose_decision"]),
    request_in_referral: (State.REFERRAL, TO_REFERRAL),
    request_in_single_assessment: (State.SINGLE_ASSESSMENT, [*TO_REFERRAL, "start_assessment"]),
    request_in_strategy_discussion: (State.STRATEGY_DISCUSSION, [*TO_REFERRAL, "start_s47"]),
    request_in_s47_enquiry: (State.S47_ENQUIRY, TO_S47_ENQUIRY),
    request_awaiting_icpc: (State.ICPC, [*TO_S47_ENQUIRY, "propose_decision", "approve_decision"]),
    request_closed: (State.CLOSED, [*TO_CONTACT, "propose_decision", "approve_decision"]),
}


@pytest.mark.parametrize("build", list(WALKS), ids=lambda build: build.__name__)
def test_each_factory_makes_a_request_in_its_state_with_one_history_row_per_move(staff, build) -> None:
    state, moves = WALKS[build]
    support_request = build(staff)
    assert RequestForSupport.objects.get(pk=support_request.pk).status == state
    history = list(
        TransitionRecord.objects.filter(request=support_request)
        .order_by("pk")
        .values_list("name", "from_state", "to_state")
    )
    assert [name for name, _, _ in history] == moves
    # The rows join up: each move starts where the one before it ended, from submitted to the promised state.
    path = [State.SUBMITTED, *(to_state for _, _, to_state in history)]
    assert [from_state for _, from_state, _ in history] == path[:-1]
    assert path[-1] == state


def test_a_factory_walks_the_request_it_is_given_instead_of_making_one(staff) -> None:
    mine = request_submitted(staff, consent=payloads.consent_override())
    support_request = request_in_contact(staff, mine)
    assert support_request.pk == mine.pk and RequestForSupport.objects.count() == 1
    assert support_request.status == State.CONTACT and support_request.consent.parental_consent == "not_sought"


def test_a_factory_refuses_both_a_request_and_sections_for_a_new_one(staff, submitted) -> None:
    with pytest.raises(TypeError, match="not both"):
        request_in_triage_step(staff, submitted, consent=payloads.consent_override())
