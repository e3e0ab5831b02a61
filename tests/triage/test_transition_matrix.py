"""Every transition, for every role, in every source state: allowed, or refused
with a clear message. The expected table is written out here, apart from the
code, so the test fails if either changes without the other."""

import pytest
from django.db import transaction

from requests_app.models import RequestForSupport
from triage.models import Decision
from triage.services import _move, refusal_reason
from triage.states import State

WORKERS = {"harry", "sian", "priya", "tom"}
APPROVERS = {"sian", "priya", "tom"}
EVERYONE = ["harry", "sian", "priya", "tom", "rita", "paula", "ada"]

# transition -> (source states, who may, how the request must look for its conditions to hold)
EXPECTED = {
    "start_triage": ({State.SUBMITTED}, WORKERS, {}),
    "route_to_allocated_worker": ({State.SUBMITTED}, WORKERS, {"open_case_note": "Open to CSC"}),
    "contact_on_immediate_risk": ({State.SUBMITTED}, WORKERS, {"immediate_risk": True}),
    "screen_to_contact": ({State.TRIAGE_STEP}, WORKERS, {"level_decided": 4}),
    "screen_not_retained": ({State.TRIAGE_STEP}, WORKERS, {"level_decided": 2, "_no_consent": True}),
    "screen_return_for_consent": ({State.TRIAGE_STEP}, WORKERS, {"level_decided": 3, "_no_consent": True}),
    "propose_decision": ({State.CONTACT, State.SINGLE_ASSESSMENT, State.S47_ENQUIRY}, WORKERS, {}),
    "approve_decision": ({State.AWAITING_APPROVAL}, APPROVERS, {"_pending": "nfa"}),
    "return_decision": ({State.AWAITING_APPROVAL}, APPROVERS, {"_pending": "nfa"}),
    "start_assessment": ({State.REFERRAL}, WORKERS, {}),
    "start_s47": ({State.REFERRAL}, WORKERS, {}),
    "record_strategy_discussion": ({State.STRATEGY_DISCUSSION}, WORKERS, {}),
    "withdraw": ({State.SUBMITTED, State.TRIAGE_STEP}, WORKERS | {"rita"}, {}),
}


def prepared(base: RequestForSupport, state: str, setup: dict, proposer) -> RequestForSupport:
    RequestForSupport.objects.filter(pk=base.pk).update(
        status=state, pending_decision=None, open_case_note="", immediate_risk=False, level_decided=None
    )
    request = RequestForSupport.objects.select_related("consent", "area").get(pk=base.pk)
    for key, value in setup.items():
        if key == "_no_consent":
            request.consent.parental_consent, request.consent.significant_harm = "not_sought", False
        elif key == "_pending":
            request.pending_decision = Decision.objects.create(
                request=request, kind="contact", outcome=value, reasons="r", proposed_by=proposer
            )
        else:
            setattr(request, key, value)
    return request


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_transition_is_allowed_exactly_where_the_table_says(staff, submitted, name: str) -> None:
    sources, who, setup = EXPECTED[name]
    people = {key: getattr(staff, key) for key in EVERYONE}
    for state in State:
        for key, user in people.items():
            request = prepared(submitted, state, setup, proposer=staff.harry)
            reason = refusal_reason(request, name, user)
            allowed = (
                state in sources
                and key in who
                and not (name in {"approve_decision", "return_decision"} and key == "harry")
            )
            assert (reason is None) == allowed, (name, state, key, reason)
            if reason is not None:
                assert len(reason) > 20 and reason.endswith("."), reason  # a sentence, not a code


@pytest.mark.parametrize("name", ["start_triage", "withdraw", "start_assessment", "propose_decision"])
def test_an_allowed_move_really_moves_and_writes_history(staff, submitted, name: str) -> None:
    sources, _, setup = EXPECTED[name]
    request = prepared(submitted, sorted(sources)[0], setup, proposer=staff.harry)
    with transaction.atomic():
        record = _move(request, name, by=staff.priya, reason="because")
        assert record.from_state == sorted(sources)[0] and record.by == staff.priya and record.reason == "because"
        assert RequestForSupport.objects.get(pk=request.pk).status == record.to_state
        transaction.set_rollback(True)


def test_the_proposer_cannot_approve_their_own_decision(staff, submitted) -> None:
    request = prepared(submitted, State.AWAITING_APPROVAL, {"_pending": "nfa"}, proposer=staff.priya)
    assert refusal_reason(request, "approve_decision", staff.priya) == (
        "Someone other than the person who proposed a decision must approve it."
    )
    assert refusal_reason(request, "approve_decision", staff.tom) is None


def test_only_the_areas_named_roles_accept_a_referral(staff, submitted) -> None:
    request = prepared(submitted, State.AWAITING_APPROVAL, {"_pending": "referral"}, proposer=staff.harry)
    assert refusal_reason(request, "approve_decision", staff.sian) is None  # senior social worker
    assert refusal_reason(request, "approve_decision", staff.tom) is None  # team manager
    assert refusal_reason(request, "approve_decision", staff.priya) is not None  # practice manager: not by default
    request.area.referral_acceptor_roles = ["team_manager"]
    assert refusal_reason(request, "approve_decision", staff.sian) is not None


def test_a_worker_in_another_area_cannot_move_a_request(staff, submitted) -> None:
    from hub.models import Area
    from hub.roles import Role
    from tests.factories import UserFactory

    luton_worker = UserFactory(username="lw", area=Area.objects.get(slug="luton"), role=Role.HUB_WORKER)
    assert refusal_reason(submitted, "start_triage", luton_worker) == "Your role does not allow this in this area."


def test_level_3_without_consent_cannot_become_a_contact_and_says_what_to_do(staff, submitted) -> None:
    request = prepared(submitted, State.TRIAGE_STEP, {"level_decided": 3, "_no_consent": True}, proposer=staff.harry)
    reason = refusal_reason(request, "screen_to_contact", staff.harry)
    assert "level 3 with parental consent" in reason and "return it to the referrer" in reason


def test_level_4_becomes_a_contact_even_without_consent(staff, submitted) -> None:
    request = prepared(submitted, State.TRIAGE_STEP, {"level_decided": 4, "_no_consent": True}, proposer=staff.harry)
    assert refusal_reason(request, "screen_to_contact", staff.harry) is None  # rule 11
