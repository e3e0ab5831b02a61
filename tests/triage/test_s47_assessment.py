"""A section 47 enquiry is made through an assessment of the child: the child's episode shows
the assessment starting with the enquiry and authorised with its outcome, so the census return
never shows an enquiry with no assessment (the DfE's query 2991Q) or a closed episode with an
assessment still open (error 8867)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from deadlines.calendar import LONDON
from tests.helpers import fresh
from tests.request_factories import request_in_referral, request_in_single_assessment
from triage import services
from triage.decision_forms import ProposeForm

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)


def enquiry_begun(staff, support_request):
    services.s47_start(request=fresh(support_request), by=staff.harry, reasons="Injury to a baby")
    services.strategy_discussion_record(
        request=fresh(support_request),
        by=staff.harry,
        held_at=timezone.now(),
        attendees="Police, health, CSC",
        reasons="Enquiry agreed",
    )


def test_an_enquiry_straight_from_a_referral_starts_the_childs_assessment_and_its_outcome_authorises_it(
    staff,
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        support_request = request_in_referral(staff, statutory_basis="s47")
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        enquiry_begun(staff, support_request)
    episode = fresh(support_request).children.get().episode
    assert (episode.s47_started_on, episode.assessment_started_on) == (dt.date(2026, 11, 17), dt.date(2026, 11, 17))
    assert episode.assessment_authorised_on is None

    with time_machine.travel(MONDAY + dt.timedelta(days=9), tick=False):
        services.decision_propose(
            request=fresh(support_request),
            by=staff.harry,
            outcome="no_concerns",
            reasons="Not substantiated",
            details={"closure_reason": "RC7", "assessment_factors": ["3A"], "child_seen": True},
        )
        services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    episode = fresh(support_request).children.get().episode
    assert (episode.assessment_authorised_on, episode.closed_on) == (dt.date(2026, 11, 25), dt.date(2026, 11, 25))
    assert (episode.assessment_factors, episode.child_seen, episode.icpc_not_required) == (["3A"], True, True)


def test_a_child_assessed_before_the_enquiry_keeps_the_first_assessments_dates(staff) -> None:
    with time_machine.travel(MONDAY, tick=False):
        support_request = request_in_single_assessment(staff)
        services.decision_propose(
            request=fresh(support_request),
            by=staff.harry,
            outcome="s47",
            reasons="Disclosure during the assessment",
            details={"assessment_factors": ["3A"], "child_seen": True, "primary_need": "N1"},
        )
        services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        services.strategy_discussion_record(
            request=fresh(support_request),
            by=staff.harry,
            held_at=timezone.now(),
            attendees="Police, health, CSC",
            reasons="Enquiry agreed",
        )
        services.decision_propose(
            request=fresh(support_request),
            by=staff.harry,
            outcome="no_concerns",
            reasons="Not substantiated",
            details={"closure_reason": "RC7"},
        )
        services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    episode = fresh(support_request).children.get().episode
    assert (episode.assessment_started_on, episode.assessment_authorised_on) == (MONDAY.date(), MONDAY.date())
    assert episode.s47_started_on == dt.date(2026, 11, 17)


def test_the_enquiry_outcome_form_asks_for_the_assessments_factors_without_requiring_them(staff, lancashire) -> None:
    answered = ProposeForm(
        {
            "outcome": "no_concerns",
            "reasons": "r",
            "child_seen": "yes",
            "assessment_factors": ["3A"],
            "closure_reason": "RC7",
        },
        kind="s47",
        area=lancashire,
    )
    assert answered.is_valid(), answered.errors
    details = answered.arguments()["details"]
    assert (details["assessment_factors"], details["child_seen"]) == (["3A"], True)
    unanswered = ProposeForm({"outcome": "further_statutory", "reasons": "r"}, kind="s47", area=lancashire)
    assert unanswered.is_valid(), unanswered.errors
    assert "child_seen" not in unanswered.arguments()["details"]
