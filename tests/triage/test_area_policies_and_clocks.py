"""Each area's policy as data, and when each clock starts and stops (docs/domain.md §6)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from deadlines.calendar import LONDON
from deadlines.models import Deadline
from requests_app.forms import WorriesForm
from requests_app.models import RequestForSupport
from tests.helpers import fresh
from tests.request_factories import (
    make_request,
    request_awaiting_approval,
    request_in_contact,
    request_in_referral,
    request_in_single_assessment,
    request_in_triage_step,
)
from tests.requests_app import payloads
from triage import services
from triage.actions import ACTIONS
from triage.services import requests_purge_not_retained
from workflow.states import State


def decision_clock(support_request: RequestForSupport) -> Deadline:
    return support_request.deadlines.get(kind=Deadline.Kind.CONTACT_DECISION)


def test_a_luton_step_where_harm_was_asserted_is_kept_and_never_purged(staff, luton) -> None:
    luton_worker = staff.harry
    luton_worker.area = luton
    luton_worker.save()
    consent = payloads.consent_override(override_grounds=["significant_harm"])
    support_request = make_request(staff.rita, area="luton", consent=consent)
    services.triage_begin(request=support_request, by=luton_worker)
    with pytest.raises(services.TransitionRefused, match="is not retained"):
        services.triage_screen(
            request=fresh(support_request), by=luton_worker, action="not_retained", level=2, reasons="Below"
        )
    # Even if a step reached "not retained" some other way, the purge keeps a request with harm asserted.
    RequestForSupport.objects.filter(pk=support_request.pk).update(status=State.NOT_RETAINED)
    assert requests_purge_not_retained() == 0
    assert RequestForSupport.objects.filter(pk=support_request.pk).exists()


def test_a_worker_can_record_only_the_levels_the_areas_framework_has(staff, blackpool) -> None:
    support_request = make_request(staff.rita, area="blackpool", level={"level": ["2"]})
    worker = staff.harry
    worker.area = blackpool
    worker.save()
    support_request = request_in_triage_step(staff, submitted=support_request)
    form = ACTIONS["screen"].build_form("screen", None, support_request)
    assert [value for value, _ in form.fields["level"].choices] == ["1", "2", "4"]
    with pytest.raises(services.TransitionRefused, match="Blackpool's levels of need have no level 3"):
        services.triage_screen(request=fresh(support_request), by=worker, action="contact", level=3, reasons="r")


def test_the_decision_clock_runs_through_screening_and_a_proposal_and_stops_at_the_approved_decision(staff) -> None:
    assert decision_clock(request_in_contact(staff)).state == Deadline.State.OPEN
    waiting = request_awaiting_approval(staff)
    assert decision_clock(waiting).state == Deadline.State.OPEN
    services.decision_approve(request=waiting, by=staff.tom, rationale="Agreed with the proposal")
    clock = decision_clock(waiting)
    assert clock.state == Deadline.State.MET and clock.met_at is not None


def test_a_step_closed_at_screening_meets_the_decision_clock_there(staff) -> None:
    support_request = request_in_triage_step(staff)
    services.triage_screen(
        request=support_request, by=staff.harry, action="close", level=2, outcome="advice", reasons="Advice"
    )
    assert decision_clock(support_request).state == Deadline.State.MET


def test_the_assessment_clock_runs_from_the_referral_date_not_the_day_it_was_accepted(staff) -> None:
    monday = dt.datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)
    with time_machine.travel(monday, tick=False):
        submitted = make_request(staff.rita)
    with time_machine.travel(monday + dt.timedelta(days=2), tick=False):
        support_request = request_in_referral(staff, submitted=submitted)
    clock = support_request.deadlines.get(kind=Deadline.Kind.SINGLE_ASSESSMENT)
    assert timezone.localtime(clock.started_at) == monday
    assert clock.start_event == "Referral date"


def test_an_area_that_times_only_complex_assessments_starts_the_clock_when_one_is_marked_complex(
    staff, lancashire
) -> None:
    lancashire.assessment_clock_scope = "complex_only"
    lancashire.save()
    support_request = request_in_single_assessment(staff)
    assert not support_request.deadlines.filter(kind=Deadline.Kind.SINGLE_ASSESSMENT).exists()
    services.assessment_extend(request=support_request, by=staff.harry, reason="Four siblings")
    clock = fresh(support_request).deadlines.get(kind=Deadline.Kind.SINGLE_ASSESSMENT)
    assert clock.started_at == support_request.received_at  # still from the referral date


def test_the_lado_clock_runs_from_when_the_allegation_became_known(staff) -> None:
    wednesday = dt.datetime(2026, 11, 18, 11, 0, tzinfo=LONDON)
    worries = {**payloads.WORRIES, "allegation_against_professional": "yes"}
    worries.update(payloads.date_parts("allegation_known_on", dt.date(2026, 11, 16)))  # Monday
    with time_machine.travel(wednesday, tick=False):
        support_request = make_request(staff.rita, worries={key: [value] for key, value in worries.items()})
    lado = support_request.deadlines.get(kind=Deadline.Kind.LADO_NOTIFICATION)
    assert timezone.localtime(lado.due_at) == dt.datetime(2026, 11, 17, 9, 0, tzinfo=LONDON)  # already overdue


def test_the_form_asks_when_the_allegation_became_known(staff) -> None:
    data = {**payloads.WORRIES, "allegation_against_professional": "yes"}
    form = WorriesForm(data=data)
    assert form.errors["allegation_known_on"] == ["Enter the date you learned of the allegation"]
