"""Domain rules 4, 5, 7, 14, 15, 16, 23 and 33 (docs/domain.md §9), each pinned so that a one-line
change to the rule fails a test."""

import pytest

from children.matching import person_create
from notifications.models import Notification
from phone.services import phone_referral_record
from requests_app.sections import sections_validate
from tests.helpers import client_for, fresh
from tests.request_factories import (
    make_request,
    request_in_contact,
    request_in_s47_enquiry,
    request_in_single_assessment,
)
from tests.requests_app import payloads
from triage import services
from triage.models import SharingDecision
from workflow.states import DECISION_OUTCOMES, DecisionKind, State


def test_rule_4_a_blackpool_override_needs_one_of_001s_three_reasons_and_a_managers_decision(staff) -> None:
    significant_harm_only = payloads.consent_override(override_grounds=["significant_harm"])
    errors = sections_validate(payloads.sections(area="blackpool", consent=significant_harm_only), staff.rita).errors
    assert "consent.override_grounds" in errors  # significant harm alone is not one of Blackpool's grounds
    no_reason = payloads.consent_override(override_grounds=[])
    errors = sections_validate(payloads.sections(area="blackpool", consent=no_reason), staff.rita).errors
    assert errors["consent.override_grounds"] == ["Select why you are sharing without consent"]
    ok = payloads.consent_override(override_grounds=["crime_detection"])
    support_request = make_request(staff.rita, area="blackpool", consent=ok, level={"level": ["4"]})
    assert support_request.consent.needs_manager_oversight  # a manager's decision is still to be recorded


def test_rule_5_a_request_must_identify_the_referrer(staff) -> None:
    anonymous = payloads.sections()
    anonymous["about_you"]["name"] = [""]
    errors = sections_validate(anonymous, staff.rita).errors
    assert errors["about_you.name"] == ["Enter your full name"]


def test_rule_7_an_immediate_risk_call_makes_a_contact_with_no_triage_step(staff) -> None:
    call = phone_referral_record(
        by=staff.harry,
        area=staff.harry.area,
        caller_name="PC Jones",
        caller_agency="Police",
        caller_phone="101",
        child_name="Ava Smith",
        worries="Found alone",
        immediate_risk=True,
        decision="contact",
        referral_source="6",
    )
    about_you = {key: [value] for key, value in {**payloads.ABOUT_YOU, "phone_reference": call.reference}.items()}
    support_request = make_request(staff.rita, about_you=about_you)
    services.triage_begin(request=support_request, by=staff.harry)
    support_request = fresh(support_request)
    assert support_request.status == State.CONTACT
    assert not support_request.history.filter(to_state=State.TRIAGE_STEP).exists()


def test_rule_14_contact_outcomes_are_exactly_these_five(staff) -> None:
    assert set(DECISION_OUTCOMES[DecisionKind.CONTACT]) == {
        "nfa",
        "advice_info",
        "family_help_service",
        "signposted",
        "referral",
    }
    with pytest.raises(services.TransitionRefused, match="A contact decision is one of"):
        services.decision_propose(request=request_in_contact(staff), by=staff.harry, outcome="cin_plan", reasons="r")


def test_rule_15_assessment_outcomes_are_exactly_these_five(staff) -> None:
    assert set(DECISION_OUTCOMES[DecisionKind.ASSESSMENT]) == {"advice", "targeted_services", "cin_plan", "nfa", "s47"}
    with pytest.raises(services.TransitionRefused, match="An assessment outcome is one of"):
        services.decision_propose(
            request=request_in_single_assessment(staff), by=staff.harry, outcome="referral", reasons="r"
        )


def test_rule_16_substantiated_concerns_are_often_but_not_always_a_conference(staff) -> None:
    assert {"no_concerns", "cin_plan", "further_statutory"} <= set(DECISION_OUTCOMES[DecisionKind.S47])
    to_conference = request_in_s47_enquiry(staff)
    services.decision_propose(request=to_conference, by=staff.harry, outcome="further_statutory", reasons="r")
    services.decision_approve(request=fresh(to_conference), by=staff.tom, rationale="Agreed")
    assert fresh(to_conference).status == State.ICPC
    without = request_in_s47_enquiry(staff)
    services.decision_propose(
        request=without, by=staff.harry, outcome="substantiated_no_icpc", reasons="r", details={"closure_reason": "RC7"}
    )
    services.decision_approve(request=fresh(without), by=staff.tom, rationale="Agreed")
    assert fresh(without).status == State.CLOSED


def test_rule_23_declining_to_share_is_recorded_with_its_reasons_as_sharing_is(staff) -> None:
    support_request = request_in_contact(staff)
    police = staff.paula.agency
    check = services.check_request(
        request=support_request, agency=police, question="Any history?", rag="green", by=staff.harry
    )
    with pytest.raises(services.TransitionRefused, match="Give your reasons"):
        services.check_answer(
            check=check, by=staff.paula, share=False, response="", reasons="", lawful_basis="public_task"
        )
    services.check_answer(
        check=check, by=staff.paula, share=False, response="", reasons="Live investigation", lawful_basis="public_task"
    )
    declined = SharingDecision.objects.get(partner_check=check)
    assert (declined.decision, declined.reasons) == ("not_share", "Live investigation")


def test_rule_33_a_disagreement_goes_to_the_team_manager_and_never_pauses_the_case(staff) -> None:
    support_request = make_request(staff.rita)
    person_create(child=support_request.children.get(), by=staff.harry)
    client_for(staff.rita).post(f"/triage/disagree/{support_request.reference}/", {"evidence": "The bruising is new"})
    assert Notification.objects.filter(recipient=staff.tom, subject__startswith="Disagreement").exists()
    assert not Notification.objects.filter(recipient=staff.priya, subject__startswith="Disagreement").exists()
    services.triage_begin(request=fresh(support_request), by=staff.harry)  # the case moves on meanwhile
    assert fresh(support_request).status == State.TRIAGE_STEP
