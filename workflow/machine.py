"""The request state machine, declared with django-fsm-2.

Each transition names its source states, its permission (a role, checked with the
object so a worker moves only requests in areas they cover), its conditions, and
the inputs it needs (in `custom`). Transitions only change the request's
own fields; the hub's services (triage/services/) call them inside a transaction
through workflow/fsm.py and write the history row, so a crash mid-transition
leaves nothing half-written. docs/workflow.md is generated from these declarations.

Guards ask the request and its consent record, and the one access policy
(hub/access.py) for whether a person covers the request's area.
"""

from django.db import models
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from hub.access import covers_area

from .states import (
    APPROVED_TO,
    STATE_OF_DECISION,
    STRATEGY_ENDING,
    STRATEGY_TO,
    TRIAGE_CLOSING,
    Outcome,
    State,
    StrategyOutcome,
)

# The capability a worker needs to move a request (hub/roles.py grants it).
WORK_PERMISSION = "hub.work_queue"
APPROVE_PERMISSION = "hub.approve_decision"
ACCEPT_REFERRAL_PERMISSION = "hub.accept_referral"


# Permissions: the role's permission, in an area the person covers.
def _in_area(instance, user, perm: str) -> bool:
    return user.is_authenticated and user.has_perm(perm) and covers_area(user, instance.area_id)


def can_work(instance, user) -> bool:
    return _in_area(instance, user, WORK_PERMISSION)


def can_approve(instance, user) -> bool:
    """A senior social worker or manager who did not propose the decision (four eyes).
    Accepting a referral for statutory assessment takes a role the area names (rule 13)."""
    decision = instance.pending_decision
    if decision is None or not _in_area(instance, user, APPROVE_PERMISSION) or decision.proposed_by_id == user.pk:
        return False
    if Outcome.REFERRAL in decision.outcomes():  # any child accepted as a referral
        roles = {role.value for role in user.roles}
        acceptors = set(instance.area.referral_acceptor_roles or [])
        return user.has_perm(ACCEPT_REFERRAL_PERMISSION) and bool(roles & acceptors)
    return True


def can_convene(instance, user) -> bool:
    """A senior social worker or manager in the request's area (they hold approval rights)."""
    return _in_area(instance, user, APPROVE_PERMISSION)


def can_withdraw(instance, user) -> bool:
    return user.pk == instance.referrer_id or can_work(instance, user)


def is_proposer(instance, user) -> bool:
    """Whether `user` proposed the decision awaiting approval: four eyes refuses them in words of its own."""
    decision = instance.pending_decision
    return decision is not None and decision.proposed_by_id == user.pk


# Conditions: facts about the request that allow a transition.
def has_open_case(instance) -> bool:
    return bool(instance.open_case_note)


def has_no_open_case(instance) -> bool:
    return not instance.open_case_note


def is_immediate_risk(instance) -> bool:
    """Immediate risk flagged by the referrer, or a call where the worker made a contact (rule 7)."""
    phone = instance.phone_referral
    return instance.immediate_risk or bool(phone and phone.made_contact)


def has_consent(instance) -> bool:
    return instance.consent.has_parental_consent


def has_consent_or_override(instance) -> bool:
    return has_consent(instance) or instance.consent.significant_harm


def meets_contact_threshold(instance) -> bool:
    """Level 4 becomes a contact (rule 11); level 3 only with parental consent (rule 10)."""
    return instance.level_decided == 4 or (instance.level_decided == 3 and has_consent(instance))


def not_retainable(instance) -> bool:
    """Below level 3 without parental consent is not retained (rule 9), where the area's policy
    has that rule (003), and never where the referrer asserted significant harm."""
    return (
        instance.level_decided in (1, 2)
        and not has_consent(instance)
        and instance.area.purges_not_retained
        and not instance.consent.harm_asserted
    )


def may_close_below_threshold(instance) -> bool:
    """A level 1 or 2 step closes with advice or signposting, unless the area does not retain it."""
    return instance.level_decided in (1, 2) and not not_retainable(instance)


def intensive_without_consent(instance) -> bool:
    return instance.level_decided == 3 and not has_consent(instance)


def has_pending_decision(instance) -> bool:
    return instance.pending_decision_id is not None


