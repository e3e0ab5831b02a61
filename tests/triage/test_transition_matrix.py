"""Every transition, for every role, in every source state: allowed, or refused
with a clear message. The expected table is written out here, apart from the
code, so the test fails if either changes without the other."""

import pytest
from django.db import transaction

from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.factories import UserFactory
from tests.request_factories import (
    request_awaiting_approval,
    request_in_contact,
    request_in_referral,
    request_in_triage_step,
    request_submitted,
)
from tests.requests_app import payloads
from triage.models import Decision
from triage.services.moving import move
from workflow.fsm import refusal_reason
from workflow.states import State

WORKERS = {"harry", "sian", "priya", "tom"}
APPROVERS = {"sian", "priya", "tom"}
EVERYONE = ["harry", "sian", "priya", "tom", "rita", "paula", "ada"]

# transition -> (source states, who may, how the request must look for its conditions to hold)
EXPECTED = {
    "start_triage": ({State.SUBMITTED}, WORKERS, {}),
    "route_to_allocated_worker": ({State.SUBMITTED}, WORKERS, {"open_case_note": "Open to CSC"}),
    "contact_on_immediate_risk": ({State.SUBMITTED}, WORKERS, {"immediate_risk": True}),
    "screen_to_contact": ({State.TRIAGE_STEP}, WORKERS, {"level_decided": 4}),
    "screen_not_retained": (
        {State.TRIAGE_STEP},
        WORKERS,
        {"level_decided": 2, "_no_consent": True, "_area_purges": True},
    ),
    "screen_return_for_consent": ({State.TRIAGE_STEP}, WORKERS, {"level_decided": 3, "_no_consent": True}),
    "propose_decision": ({State.CONTACT, State.SINGLE_ASSESSMENT, State.S47_ENQUIRY}, WORKERS, {}),
    "approve_decision": ({State.AWAITING_APPROVAL}, APPROVERS, {"_pending": "nfa"}),
    "return_decision": ({State.AWAITING_APPROVAL}, APPROVERS, {"_pending": "nfa"}),
    "start_assessment": ({State.REFERRAL}, WORKERS, {}),
    "start_s47": ({State.REFERRAL}, WORKERS, {}),
    "record_strategy_discussion": ({State.STRATEGY_DISCUSSION}, WORKERS, {}),
    "withdraw": ({State.SUBMITTED, State.TRIAGE_STEP}, WORKERS | {"rita"}, {}),
}
# Each move as the refusal names it: "You cannot <move> while the request is '<state>'."
IN_WORDS = {
    "start_triage": "start triage",
    "route_to_allocated_worker": "send to the allocated worker",
    "contact_on_immediate_risk": "make a contact now (immediate risk)",
    "screen_to_contact": "make a contact",
    "screen_not_retained": "do not retain (below threshold, no consent)",
    "screen_return_for_consent": "return to the referrer for consent",
    "propose_decision": "propose a decision",
    "approve_decision": "approve the decision",
    "return_decision": "return for changes",
    "start_assessment": "start the single assessment",
    "start_s47": "start a section 47 enquiry",
    "record_strategy_discussion": "record the strategy discussion",
    "withdraw": "withdraw",
}
NOT_YOUR_ROLE = "Your role does not allow this in this area."
FOUR_EYES = "Someone other than the person who proposed a decision must approve it."


def expected_refusal(name: str, state: str, key: str) -> str | None:
    """What the table says `key` is told when trying `name` in `state`; None where it is allowed.
    Harry proposed the pending decision, so he is refused approving or returning it."""
    sources, who, _ = EXPECTED[name]
    if state not in sources:
        return f"You cannot {IN_WORDS[name]} while the request is '{State(state).label}'."
    if name in {"approve_decision", "return_decision"} and key == "harry":
        return FOUR_EYES
    if key not in who:
        return NOT_YOUR_ROLE
    return None


