"""Decisions and their approval: a worker proposes, someone else approves or
returns it (rule 12); approval moves the request on and records the census
fields the decision carries."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from children.episodes import contact_received_on, episodes_apply, episodes_in_play, episodes_open
from children.models import Episode
from deadlines.models import Deadline
from deadlines.services import deadline_open, deadlines_cancel, deadlines_meet
from hub.area_policy import AssessmentClockScope
from hub.models import Team, User
from hub.selectors import area_people_with
from notifications.models import APPROVAL_KEY, Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from workflow.fsm import TransitionRefused
from workflow.machine import APPROVE_PERMISSION
from workflow.states import DECISION_FROM_STATE, DECISION_OUTCOMES, DecisionKind, Outcome, State

from ..models import Decision, PartnerCheck
from .checks import checks_close
from .closing import feedback_send, request_close
from .moving import level_check, locked, move


@transaction.atomic
def decision_propose(
    *,
    request: RequestForSupport,
    by: User,
    outcome: str,
    reasons: str,
    for_referrer: str = "",
    level: int | None = None,
    statutory_basis: str = "",
    details: dict | None = None,
    child_outcomes: dict | None = None,
) -> Decision:
    """Propose a decision for approval. Siblings may go different ways: `child_outcomes`
    gives a child (by id) an outcome other than `outcome`."""
    request = locked(request)
    kind = DECISION_FROM_STATE.get(request.status)
    if kind is None:
        raise TransitionRefused(
            f"There is no decision to propose while the request is '{request.get_status_display()}'."
        )
    if outcome not in DECISION_OUTCOMES[kind]:
        allowed = ", ".join(str(o.label).lower() for o in DECISION_OUTCOMES[kind])
        article = "An" if kind.label[0].lower() in "aeiou" else "A"
        raise TransitionRefused(f"{article} {kind.label.lower()} is one of: {allowed}.")
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for the decision.")
    level_check(request, level, *((details or {}).get("child_levels") or {}).values())
    in_play = {str(episode.child_id) for episode in episodes_in_play(request)}
    differing = {str(child): o for child, o in (child_outcomes or {}).items() if o and o != outcome}
    if not set(differing) <= in_play or not set(differing.values()) <= set(DECISION_OUTCOMES[kind]):
        raise TransitionRefused("Each child's outcome must be one this decision can give, for a child still in play.")
    if in_play and set(differing) == in_play:
        raise TransitionRefused(
            "The decision's outcome must be at least one child's: give it to a child, or change it."
        )
    decision = Decision.objects.create(
        request=request,
        kind=kind,
        outcome=outcome,
        reasons=reasons,
        for_referrer=for_referrer,
        level=level,
        statutory_basis=statutory_basis,
        details=details or {},
        child_outcomes=differing,
        proposed_by=by,
    )
    request.pending_decision = decision
    if level:
        request.level_decided = level
    if statutory_basis:
        request.statutory_basis = statutory_basis
    move(
        request,
        "propose_decision",
        by=by,
        reason=reasons,
        data={"decision": decision.pk, "kind": kind, "outcome": outcome, "level": level},
    )
    for manager in area_people_with(request.area, APPROVE_PERMISSION).exclude(pk=by.pk):
        notification_create(
            recipient=manager,
            kind=Notification.Kind.WORK,
            subject=f"A decision on {request.reference} needs your approval",
            body=f"{by.display_name} proposed: {decision.get_outcome_display()}.",
            link=request.get_absolute_url(),
            dedupe_key=f"{APPROVAL_KEY}{decision.pk}:{manager.pk}",
        )
    return decision


@transaction.atomic
def decision_approve(
    *, request: RequestForSupport, by: User, rationale: str, checks_override_reason: str = ""
) -> Decision:
    """Approve the decision, with the approver's rationale. While partner checks are still
    waiting it is refused, unless the approver records why it can go ahead without them: those
    checks then close with that reason and their clocks stop."""
    request = locked(request)
    decision = request.pending_decision
    if decision is None:
        raise TransitionRefused("There is no decision waiting for approval.")
    if not rationale.strip():
        raise TransitionRefused("Give your rationale for approving the decision.")
    waiting = list(request.checks.filter(status=PartnerCheck.Status.WAITING).select_related("agency"))
    if waiting and not checks_override_reason.strip():
        names = ", ".join(check.agency.name for check in waiting)
        raise TransitionRefused(
            f"Partner checks are still waiting for an answer ({names}). Wait for them, or record why the "
            "decision can go ahead without them."
        )
    now = timezone.now()
    move(
        request,
        "approve_decision",
        by=by,
        reason=rationale,
        data={"decision": decision.pk, "outcome": decision.outcome, "checks_closed": [c.pk for c in waiting]},
    )
    Decision.objects.filter(pk=decision.pk).update(
        status=Decision.Status.APPROVED, reviewed_by=by, reviewed_at=now, review_note=rationale
    )
    if waiting:
        checks_close(checks=waiting, reason=checks_override_reason, at=now)
    # The other approvers' "needs your approval" notifications are done: found by their keys'
    # prefix, which the keys' unique index serves (notifications.models).
    Notification.objects.filter(dedupe_key__startswith=f"{APPROVAL_KEY}{decision.pk}:", read_at__isnull=True).update(
        read_at=now
    )
    request.pending_decision = None
    details = decision.details or {}
    if decision.kind == DecisionKind.CONTACT:
        # The one-working-day clock stops at the approved decision on the contact, not at a proposal.
        deadlines_meet(request=request, kind=Deadline.Kind.CONTACT_DECISION, at=now)
    if decision.kind == DecisionKind.ASSESSMENT:
        deadlines_meet(request=request, kind=Deadline.Kind.SINGLE_ASSESSMENT, at=now)
    decided = [
        (episode.child.first_name, decision.outcome_for(episode.child_id)) for episode in episodes_in_play(request)
    ]
    _episodes_record_decision(request, decision, at=now, by=by)
    if request.status == State.REFERRAL and request.area.assessment_clock_scope == AssessmentClockScope.ALL:
        assessment_clock_open(request)
    if request.status == State.ICPC and details.get("icpc_date"):
        request.icpc_date = dt.date.fromisoformat(details["icpc_date"])
    if decision.kind == DecisionKind.S47 and request.status != State.ICPC:
        deadlines_cancel(request=request, kind=Deadline.Kind.ICPC)
    request.save()
    if request.status == State.CLOSED:
        request_close(request, by=by, kind=decision.kind, message=decision.for_referrer, per_child=decided)
    elif decision.kind == DecisionKind.CONTACT:
        feedback_send(
            request, kind=decision.kind, outcome=decision.outcome, message=decision.for_referrer, per_child=decided
        )
    return decision


def handover_notify(*, request: RequestForSupport, team: Team, count: int, by: User) -> None:
    """The receiving team hears that a child is handed to them, with the request that holds the history."""
    for member in User.objects.filter(team=team, is_active=True).order_by("pk"):
        notification_create(
            recipient=member,
            kind=Notification.Kind.WORK,
            subject=f"{request.reference}: {count} child{'ren' if count > 1 else ''} handed to {team.name}",
            body=f"{by.display_name} handed work on request {request.reference} to your team.",
            link=request.get_absolute_url(),
            dedupe_key=f"handover:{request.reference}:{team.pk}:{member.pk}",
        )


def assessment_clock_open(request: RequestForSupport) -> None:
    """45 working days run from the referral date: when the contact that became the referral
    reached the hub (rule 19), not from the day it was accepted."""
    phone = request.phone_referral
    deadline_open(
        kind=Deadline.Kind.SINGLE_ASSESSMENT,
        request=request,
        area=request.area,
        started_at=phone.called_at if phone else request.received_at,
        start_event="Referral date",
    )


def _episodes_record_decision(request: RequestForSupport, decision: Decision, *, at, by: User) -> None:
    """Record an approved decision on each child's episode: the census fields it carries,
    the referral date for a child referred, and an outcome for each child it finishes."""
    details = decision.details or {}
    episodes_open(request=request)
    common = {}
    if decision.kind == DecisionKind.CONTACT and decision.level:
        common["level_decided"] = decision.level
    if details.get("primary_need"):
        common["primary_need"] = details["primary_need"]
    if decision.kind == DecisionKind.ASSESSMENT:
        # Census: the assessment is authorised when its outcome is approved.
        common.update(
            assessment_authorised_on=timezone.localdate(at),
            assessment_factors=details.get("assessment_factors", []),
            child_seen=details.get("child_seen"),
        )
    if decision.kind == DecisionKind.S47:
        # The enquiry's assessment ends with the enquiry's outcome; one already authorised keeps its date.
        episodes_in_play(request).filter(
            assessment_started_on__isnull=False, assessment_authorised_on__isnull=True
        ).update(
            assessment_authorised_on=timezone.localdate(at),
            assessment_factors=details.get("assessment_factors", []),
            child_seen=details.get("child_seen"),
        )
    child_levels = details.get("child_levels", {})
    for episode in episodes_in_play(request):
        outcome = decision.outcome_for(episode.child_id)
        fields = dict(common)
        if decision.kind == DecisionKind.CONTACT and str(episode.child_id) in child_levels:
            fields["level_decided"] = child_levels[str(episode.child_id)]
        if outcome == Outcome.REFERRAL:
            fields.update(referral_date=contact_received_on(request), referral_source=request.cin_referral_source)
        if decision.kind == DecisionKind.S47 and outcome != Outcome.FURTHER_STATUTORY:
            fields["icpc_not_required"] = True
        Episode.objects.filter(pk=episode.pk).update(**fields)
    team = Team.objects.filter(pk=details.get("handover_team"), area=request.area).first()
    worker = User.objects.filter(pk=details.get("handover_worker"), area=request.area).first()
    finished = episodes_apply(
        request=request,
        outcome_for=decision.outcome_for,
        at=at,
        team=team,
        worker=worker,
        by=by,
        closure_reason=details.get("closure_reason", ""),
    )
    stepped_down = [e for e in finished if e.outcome == Outcome.FAMILY_HELP_SERVICE]
    if stepped_down and "family_agreed" in details:
        Episode.objects.filter(pk__in=[e.pk for e in stepped_down]).update(
            lead_professional=details.get("lead_professional", ""), family_agreed=details["family_agreed"]
        )
    handed = [e for e in finished if e.handed_to_team_id]
    if handed and team is not None:
        handover_notify(request=request, team=team, count=len(handed), by=by)


@transaction.atomic
def decision_return(*, request: RequestForSupport, by: User, what_needs_to_change: str) -> Decision:
    if not what_needs_to_change.strip():
        raise TransitionRefused("Say what needs to change.")
    request = locked(request)
    decision = request.pending_decision
    if decision is None:
        raise TransitionRefused("There is no decision waiting for approval.")
    move(request, "return_decision", by=by, reason=what_needs_to_change, data={"decision": decision.pk})
    Decision.objects.filter(pk=decision.pk).update(
        status=Decision.Status.RETURNED, reviewed_by=by, reviewed_at=timezone.now(), review_note=what_needs_to_change
    )
    request.pending_decision = None
    request.save()
    notification_create(
        recipient=decision.proposed_by,
        kind=Notification.Kind.WORK,
        subject=f"Your decision on {request.reference} was returned",
        body=f"{by.display_name}: {what_needs_to_change}",
        link=request.get_absolute_url(),
    )
    return decision
