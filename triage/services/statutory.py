"""Assessment, section 47 enquiries and the child protection conference (rules 15–19)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from children.episodes import contact_received_on, episodes_apply, episodes_in_play, episodes_record
from children.models import Episode
from deadlines.models import Deadline
from deadlines.services import deadline_open, deadlines_cancel, deadlines_meet
from hub.area_policy import AssessmentClockScope
from hub.models import User
from requests_app.models import RequestForSupport
from thresholds.choices import StatutoryBasis
from workflow.fsm import TransitionRefused
from workflow.states import DecisionKind, Outcome, State, StrategyOutcome

from ..models import TransitionRecord
from .closing import request_close
from .decisions import assessment_clock_open
from .moving import locked, move


@transaction.atomic
def assessment_start(*, request: RequestForSupport, by: User) -> TransitionRecord:
    request = locked(request)
    record = move(request, "start_assessment", by=by)
    episodes_record(request=request, assessment_started_on=timezone.localdate())
    return record


@transaction.atomic
def assessment_extend(*, request: RequestForSupport, by: User, reason: str) -> TransitionRecord:
    """Mark the assessment complex, with the reason (it stays within 45 working days, rule 19)."""
    if not reason.strip():
        raise TransitionRefused("Give the reason the assessment is complex.")
    request = locked(request)
    record = move(request, "extend_assessment", by=by, reason=reason, data={"complex": True}, reason_text=reason)
    # Where the area runs the 45-day clock only for complex assessments (003), it starts now, from the referral date.
    clock_exists = request.deadlines.filter(kind=Deadline.Kind.SINGLE_ASSESSMENT).exists()
    if request.area.assessment_clock_scope == AssessmentClockScope.COMPLEX_ONLY and not clock_exists:
        assessment_clock_open(request)
    return record


@transaction.atomic
def s47_start(*, request: RequestForSupport, by: User, reasons: str) -> TransitionRecord:
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for a section 47 enquiry.")
    request = locked(request)
    request.statutory_basis = StatutoryBasis.S47
    record = move(request, "start_s47", by=by, reason=reasons)
    # No single assessment now: an enquiry follows instead, with a clock of its own.
    deadlines_cancel(request=request, kind=Deadline.Kind.SINGLE_ASSESSMENT)
    return record


@transaction.atomic
def strategy_discussion_convene(*, request: RequestForSupport, by: User, reasons: str) -> TransitionRecord:
    """Significant harm suspected at the contact: convene a strategy discussion now, without the
    approval chain. The decision clock is met: this is the decision on the contact."""
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for convening a strategy discussion.")
    request = locked(request)
    request.statutory_basis = StatutoryBasis.S47
    record = move(request, "convene_strategy_discussion", by=by, reason=reasons)
    deadlines_meet(request=request, kind=Deadline.Kind.CONTACT_DECISION)
    return record


@transaction.atomic
def strategy_discussion_record(
    *,
    request: RequestForSupport,
    by: User,
    held_at: dt.datetime,
    attendees: str,
    reasons: str,
    outcome: str = StrategyOutcome.S47,
    emergency_action: str = "",
) -> TransitionRecord:
    """Record a strategy discussion: who took part, what it decided and why, and any emergency
    action. Only a section 47 enquiry starts the conference clock (rule 18)."""
    if not attendees.strip():
        raise TransitionRefused("Record who took part in the strategy discussion.")
    if not reasons.strip():
        raise TransitionRefused("Record what was agreed, and why.")
    if outcome not in StrategyOutcome.values:
        raise TransitionRefused("Select what the strategy discussion decided.")
    request = locked(request)
    request.strategy_discussion_at = held_at
    request.strategy_attendees = attendees
    request.emergency_action = emergency_action
    if outcome == StrategyOutcome.S17_ASSESSMENT:
        request.statutory_basis = StatutoryBasis.S17
    data = {"held_at": held_at.isoformat(), "attendees": attendees, "outcome": outcome}
    if emergency_action:
        data["emergency_action"] = emergency_action
    record = move(request, "record_strategy_discussion", by=by, reason=reasons, data=data, outcome=outcome)
    held_on = timezone.localdate(held_at)
    if outcome in (StrategyOutcome.S47, StrategyOutcome.S17_ASSESSMENT):
        # Convened straight from a contact, the child is now referred: the census needs the referral.
        episodes_in_play(request).filter(referral_date__isnull=True).update(
            referral_date=contact_received_on(request), referral_source=request.cin_referral_source
        )
    if outcome == StrategyOutcome.S47:
        request.statutory_basis = StatutoryBasis.S47
        request.save()
        clock = deadline_open(
            kind=Deadline.Kind.ICPC,
            request=request,
            area=request.area,
            started_at=held_at,
            start_event="Strategy discussion",
        )
        # Census: the enquiry starts with the strategy discussion, and its conference target is this clock.
        episodes_record(request=request, s47_started_on=held_on, icpc_target=timezone.localdate(clock.due_at))
        # An enquiry is made through an assessment of the child (Working Together 2023): a child not
        # already assessed starts one now, or the return shows an enquiry with no assessment (2991Q).
        episodes_in_play(request).filter(assessment_started_on__isnull=True).update(assessment_started_on=held_on)
    elif outcome == StrategyOutcome.S17_ASSESSMENT:
        # A child already assessed keeps the first assessment's start date.
        episodes_in_play(request).filter(assessment_started_on__isnull=True).update(assessment_started_on=held_on)
        timed = request.area.assessment_clock_scope == AssessmentClockScope.ALL
        running = request.deadlines.filter(kind=Deadline.Kind.SINGLE_ASSESSMENT, state=Deadline.State.OPEN)
        if timed and not running.exists():
            assessment_clock_open(request)
    elif request.status == State.CLOSED:
        # Past the contact: the referrer hears this only with parental consent (rule 22).
        request_close(request, by=by, kind=DecisionKind.S47)
    return record


@transaction.atomic
def icpc_record(
    *,
    request: RequestForSupport,
    by: User,
    held_at: dt.datetime,
    outcome: str,
    reasons: str = "",
    child_outcomes: dict | None = None,
    category: str = "",
    team=None,
    worker: User | None = None,
    closure_reason: str = "",
) -> TransitionRecord:
    """Record the initial child protection conference. Each child gets a plan or not:
    `child_outcomes` gives a child (by id) an outcome other than `outcome` (rule 17)."""
    request = locked(request)
    child_outcomes = {str(child): o for child, o in (child_outcomes or {}).items() if o and o != outcome}
    in_play = {str(episode.child_id) for episode in episodes_in_play(request)}
    if in_play and set(child_outcomes) >= in_play:
        raise TransitionRefused(
            "The conference's outcome must be at least one child's: give it to a child, or change it."
        )
    plan = outcome == Outcome.CP_PLAN or Outcome.CP_PLAN in child_outcomes.values()
    if plan and not category:
        raise TransitionRefused("Select the category of abuse for the child protection plan.")
    request.icpc_held_at = held_at
    record = move(request, "record_icpc", by=by, reason=reasons, data={"held_at": held_at.isoformat()}, outcome=outcome)
    deadlines_meet(request=request, kind=Deadline.Kind.ICPC, at=held_at)
    held_on = timezone.localdate(held_at)
    decided = [
        (episode.child.first_name, child_outcomes.get(str(episode.child_id), outcome))
        for episode in episodes_in_play(request)
    ]
    for episode in episodes_in_play(request):
        fields = {"icpc_on": held_on}
        if child_outcomes.get(str(episode.child_id), outcome) == Outcome.CP_PLAN:
            fields.update(
                cp_plan_start=held_on,
                initial_category=category,
                latest_category=category,
            )
        Episode.objects.filter(pk=episode.pk).update(**fields)
    episodes_apply(
        request=request,
        outcome_for=lambda child_id: child_outcomes.get(str(child_id), outcome),
        at=held_at,
        team=team,
        worker=worker,
        by=by,
        closure_reason=closure_reason,
    )
    request_close(request, by=by, kind=DecisionKind.S47, per_child=decided)
    return record
