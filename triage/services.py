"""Services that move a request through the workflow.

Every move runs in one transaction: the transition, the request's new fields,
the history row, the audit row, deadlines and notifications are written
together or not at all. A concurrent move by someone else raises
ConcurrentTransition and rolls the whole thing back.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from deadlines.models import Deadline
from deadlines.services import deadline_meet, deadline_open
from hub.audit import audit_record
from hub.models import AuditEvent, User
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport

from . import workflow as W
from .feedback import feedback_allowed, feedback_text
from .models import CaseNote, Decision, Person, TransitionRecord
from .states import DECISION_FROM_STATE, DECISION_OUTCOMES, OPEN_CASE_OUTCOMES, State


class TransitionRefused(Exception):
    """A move that is not allowed now, with a message that says why."""


class ClaimConflict(Exception):
    pass


CONDITION_MESSAGES = {
    W.has_open_case: "No child in this request is linked to an open case.",
    W.has_no_open_case: "A child in this request has an open case: send it to the allocated worker (rule 6).",
    W.is_immediate_risk: "Neither the referrer nor the call flagged immediate risk.",
    W.meets_contact_threshold: "A contact needs level 4, or level 3 with parental consent (rules 10 and 11). "
    "Decide level 4 if the child is at risk of significant harm, or return it to the referrer for consent.",
    W.below_threshold_with_consent: "Closing with advice needs level 1 or 2 and parental consent; without "
    "consent a level 1 or 2 step is not retained (rule 9).",
    W.below_threshold_without_consent: "Only a level 1 or 2 step without parental consent is not retained (rule 9).",
    W.intensive_without_consent: "Returning for consent is for a level 3 step without parental consent.",
    W.has_pending_decision: "There is no decision waiting for approval.",
    W.has_strategy_discussion: "An outcome needs the strategy discussion recorded first (rule 17).",
}


def refusal_reason(request: RequestForSupport, name: str, user: User) -> str | None:
    """Why `user` may not make move `name` now, in words; None if they may."""
    refusal = _refusal(request, name, user)
    return refusal[0] if refusal else None


def _refusal(request: RequestForSupport, name: str, user: User) -> tuple[str, bool] | None:
    """(why, whether it is a matter of permission) or None if the move is allowed."""
    method = getattr(request, name)
    meta = method._django_fsm
    transition = meta.get_transition(request.status)
    if transition is None:
        return (
            f"You cannot {transition_label(name).lower()} while the request is '{request.get_status_display()}'.",
            False,
        )
    # The permission alone (django_fsm.has_transition_perm would also test the
    # conditions, and report a missing condition as a missing role).
    if not meta.has_transition_perm(request, request.status, user):
        if (
            name in ("approve_decision", "return_decision")
            and request.pending_decision
            and (request.pending_decision.proposed_by_id == user.pk)
        ):
            return "Someone other than the person who proposed a decision must approve it.", True
        return "Your role does not allow this in this area.", True
    for condition in transition.conditions or []:
        if not condition(request):
            return CONDITION_MESSAGES.get(condition, "A condition for this move is not met."), False
    return None


def transition_label(name: str) -> str:
    meta = getattr(RequestForSupport, name)._django_fsm
    return next(iter(meta.transitions.values())).custom.get("label", name)


def available_moves(request: RequestForSupport, user: User) -> list[str]:
    """The moves this person may make now: the request page offers only these."""
    names = []
    for transition in request.get_available_status_transitions():
        if transition.has_perm(request, user) and transition.name not in names:
            names.append(transition.name)
    return names


def _move(
    request: RequestForSupport, name: str, *, by: User, reason: str = "", data: dict | None = None, **kwargs
) -> TransitionRecord:
    refusal = _refusal(request, name, by)
    if refusal:
        message, denied = refusal
        raise PermissionDenied(message) if denied else TransitionRefused(message)
    method = getattr(request, name)
    assert can_proceed(method)
    from_state = request.status
    method(**kwargs)
    request.save()
    record = TransitionRecord.objects.create(
        request=request,
        name=name,
        from_state=from_state,
        to_state=request.status,
        by=by,
        reason=reason,
        data=data or {},
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.TRANSITION,
        obj=request,
        detail={"from": from_state, "to": request.status, "move": name},
    )
    return record


def _meet(request: RequestForSupport, kind: str, *, at: dt.datetime | None = None) -> None:
    at = at or timezone.now()
    for deadline in Deadline.objects.filter(request=request, kind=kind, state=Deadline.State.OPEN):
        late = at > deadline.due_at
        deadline_meet(deadline=deadline, at=at, breach_reason="Met after the due time" if late else "")


def _cancel(request: RequestForSupport, kind: str) -> None:
    Deadline.objects.filter(request=request, kind=kind, state=Deadline.State.OPEN).update(
        state=Deadline.State.CANCELLED
    )


def _reload(request: RequestForSupport) -> RequestForSupport:
    """A fresh copy. (django-fsm's refresh_from_db flips a flag shared by every
    thread to write the protected state field, so it is not safe under threads.)"""
    return RequestForSupport.objects.select_related("assigned_to", "area").get(pk=request.pk)


def _locked(request: RequestForSupport) -> RequestForSupport:
    """Reload the request inside the transaction, so conditions see the latest consent and state."""
    fresh = RequestForSupport.objects.select_related("consent", "area", "phone_referral", "pending_decision").get(
        pk=request.pk
    )
    if fresh.status != request.status:
        from django_fsm import ConcurrentTransition

        raise ConcurrentTransition("Someone else moved this request since you opened it.")
    return fresh


# Claiming and assigning -------------------------------------------------------


def request_claim(*, request: RequestForSupport, by: User) -> RequestForSupport:
    """Take an unassigned request. Compare-and-set: of two workers claiming at once, one wins."""
    if not W.can_work(request, by):
        raise PermissionDenied("You can only claim requests in your own area.")
    claimed = RequestForSupport.objects.filter(pk=request.pk, assigned_to__isnull=True).update(
        assigned_to=by, assigned_at=timezone.now()
    )
    request = _reload(request)
    if not claimed and request.assigned_to_id != by.pk:
        raise ClaimConflict(f"{request.assigned_to.display_name} claimed this request first.")
    if claimed:
        audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"claimed": True})
    return request


def request_assign(*, request: RequestForSupport, to: User, by: User) -> RequestForSupport:
    if not (by.has_perm("hub.assign_work") and by.area_id == request.area_id):
        raise PermissionDenied("Only a manager in this area can assign or reassign work.")
    if not W.can_work(request, to):
        raise TransitionRefused(f"{to.display_name} cannot work requests in {request.area.name}.")
    RequestForSupport.objects.filter(pk=request.pk).update(assigned_to=to, assigned_at=timezone.now())
    request = _reload(request)
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"assigned_to": to.pk})
    notification_create(
        recipient=to,
        kind=Notification.Kind.WORK,
        subject=f"{request.reference} is assigned to you",
        body=f"{by.display_name} assigned request {request.reference} to you.",
        link=f"/triage/requests/{request.reference}/",
    )
    return request


# Triage -----------------------------------------------------------------------


@transaction.atomic
def triage_begin(*, request: RequestForSupport, by: User) -> TransitionRecord:
    """First look: an open case goes to its allocated worker (rule 6), immediate
    risk becomes a contact now (rule 7), anything else becomes a triage step."""
    request = _locked(request)
    unchecked = [c.first_name for c in request.children.all() if c.open_to_csc == "here" and c.person_id is None]
    if unchecked and not request.open_case_note:
        raise TransitionRefused(
            f"The referrer says {' and '.join(unchecked)} is open to children's social care here. Link the child's "
            "existing record, or record them as new, before starting triage: an open case goes to the allocated "
            "worker (rule 6)."
        )
    if W.has_open_case(request):
        record = _move(request, "route_to_allocated_worker", by=by, reason=request.open_case_note)
        _meet(request, Deadline.Kind.CONTACT_DECISION)
        _close(request, by=by, kind=None, reasons=request.open_case_note)
        return record
    if W.is_immediate_risk(request):
        record = _move(request, "contact_on_immediate_risk", by=by, reason="Immediate risk")
        _meet(request, Deadline.Kind.CONTACT_DECISION)
        return record
    return _move(request, "start_triage", by=by)


@transaction.atomic
def triage_screen(
    *,
    request: RequestForSupport,
    by: User,
    action: str,
    level: int,
    reasons: str,
    statutory_basis: str = "none",
    outcome: str = "",
) -> TransitionRecord:
    """Screen a triage step against the framework (rules 9–11)."""
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for your screening decision.")
    request = _locked(request)
    request.level_decided = level
    request.statutory_basis = statutory_basis
    data = {"level": level, "statutory_basis": statutory_basis, "outcome": outcome}
    names = {
        "contact": "screen_to_contact",
        "close": "screen_below_threshold",
        "not_retained": "screen_not_retained",
        "return_for_consent": "screen_return_for_consent",
    }
    if action not in names:
        raise TransitionRefused("Choose what happens next.")
    kwargs = {"outcome": outcome} if action == "close" else {}
    record = _move(request, names[action], by=by, reason=reasons, data=data, **kwargs)
    _meet(request, Deadline.Kind.CONTACT_DECISION)
    if request.status == State.CLOSED:
        _close(request, by=by, kind=None, reasons=reasons)
    elif request.status == State.NOT_RETAINED:
        # The request is about to be purged: tell the referrer now, without the reasons (they go too).
        _feedback(request, kind=None, outcome=request.outcome, reasons="")
    return record


# Decisions and approval ---------------------------------------------------------


@transaction.atomic
def decision_propose(
    *,
    request: RequestForSupport,
    by: User,
    outcome: str,
    reasons: str,
    level: int | None = None,
    statutory_basis: str = "",
    details: dict | None = None,
) -> Decision:
    request = _locked(request)
    kind = DECISION_FROM_STATE.get(request.status)
    if kind is None:
        raise TransitionRefused(
            f"There is no decision to propose while the request is '{request.get_status_display()}'."
        )
    if outcome not in DECISION_OUTCOMES[kind]:
        allowed = ", ".join(str(o.label).lower() for o in DECISION_OUTCOMES[kind])
        raise TransitionRefused(f"A {kind.label.lower()} is one of: {allowed}.")
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for the decision.")
    decision = Decision.objects.create(
        request=request,
        kind=kind,
        outcome=outcome,
        reasons=reasons,
        level=level,
        statutory_basis=statutory_basis,
        details=details or {},
        proposed_by=by,
    )
    request.pending_decision = decision
    if level:
        request.level_decided = level
    if statutory_basis:
        request.statutory_basis = statutory_basis
    _move(
        request,
        "propose_decision",
        by=by,
        reason=reasons,
        data={"decision": decision.pk, "kind": kind, "outcome": outcome, "level": level},
    )
    _meet(request, Deadline.Kind.CONTACT_DECISION)
    for manager in (
        User.objects.filter(area=request.area, groups__permissions__codename="approve_decision")
        .exclude(pk=by.pk)
        .distinct()
    ):
        notification_create(
            recipient=manager,
            kind=Notification.Kind.WORK,
            subject=f"A decision on {request.reference} needs your approval",
            body=f"{by.display_name} proposed: {decision.get_outcome_display()}.",
            link=f"/triage/requests/{request.reference}/",
        )
    return decision


@transaction.atomic
def decision_approve(*, request: RequestForSupport, by: User) -> Decision:
    request = _locked(request)
    decision = request.pending_decision
    if decision is None:
        raise TransitionRefused("There is no decision waiting for approval.")
    now = timezone.now()
    _move(
        request,
        "approve_decision",
        by=by,
        reason=decision.reasons,
        data={"decision": decision.pk, "outcome": decision.outcome},
    )
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.APPROVED, reviewed_by=by, reviewed_at=now)
    request.pending_decision = None
    details = decision.details or {}
    if decision.kind == "assessment":
        # Census: the assessment is authorised when its outcome is approved.
        request.cin_authorised_at = now
        request.cin_child_seen = details.get("child_seen")
        request.cin_assessment_factors = details.get("assessment_factors", [])
        _meet(request, Deadline.Kind.SINGLE_ASSESSMENT, at=now)
    if details.get("primary_need"):
        request.cin_primary_need = details["primary_need"]
    if request.status == State.REFERRAL:
        deadline_open(
            kind=Deadline.Kind.SINGLE_ASSESSMENT,
            request=request,
            area=request.area,
            started_at=now,
            start_event="Accepted as a referral",
        )
    if request.status == State.ICPC and details.get("icpc_date"):
        request.icpc_date = dt.date.fromisoformat(details["icpc_date"])
    if decision.kind == "s47" and request.status != State.ICPC:
        _cancel(request, Deadline.Kind.ICPC)
    request.save()
    if request.status == State.CLOSED:
        _close(
            request,
            by=by,
            kind=decision.kind,
            reasons=decision.reasons,
            closure_reason=details.get("closure_reason", ""),
        )
    elif decision.kind == "contact":
        _feedback(request, kind=decision.kind, outcome=decision.outcome, reasons=decision.reasons)
    return decision


@transaction.atomic
def decision_return(*, request: RequestForSupport, by: User, what_needs_to_change: str) -> Decision:
    if not what_needs_to_change.strip():
        raise TransitionRefused("Say what needs to change.")
    request = _locked(request)
    decision = request.pending_decision
    if decision is None:
        raise TransitionRefused("There is no decision waiting for approval.")
    _move(request, "return_decision", by=by, reason=what_needs_to_change, data={"decision": decision.pk})
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
        link=f"/triage/requests/{request.reference}/",
    )
    return decision


# Assessment and section 47 ------------------------------------------------------


@transaction.atomic
def assessment_start(*, request: RequestForSupport, by: User) -> TransitionRecord:
    return _move(_locked(request), "start_assessment", by=by)


@transaction.atomic
def assessment_extend(*, request: RequestForSupport, by: User, reason: str) -> TransitionRecord:
    """Mark the assessment complex, with the reason (it stays within 45 working days, rule 19)."""
    if not reason.strip():
        raise TransitionRefused("Give the reason the assessment is complex.")
    return _move(
        _locked(request), "extend_assessment", by=by, reason=reason, data={"complex": True}, reason_text=reason
    )


@transaction.atomic
def s47_start(*, request: RequestForSupport, by: User, reasons: str) -> TransitionRecord:
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for a section 47 enquiry.")
    request = _locked(request)
    request.statutory_basis = "s47"
    return _move(request, "start_s47", by=by, reason=reasons)


@transaction.atomic
def strategy_discussion_record(
    *, request: RequestForSupport, by: User, held_at: dt.datetime, attendees: str, reasons: str
) -> TransitionRecord:
    if not attendees.strip():
        raise TransitionRefused("Record who took part in the strategy discussion.")
    request = _locked(request)
    request.strategy_discussion_at = held_at
    request.strategy_attendees = attendees
    request.statutory_basis = "s47"
    record = _move(
        request,
        "record_strategy_discussion",
        by=by,
        reason=reasons,
        data={"held_at": held_at.isoformat(), "attendees": attendees},
    )
    # The conference clock runs from the strategy discussion (rule 18).
    deadline_open(
        kind=Deadline.Kind.ICPC,
        request=request,
        area=request.area,
        started_at=held_at,
        start_event="Strategy discussion",
    )
    return record


@transaction.atomic
def icpc_record(
    *, request: RequestForSupport, by: User, held_at: dt.datetime, outcome: str, reasons: str = ""
) -> TransitionRecord:
    request = _locked(request)
    request.icpc_held_at = held_at
    record = _move(
        request, "record_icpc", by=by, reason=reasons, data={"held_at": held_at.isoformat()}, outcome=outcome
    )
    _meet(request, Deadline.Kind.ICPC, at=held_at)
    _close(request, by=by, kind="s47", reasons=reasons)
    return record


@transaction.atomic
def request_withdraw(*, request: RequestForSupport, by: User, reason: str) -> TransitionRecord:
    if not reason.strip():
        raise TransitionRefused("Give the reason for withdrawing the request.")
    request = _locked(request)
    record = _move(request, "withdraw", by=by, reason=reason)
    # The LADO must still be told of an allegation (rule 20), so that clock runs on.
    _cancel(request, Deadline.Kind.CONTACT_DECISION)
    request.closed_at = timezone.now()
    request.save()
    return record


@transaction.atomic
def lado_told(*, request: RequestForSupport, by: User, note: str) -> None:
    """The LADO has been told of the allegation (rule 20): the clock is met."""
    if not W.can_work(request, by):
        raise PermissionDenied("You can only record this for requests in your own area.")
    if not request.deadlines.filter(kind=Deadline.Kind.LADO_NOTIFICATION, state=Deadline.State.OPEN).exists():
        raise TransitionRefused("There is no open LADO notification for this request.")
    _meet(request, Deadline.Kind.LADO_NOTIFICATION)
    CaseNote.objects.create(request=request, by=by, text=f"LADO told. {note}".strip())


def note_add(*, request: RequestForSupport, by: User, text: str, kind: str = CaseNote.Kind.FACT) -> CaseNote:
    if not W.can_work(request, by):
        raise PermissionDenied("You can only add notes to requests in your own area.")
    if not text.strip():
        raise TransitionRefused("Enter the note.")
    note = CaseNote.objects.create(request=request, by=by, text=text, kind=kind)
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"note": note.pk})
    return note


# Closing and feedback -------------------------------------------------------------


def _close(request: RequestForSupport, *, by: User, kind: str | None, reasons: str, closure_reason: str = "") -> None:
    request.closed_at = timezone.now()
    if closure_reason:
        request.cin_closure_reason = closure_reason
    request.save()
    if request.outcome in OPEN_CASE_OUTCOMES:
        Person.objects.filter(children__request=request).update(open_case=True, allocated_worker=by.display_name)
    _feedback(request, kind=kind, outcome=request.outcome, reasons=reasons)


def _feedback(request: RequestForSupport, *, kind: str | None, outcome: str, reasons: str) -> None:
    """Tell the referrer what was decided and why: always for contact outcomes,
    only with parental consent for assessment and later outcomes (rule 22)."""
    if not feedback_allowed(request, kind):
        return
    text = feedback_text(outcome, reasons)
    RequestForSupport.objects.filter(pk=request.pk).update(feedback_text=text, feedback_sent_at=timezone.now())
    notification_create(
        recipient=request.referrer,
        email=request.referrer_email,
        kind=Notification.Kind.OUTCOME,
        subject=f"Outcome of your request {request.reference}",
        body=f"There is an outcome for your request for support {request.reference}.\n\n"
        f"{feedback_text(outcome)}\n\nSign in to read why.",
        link=f"/requests/{request.reference}/",
        dedupe_key=f"outcome:{request.reference}:{outcome}",
    )