def prepared(base: RequestForSupport, state: str, setup: dict, proposer) -> RequestForSupport:
    """`base` forced into `state`. Only the matrix uses this: it asks refusal_reason about
    every state, including endings no factory builds, and never makes the move."""
    RequestForSupport.objects.filter(pk=base.pk).update(
        status=state, pending_decision=None, open_case_note="", immediate_risk=False, level_decided=None
    )
    request = RequestForSupport.objects.select_related("consent", "area").get(pk=base.pk)
    for key, value in setup.items():
        if key == "_no_consent":
            request.consent.parental_consent, request.consent.significant_harm = "not_sought", False
            request.consent.harm_asserted = False
        elif key == "_area_purges":
            request.area.purges_not_retained = True  # in memory only: the policy, as Luton's
        elif key == "_pending":
            request.pending_decision = Decision.objects.create(
                request=request, kind="contact", outcome=value, reasons="r", proposed_by=proposer
            )
        else:
            setattr(request, key, value)
    return request


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_transition_is_allowed_exactly_where_the_table_says(staff, submitted, name: str) -> None:
    _, _, setup = EXPECTED[name]
    people = {key: getattr(staff, key) for key in EVERYONE}
    for state in State:
        for key, user in people.items():
            request = prepared(submitted, state, setup, proposer=staff.harry)
            reason = refusal_reason(request, name, user)
            assert reason == expected_refusal(name, state, key), (name, state, key)


@pytest.mark.parametrize(
    ("name", "build", "source"),
    [
        ("start_triage", request_submitted, State.SUBMITTED),
        ("withdraw", request_submitted, State.SUBMITTED),
        ("start_assessment", request_in_referral, State.REFERRAL),
        ("propose_decision", request_in_contact, State.CONTACT),
    ],
)
def test_an_allowed_move_really_moves_and_writes_history(staff, name: str, build, source: str) -> None:
    request = build(staff)
    with transaction.atomic():
        record = move(request, name, by=staff.priya, reason="because")
        assert record.from_state == source and record.by == staff.priya and record.reason == "because"
        assert RequestForSupport.objects.get(pk=request.pk).status == record.to_state
        transaction.set_rollback(True)


def test_the_proposer_cannot_approve_their_own_decision(staff) -> None:
    request = request_awaiting_approval(staff, outcome="nfa", proposer=staff.priya)
    assert refusal_reason(request, "approve_decision", staff.priya) == FOUR_EYES
    assert refusal_reason(request, "approve_decision", staff.tom) is None


def test_only_the_areas_named_roles_accept_a_referral(staff) -> None:
    request = request_awaiting_approval(staff, outcome="referral")
    assert refusal_reason(request, "approve_decision", staff.sian) is None  # senior social worker
    assert refusal_reason(request, "approve_decision", staff.tom) is None  # team manager
    # A practice manager does not accept referrals by default.
    assert refusal_reason(request, "approve_decision", staff.priya) == NOT_YOUR_ROLE
    request.area.referral_acceptor_roles = ["team_manager"]
    assert refusal_reason(request, "approve_decision", staff.sian) == NOT_YOUR_ROLE


def test_a_worker_in_another_area_cannot_move_a_request(staff, submitted, luton) -> None:
    luton_worker = UserFactory(username="lw", area=luton, role=Role.HUB_WORKER)
    assert refusal_reason(submitted, "start_triage", luton_worker) == NOT_YOUR_ROLE


def test_level_3_without_consent_cannot_become_a_contact_and_says_what_to_do(staff) -> None:
    request = request_in_triage_step(staff, consent=payloads.consent_override())
    request.level_decided = 3  # the worker's screening answer, set as triage_screen sets it before the move
    assert refusal_reason(request, "screen_to_contact", staff.harry) == (
        "A contact needs level 4, or level 3 with parental consent (rules 10 and 11). "
        "Decide level 4 if the child is at risk of significant harm, or return it to the referrer for consent."
    )


def test_level_4_becomes_a_contact_even_without_consent(staff) -> None:
    request = request_in_triage_step(staff, consent=payloads.consent_override())
    request.level_decided = 4  # the worker's screening answer, set as triage_screen sets it before the move
    assert refusal_reason(request, "screen_to_contact", staff.harry) is None  # rule 11