def has_strategy_discussion(instance) -> bool:
    return instance.strategy_discussion_at is not None


# What a worker reads when a condition stops a move.
CONDITION_MESSAGES = {
    has_open_case: "No child in this request is linked to an open case.",
    has_no_open_case: "A child in this request has an open case: send it to the allocated worker (rule 6).",
    is_immediate_risk: "Neither the referrer nor the call flagged immediate risk.",
    meets_contact_threshold: "A contact needs level 4, or level 3 with parental consent (rules 10 and 11). "
    "Decide level 4 if the child is at risk of significant harm, or return it to the referrer for consent.",
    may_close_below_threshold: "Closing with advice needs level 1 or 2 and parental consent here; without "
    "consent a level 1 or 2 step is not retained in this area (rule 9).",
    not_retainable: "Only a level 1 or 2 step without parental consent or an assertion of significant harm, "
    "in an area whose policy is not to retain it, is not retained (rule 9).",
    intensive_without_consent: "Returning for consent is for a level 3 step without parental consent.",
    has_pending_decision: "There is no decision waiting for approval.",
    has_strategy_discussion: "An outcome needs the strategy discussion recorded first (rule 17).",
}


class RequestWorkflow(ConcurrentTransitionMixin, models.Model):
    """The workflow part of a request: its state and every guarded move."""

    status = FSMField(default=State.SUBMITTED, choices=State.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @transition(
        field=status,
        source=State.SUBMITTED,
        target=State.ROUTED,
        permission=can_work,
        conditions=[has_open_case],
        custom={"label": "Send to the allocated worker", "inputs": []},
    )
    def route_to_allocated_worker(self) -> None:
        self.outcome = Outcome.ROUTED

    @transition(
        field=status,
        source=State.SUBMITTED,
        target=State.TRIAGE_STEP,
        permission=can_work,
        conditions=[has_no_open_case],
        custom={"label": "Start triage", "inputs": []},
    )
    def start_triage(self) -> None:
        pass

    @transition(
        field=status,
        source=State.SUBMITTED,
        target=State.CONTACT,
        permission=can_work,
        conditions=[has_no_open_case, is_immediate_risk],
        custom={"label": "Make a contact now (immediate risk)", "inputs": []},
    )
    def contact_on_immediate_risk(self) -> None:
        pass

    @transition(
        field=status,
        source=State.TRIAGE_STEP,
        target=State.CONTACT,
        permission=can_work,
        conditions=[meets_contact_threshold],
        custom={"label": "Make a contact", "inputs": ["level", "statutory_basis", "reasons"]},
    )
    def screen_to_contact(self) -> None:
        pass

    @transition(
        field=status,
        source=State.TRIAGE_STEP,
        target=State.CLOSED,
        permission=can_work,
        conditions=[may_close_below_threshold],
        custom={"label": "Close with advice or signposting", "inputs": ["level", "outcome", "reasons"]},
    )
    def screen_below_threshold(self, outcome: str) -> None:
        if outcome not in TRIAGE_CLOSING:
            raise ValueError(f"{outcome} is not a triage step outcome")
        self.outcome = outcome

    @transition(
        field=status,
        source=State.TRIAGE_STEP,
        target=State.NOT_RETAINED,
        permission=can_work,
        conditions=[not_retainable],
        custom={"label": "Do not retain (below threshold, no consent)", "inputs": ["level", "reasons"]},
    )
    def screen_not_retained(self) -> None:
        self.outcome = Outcome.NOT_RETAINED

    @transition(
        field=status,
        source=State.TRIAGE_STEP,
        target=State.CLOSED,
        permission=can_work,
        conditions=[intensive_without_consent],
        custom={"label": "Return to the referrer for consent", "inputs": ["level", "reasons"]},
    )
    def screen_return_for_consent(self) -> None:
        # The seeds are silent on a level 3 step without consent (docs/domain.md §10):
        # the worker either decides level 4 (significant harm) or returns it.
        self.outcome = Outcome.RETURNED_FOR_CONSENT

    @transition(
        field=status,
        source=[State.CONTACT, State.SINGLE_ASSESSMENT, State.S47_ENQUIRY],
        target=State.AWAITING_APPROVAL,
        permission=can_work,
        custom={"label": "Propose a decision", "inputs": ["outcome", "reasons", "level", "statutory_basis"]},
    )
    def propose_decision(self) -> None:
        pass

    @transition(
        field=status,
        source=State.AWAITING_APPROVAL,
        target=RETURN_VALUE(State.CLOSED, State.REFERRAL, State.STRATEGY_DISCUSSION, State.ICPC),
        permission=can_approve,
        conditions=[has_pending_decision],
        custom={"label": "Approve the decision", "inputs": []},
    )
    def approve_decision(self) -> str:
        # Siblings may go different ways: the request goes on while any child goes on
        # (each stage has one way on), and closes once every child has an outcome.
        decision = self.pending_decision
        onward = sorted(outcome for outcome in decision.outcomes() if outcome in APPROVED_TO)
        if onward:
            return APPROVED_TO[onward[0]]
        self.outcome = decision.outcome
        return State.CLOSED

    @transition(
        field=status,
        source=State.AWAITING_APPROVAL,
        target=RETURN_VALUE(State.CONTACT, State.SINGLE_ASSESSMENT, State.S47_ENQUIRY),
        permission=can_approve,
        conditions=[has_pending_decision],
        custom={"label": "Return for changes", "inputs": ["what_needs_to_change"]},
    )
    def return_decision(self) -> str:
        return STATE_OF_DECISION[self.pending_decision.kind]

    @transition(
        field=status,
        source=State.REFERRAL,
        target=State.SINGLE_ASSESSMENT,
        permission=can_work,
        custom={"label": "Start the single assessment", "inputs": []},
    )
    def start_assessment(self) -> None:
        pass

    @transition(
        field=status,
        source=State.SINGLE_ASSESSMENT,
        target=State.SINGLE_ASSESSMENT,
        permission=can_work,
        custom={"label": "Extend as complex", "inputs": ["reasons"]},
    )
    def extend_assessment(self, reason_text: str) -> None:
        self.assessment_complex = True
        self.assessment_complex_reason = reason_text

    @transition(
        field=status,
        source=State.REFERRAL,
        target=State.STRATEGY_DISCUSSION,
        permission=can_work,
        custom={"label": "Start a section 47 enquiry", "inputs": ["reasons"]},
    )
    def start_s47(self) -> None:
        pass

    @transition(
        field=status,
        source=State.CONTACT,
        target=State.STRATEGY_DISCUSSION,
        permission=can_convene,
        custom={"label": "Convene a strategy discussion now", "inputs": ["reasons"]},
    )
    def convene_strategy_discussion(self) -> None:
        """Significant harm suspected at the contact: a senior social worker or manager convenes
        a strategy discussion without waiting for the approval chain."""

    @transition(
        field=status,
        source=State.STRATEGY_DISCUSSION,
        target=RETURN_VALUE(State.S47_ENQUIRY, State.SINGLE_ASSESSMENT, State.CLOSED, State.STRATEGY_DISCUSSION),
        permission=can_work,
        custom={"label": "Record the strategy discussion", "inputs": ["held_at", "attendees", "outcome", "reasons"]},
    )
    def record_strategy_discussion(self, outcome: str = StrategyOutcome.S47) -> str:
        if outcome in STRATEGY_ENDING:
            self.outcome = STRATEGY_ENDING[outcome]
        return STRATEGY_TO[outcome]

    @transition(
        field=status,
        source=State.ICPC,
        target=State.CLOSED,
        permission=can_work,
        conditions=[has_strategy_discussion],
        custom={"label": "Record the child protection conference", "inputs": ["held_at", "outcome"]},
    )
    def record_icpc(self, outcome: str) -> None:
        if outcome not in (Outcome.CP_PLAN, Outcome.NO_CP_PLAN):
            raise ValueError("A conference decides on a child protection plan or none")
        self.outcome = outcome

    # A contact is a permanent record (003): a request can be withdrawn only before it becomes one.
    @transition(
        field=status,
        source=[State.SUBMITTED, State.TRIAGE_STEP],
        target=State.WITHDRAWN,
        permission=can_withdraw,
        custom={"label": "Withdraw", "inputs": ["reasons"]},
    )
    def withdraw(self) -> None:
        self.outcome = Outcome.WITHDRAWN
