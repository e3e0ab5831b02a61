"""Each child's record: their own outcome, an episode of need whose dates come from the
workflow's own events, identifiers for the returns, and the return's rules checked as
the record is made (docs/decisions/0007)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from children.census_checks import child_findings
from children.episodes import episode_close, episodes_apply, previous_cp_plans, rereferral
from children.matching import match_link, person_create
from children.models import Episode
from children.records import person_record_update
from deadlines.calendar import LONDON
from hub.models import AuditEvent, Team
from notifications.models import Notification
from phone.services import phone_referral_record
from requests_app.models import RequestForSupport
from returns.census import referral_source_for
from tests.helpers import client_for, fresh
from tests.request_factories import (
    make_request,
    request_awaiting_icpc,
    request_in_contact,
    request_in_referral,
    request_in_s47_enquiry,
    request_in_single_assessment,
    request_in_strategy_discussion,
    request_in_triage_step,
)
from tests.requests_app import payloads
from triage import services
from triage.child_forms import ChildRecordForm
from triage.decision_forms import ProposeForm
from workflow.states import State

SIBLINGS = {"children": [payloads.child("Ava"), payloads.child("Ben", age=4)]}


def cin_plan_approved(staff, support_request: RequestForSupport, team: Team) -> None:
    """The assessment ends in a child in need plan, handed to `team`, proposed by Harry and approved by Tom."""
    services.decision_propose(
        request=fresh(support_request),
        by=staff.harry,
        outcome="cin_plan",
        reasons="Plan agreed",
        details={"child_seen": True, "assessment_factors": ["3A"], "primary_need": "N1", "handover_team": team.pk},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")


def episode_of(support_request: RequestForSupport, first_name: str) -> Episode:
    return Episode.objects.get(child__request=support_request, child__first_name=first_name)


@pytest.fixture
def team(lancashire) -> Team:
    return Team.objects.get_or_create(area=lancashire, name="Family Help North", defaults={"kind": "early_help"})[0]


def test_siblings_go_different_ways_and_the_request_goes_on_while_one_child_does(staff, team) -> None:
    support_request = request_in_contact(staff, **SIBLINGS)
    ava, ben = (episode_of(support_request, name) for name in ("Ava", "Ben"))
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="family_help_service",
        reasons="Ava needs family help; Ben needs an assessment",
        details={"primary_need": "N1", "handover_team": team.pk},
        child_outcomes={ben.child_id: "referral"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    support_request = fresh(support_request)
    ava, ben = (episode_of(support_request, name) for name in ("Ava", "Ben"))
    assert support_request.status == State.REFERRAL  # Ben's work goes on
    assert (ava.stage, ava.outcome, ava.handed_to_team, ava.is_open) == ("finished", "family_help_service", team, True)
    assert (ben.stage, ben.referral_date) == ("in_play", timezone.localdate(support_request.received_at))
    assert ava.referral_date is None  # a contact stepped down to family help is not a referral


def test_when_every_sibling_has_an_outcome_the_front_door_closes_and_the_referrer_reads_each(staff) -> None:
    support_request = request_in_contact(staff, **SIBLINGS)
    ben = episode_of(support_request, "Ben")
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="nfa",
        reasons="No concerns for Ava; advice for Ben",
        child_outcomes={ben.child_id: "advice_info"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    support_request = fresh(support_request)
    assert (support_request.status, support_request.closed_at is not None) == (State.CLOSED, True)
    assert [e.outcome for e in Episode.objects.filter(child__request=support_request).order_by("child__position")] == [
        "nfa",
        "advice_info",
    ]
    assert "Ava: No further action" in support_request.feedback_text
    assert "Ben: We gave advice and information." in support_request.feedback_text


def test_a_sibling_outcome_the_decision_cannot_give_is_refused(staff) -> None:
    support_request = request_in_contact(staff, **SIBLINGS)
    ben = episode_of(support_request, "Ben")
    with pytest.raises(services.TransitionRefused, match="Each child's outcome"):
        services.decision_propose(
            request=support_request,
            by=staff.harry,
            outcome="nfa",
            reasons="r",
            child_outcomes={ben.child_id: "cp_plan"},
        )


def test_the_decision_form_asks_for_a_sibling_outcome_only_when_there_are_siblings(staff, lancashire) -> None:
    one = request_in_contact(staff)
    two = request_in_contact(staff, **SIBLINGS)
    single = ProposeForm(
        kind="contact", children=[e.child for e in Episode.objects.filter(child__request=one)], area=lancashire
    )
    pair = ProposeForm(
        kind="contact", children=[e.child for e in Episode.objects.filter(child__request=two)], area=lancashire
    )
    assert not any(name.startswith("outcome_for_") for name in single.fields)
    assert [f.label for name, f in pair.fields.items() if name.startswith("outcome_for_")] == [
        "Outcome for Ava, if different",
        "Outcome for Ben, if different",
    ]


def test_a_cin_plan_hands_the_child_on_and_leaves_the_episode_open(staff, team) -> None:
    support_request = request_in_single_assessment(staff)
    cin_plan_approved(staff, support_request, team)
    support_request = fresh(support_request)
    episode = support_request.children.get().episode
    assert support_request.status == State.CLOSED  # finished at the front door...
    assert episode.is_open and episode.closed_on is None  # ...but the child's episode goes on
    assert (episode.cin_plan_start, episode.handed_to_team) == (timezone.localdate(), team)


def test_a_worker_closes_an_episode_with_a_census_reason_which_ends_its_plan(staff, team) -> None:
    support_request = request_in_single_assessment(staff)
    cin_plan_approved(staff, support_request, team)
    child = fresh(support_request).children.get()
    client = client_for(staff.harry)
    url = f"/triage/requests/{support_request.reference}/children/{child.pk}/close/"
    today = timezone.localdate()
    blank = client.post(url, {"close-reason": "", **_date("close-closed_on", today)})
    assert blank.status_code == 400 and "Select why the episode is closing" in blank.content.decode()
    assert client.post(url, {"close-reason": "RC7", **_date("close-closed_on", today)}).status_code == 302
    episode = Episode.objects.get(child=child)
    assert (episode.closed_on, episode.closure_reason, episode.cin_plan_end) == (today, "RC7", today)


def _date(name: str, day: dt.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_episode_dates_come_from_the_workflow_events_not_from_typed_copies(staff) -> None:
    monday = dt.datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)
    with time_machine.travel(monday, tick=False):
        support_request = request_in_referral(staff, statutory_basis="s47")
    with time_machine.travel(monday + dt.timedelta(days=2), tick=False):
        services.s47_start(request=fresh(support_request), by=staff.harry, reasons="Injury")
        # The discussion was held yesterday and recorded today: the enquiry starts when it was held.
        services.strategy_discussion_record(
            request=fresh(support_request),
            by=staff.harry,
            held_at=monday + dt.timedelta(days=1),
            attendees="Police, health",
            reasons="Agreed",
        )
    episode = fresh(support_request).children.get().episode
    icpc = fresh(support_request).deadlines.get(kind="icpc")
    assert episode.referral_date == dt.date(2026, 11, 16)
    assert episode.s47_started_on == dt.date(2026, 11, 17)
    assert episode.icpc_target == timezone.localdate(icpc.due_at)


def test_a_phoned_referral_dates_the_referral_from_the_call(staff) -> None:
    called_at = timezone.now() - dt.timedelta(days=1)
    call = phone_referral_record(
        by=staff.harry,
        area=staff.harry.area,
        called_at=called_at,
        caller_name="Rita Patel",
        caller_agency="Ribble Valley Primary School",
        caller_phone="01234 567890",
        child_name="Ava Smith",
        worries="Bruises",
        decision="triage",
        referral_source="2A",
    )
    about_you = {key: [value] for key, value in {**payloads.ABOUT_YOU, "phone_reference": call.reference}.items()}
    support_request = request_in_referral(staff, submitted=make_request(staff.rita, about_you=about_you))
    assert support_request.children.get().episode.referral_date == timezone.localdate(called_at)
    assert call.referral_source == "2A"  # a phoned referral records its census source too


def test_re_referrals_follow_the_census_a_child_referred_three_times_in_14_months(staff) -> None:
    known = None
    flags = []
    for when in (dt.datetime(2025, 1, 6, 10), dt.datetime(2025, 6, 2, 10), dt.datetime(2026, 3, 2, 10)):
        with time_machine.travel(when.replace(tzinfo=LONDON), tick=False):
            support_request = make_request(staff.rita)
            child = support_request.children.get()
            if known is None:
                known = person_create(child=child, by=staff.harry)
            else:
                match_link(child=child, person=known, by=staff.harry)
            support_request = request_in_referral(staff, submitted=fresh(support_request))
            flags.append(rereferral(support_request.children.get().episode))
    # The second is within 12 months of the first; the third within 12 months of the second.
    assert flags == [False, True, True]


def test_an_unborn_childs_sex_is_recorded_as_not_known(staff) -> None:
    unborn = {**payloads.unborn_child(), "sex": "F"}  # what a scan suggested
    support_request = make_request(staff.rita, children=[unborn])
    assert support_request.children.get().sex == "U"


def test_no_factors_identified_cannot_be_combined_with_another_factor(staff, lancashire) -> None:
    form = ProposeForm(
        {
            "outcome": "nfa",
            "reasons": "r",
            "child_seen": "yes",
            "assessment_factors": ["21", "3A"],
            "primary_need": "N1",
        },
        kind="assessment",
        area=lancashire,
    )
    assert not form.is_valid()
    assert form.errors["assessment_factors"] == ["'No factors identified' cannot go with other factors"]


def test_no_disability_cannot_be_combined_with_a_disability(staff) -> None:
    form = ChildRecordForm({"upn": "", "upn_unknown_reason": "UN1", "disabilities": ["NONE", "AUT"]})
    assert form.errors["disabilities"] == ["'No disability' cannot be recorded with a disability"]
    person = person_create(child=make_request(staff.rita).children.get(), by=staff.harry)
    with pytest.raises(ValidationError, match="No disability"):
        person_record_update(
            person=person, by=staff.harry, upn="", upn_unknown_reason="UN1", disabilities=["NONE", "AUT"]
        )


def test_referral_nfa_is_set_only_for_a_referral_that_closed_before_any_assessment(staff) -> None:
    referred = request_in_referral(staff)
    episodes_apply(request=referred, outcome_for=lambda child_id: "nfa", by=staff.harry)
    assessed = request_in_single_assessment(staff)
    episodes_apply(request=assessed, outcome_for=lambda child_id: "nfa", by=staff.harry)
    contact_only = request_in_contact(staff)
    episodes_apply(request=contact_only, outcome_for=lambda child_id: "nfa", by=staff.harry)
    assert referred.children.get().episode.referral_nfa is True
    assert assessed.children.get().episode.referral_nfa is False
    assert contact_only.children.get().episode.referral_nfa is False  # a contact is not a referral


def test_the_child_page_lists_what_the_return_still_needs_with_a_link_to_fix_each(staff) -> None:
    support_request = request_in_referral(staff)
    child = support_request.children.get()
    assert [f.fix for f in child_findings(child)] == ["matching"]  # no LA child ID until matched
    person_create(child=child, by=staff.harry)
    child = fresh(support_request).children.select_related("person", "episode").get()
    assert [f.message for f in child_findings(child)] == [
        "Record Ava's unique pupil number (UPN), or why it is not known."
    ]
    page = client_for(staff.harry).get(f"/triage/requests/{support_request.reference}/children/{child.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'href="#id_record-upn"' in html and 'id="id_record-upn"' in html
    assert child.person.la_child_id.startswith("C") and child.person.la_child_id in html


def test_a_closure_with_no_reason_is_flagged(staff) -> None:
    support_request = request_in_referral(staff)
    episodes_apply(request=support_request, outcome_for=lambda child_id: "nfa", by=staff.harry)
    messages = [f.message for f in child_findings(fresh(support_request).children.get())]
    assert "The episode closed with no reason." in messages


def test_closed_after_assessment_is_flagged_after_a_section_47_enquiry(staff) -> None:
    support_request = request_in_s47_enquiry(staff)  # the enquiry starts when the strategy discussion is held
    episodes_apply(request=support_request, outcome_for=lambda child_id: "nfa", by=staff.harry, closure_reason="RC8")
    messages = [f.message for f in child_findings(fresh(support_request).children.get())]
    assert any("(RC8 or RC9) but had a section 47 enquiry or a plan" in message for message in messages)


def test_the_referral_source_comes_from_the_agency_and_role_and_a_correction_is_audited(staff) -> None:
    assert referral_source_for(None, role="Nurse in A&E") == "3E"
    assert referral_source_for(staff.rita.agency, role="School nurse") == "3C"
    assert referral_source_for(staff.rita.agency, role="Designated safeguarding lead") == "2A"
    support_request = request_in_referral(staff)
    response = client_for(staff.harry).post(
        f"/triage/requests/{support_request.reference}/referral_source/", {"referral_source-referral_source": "1A"}
    )
    assert response.status_code == 302
    assert fresh(support_request).cin_referral_source == "1A"
    assert support_request.children.get().episode.referral_source == "1A"
    audit = AuditEvent.objects.filter(reference=support_request.reference, detail__has_key="referral_source").get()
    assert audit.detail["referral_source"] == {"from": "2A", "to": "1A"}


def test_the_api_shows_each_childs_front_door_and_episode_but_no_names(staff) -> None:
    support_request = request_in_strategy_discussion(staff, **SIBLINGS)
    body = client_for(staff.harry).get(f"/api/v1/requests/{support_request.reference}/").json()
    assert body["children"] == [
        {"position": 1, "front_door": "in_play", "episode": "open", "outcome": None},
        {"position": 2, "front_door": "in_play", "episode": "open", "outcome": None},
    ]
    assert "Ava" not in str(body)


def test_a_sibling_whose_need_differs_gets_their_own_level_and_the_request_goes_by_the_highest(staff) -> None:
    support_request = request_in_triage_step(staff, **SIBLINGS)
    ben = episode_of(support_request, "Ben")
    services.triage_screen(
        request=support_request,
        by=staff.harry,
        action="contact",
        level=3,
        statutory_basis="s17",
        reasons="Ben is at risk of significant harm",
        child_levels={ben.child_id: 4},
    )
    assert fresh(support_request).level_decided == 4
    assert (episode_of(support_request, "Ava").level_decided, episode_of(support_request, "Ben").level_decided) == (
        3,
        4,
    )


def test_a_plan_review_records_its_date_and_the_latest_category(staff, team) -> None:
    support_request = request_awaiting_icpc(staff)
    services.icpc_record(
        request=support_request,
        by=staff.harry,
        held_at=timezone.now() - dt.timedelta(days=3),
        outcome="cp_plan",
        category="NEG",
        team=team,
    )
    child = fresh(support_request).children.get()
    url = f"/triage/requests/{support_request.reference}/children/{child.pk}/review/"
    reviewed = timezone.localdate() - dt.timedelta(days=1)
    response = client_for(staff.harry).post(url, {**_date("review-reviewed_on", reviewed), "review-category": "EMO"})
    assert response.status_code == 302
    episode = Episode.objects.get(child=child)
    assert (episode.cp_review_dates, episode.initial_category, episode.latest_category) == (
        [reviewed.isoformat()],
        "NEG",
        "EMO",
    )
    if child.person_id is None:
        assert previous_cp_plans(episode) is None  # counted once Ava is linked to her record
        person_create(child=child, by=staff.harry)
    assert previous_cp_plans(Episode.objects.get(child=child)) == 0


# What a review of the episodes found, each pinned.


def test_the_referrer_api_shows_later_outcomes_only_with_parental_consent(staff, team) -> None:
    support_request = request_in_single_assessment(staff, consent=payloads.consent_override())
    cin_plan_approved(staff, support_request, team)
    url = f"/api/v1/requests/{support_request.reference}/"
    referrer = client_for(staff.rita).get(url).json()["children"][0]
    worker = client_for(staff.harry).get(url).json()["children"][0]
    assert (referrer["outcome"], referrer["episode"]) == (None, None)  # no consent: rule 22
    assert (worker["outcome"], worker["episode"]) == ("cin_plan", "open")


def test_a_sibling_accepted_as_a_referral_needs_an_approver_whose_role_accepts_referrals(staff) -> None:
    support_request = request_in_contact(staff, **SIBLINGS)
    ben = episode_of(support_request, "Ben")
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="nfa",
        reasons="Ben needs an assessment",
        details={"primary_need": "N1"},
        child_outcomes={ben.child_id: "referral"},
    )
    # A practice manager approves decisions, but Lancashire's referral acceptors are seniors and team managers.
    with pytest.raises(PermissionDenied):
        services.decision_approve(request=fresh(support_request), by=staff.priya, rationale="Agreed with the proposal")


def test_a_decision_whose_own_outcome_is_no_childs_is_refused(staff) -> None:
    support_request = request_in_contact(staff, **SIBLINGS)
    ava, ben = (episode_of(support_request, name) for name in ("Ava", "Ben"))
    with pytest.raises(services.TransitionRefused, match="at least one child's"):
        services.decision_propose(
            request=support_request,
            by=staff.harry,
            outcome="referral",
            reasons="r",
            details={"primary_need": "N1"},
            child_outcomes={ava.child_id: "nfa", ben.child_id: "advice_info"},
        )


def test_contact_feedback_names_each_childs_outcome_including_a_sibling_who_goes_on(staff, team) -> None:
    support_request = request_in_contact(staff, **SIBLINGS)
    ben = episode_of(support_request, "Ben")
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="nfa",
        reasons="r",
        details={"primary_need": "N1"},
        child_outcomes={ben.child_id: "referral"},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    text = fresh(support_request).feedback_text
    assert "Ava: No further action" in text and "Ben: We accepted the request as a referral" in text


def test_a_referred_sibling_needs_a_primary_need_and_a_closing_case_needs_its_reason(staff, lancashire) -> None:
    pair = request_in_contact(staff, **SIBLINGS)
    children = [e.child for e in Episode.objects.filter(child__request=pair).order_by("child__position")]
    form = ProposeForm(
        {
            "outcome": "nfa",
            "reasons": "r",
            "level": "4",
            "statutory_basis": "s17",
            f"outcome_for_{children[1].pk}": "referral",
        },
        kind="contact",
        children=children,
        area=lancashire,
    )
    assert form.errors["primary_need"] == ["Select the primary need for a referral"]
    assessed = ProposeForm(
        {"outcome": "nfa", "reasons": "r", "child_seen": "yes", "assessment_factors": ["21"], "primary_need": "N9"},
        kind="assessment",
        area=lancashire,
    )
    assert assessed.errors["closure_reason"] == ["Select the closure reason (census) for the child whose case closes"]


def test_a_closed_episode_missing_its_reason_can_be_given_one(staff) -> None:
    support_request = request_in_referral(staff)
    episodes_apply(request=support_request, outcome_for=lambda child_id: "nfa", by=staff.harry)
    child = fresh(support_request).children.get()
    url = f"/triage/requests/{support_request.reference}/children/{child.pk}/close/"
    closed_on = Episode.objects.get(child=child).closed_on
    response = client_for(staff.harry).post(url, {"close-reason": "RC7", **_date("close-closed_on", closed_on)})
    assert response.status_code == 302
    assert Episode.objects.get(child=child).closure_reason == "RC7"


def test_closing_the_last_plan_makes_the_child_no_longer_an_open_case(staff, team) -> None:
    support_request = request_in_single_assessment(staff)
    person = person_create(child=support_request.children.get(), by=staff.harry)
    cin_plan_approved(staff, support_request, team)
    person.refresh_from_db()
    assert person.open_case  # the next request about this child goes to the team (rule 6)
    episode = Episode.objects.get(child__request=support_request)
    episode_close(episode=episode, reason="RC7", on=timezone.localdate(), by=staff.harry)
    person.refresh_from_db()
    assert (person.open_case, person.allocated_worker) == (False, "")


def test_a_written_follow_up_takes_the_calls_referral_source(staff) -> None:
    call = phone_referral_record(
        by=staff.harry,
        area=staff.harry.area,
        caller_name="Kim Smith",
        caller_agency="Family",
        caller_phone="0",
        child_name="Ava Smith",
        worries="Bruises",
        decision="triage",
        referral_source="1A",
    )
    about_you = {key: [value] for key, value in {**payloads.ABOUT_YOU, "phone_reference": call.reference}.items()}
    assert make_request(staff.rita, about_you=about_you).cin_referral_source == "1A"


def test_a_step_down_to_early_help_names_the_lead_and_whether_the_family_agreed_and_tells_the_team(
    staff, lancashire
) -> None:
    support_request = request_in_contact(staff)
    team = staff.harry.team  # Harry's team takes the family on
    children = [e.child for e in Episode.objects.filter(child__request=support_request)]
    form = ProposeForm(
        {"outcome": "family_help_service", "reasons": "r", "level": "2", "statutory_basis": "none"},
        kind="contact",
        children=children,
        area=lancashire,
    )
    assert form.errors["lead_professional"] == ["Enter the lead professional for early help"]
    assert form.errors["family_agreed"] == ["Select whether the family agreed to early help"]
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="family_help_service",
        reasons="Early help will meet the need",
        details={"handover_team": team.pk, "lead_professional": "Jo Rivers, family worker", "family_agreed": True},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    episode = support_request.children.get().episode
    assert (episode.lead_professional, episode.family_agreed, episode.handed_to_team) == (
        "Jo Rivers, family worker",
        True,
        team,
    )
    told = Notification.objects.filter(subject__contains=f"handed to {team.name}")
    assert staff.harry in {n.recipient for n in told}
