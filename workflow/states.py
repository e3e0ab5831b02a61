"""The request's states and outcomes (docs/domain.md §5.2, rules 6–17)."""

from django.db import models


class State(models.TextChoices):
    SUBMITTED = "submitted", "Received"
    ROUTED = "routed_to_allocated_worker", "Sent to the allocated worker"
    TRIAGE_STEP = "triage_step", "Triage step"
    CONTACT = "contact", "Contact"
    AWAITING_APPROVAL = "awaiting_approval", "Decision awaiting approval"
    REFERRAL = "referral", "Referral"
    SINGLE_ASSESSMENT = "single_assessment", "Single assessment"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion to hold"
    S47_ENQUIRY = "s47_enquiry", "Section 47 enquiry"
    ICPC = "icpc", "Awaiting child protection conference"
    CLOSED = "closed", "Closed"
    NOT_RETAINED = "not_retained", "Not retained"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Outcome(models.TextChoices):
    # Triage step outcomes below threshold (with consent).
    ADVICE = "advice", "Advice and information"
    SIGNPOSTED = "signposted", "Signposted to other support"
    LA_TAF = "la_taf", "Local authority coordinated Team Around the Family"
    RETURNED_FOR_CONSENT = "returned_for_consent", "Returned to the referrer: parental consent needed"
    # Contact outcomes (rule 14).
    NFA = "nfa", "No further action"
    ADVICE_INFO = "advice_info", "Advice and information"
    FAMILY_HELP_SERVICE = "family_help_service", "Early help or Family Help service"
    REFERRAL = "referral", "Referral for a statutory assessment"
    # Assessment outcomes (rule 15).
    TARGETED_SERVICES = "targeted_services", "Targeted services"
    CIN_PLAN = "cin_plan", "Child in need plan"
    S47 = "s47", "Section 47 enquiry"
    # Section 47 outcomes (rule 16).
    NO_CONCERNS = "no_concerns", "Not substantiated: no further action, with agreed support"
    FURTHER_STATUTORY = "further_statutory", "Substantiated: initial child protection conference"
    SUBSTANTIATED_NO_ICPC = "substantiated_no_icpc", "Substantiated: a conference is not needed"
    # Strategy discussion outcomes that end the front door's work.
    OTHER_AGENCY = "other_agency", "Action by another agency only"
    # Conference outcomes (rule 17).
    CP_PLAN = "cp_plan", "Child protection plan"
    NO_CP_PLAN = "no_cp_plan", "No child protection plan"
    # Other endings.
    NOT_RETAINED = "not_retained", "Not retained: below threshold without consent"
    ROUTED = "routed", "Sent to the allocated worker"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DecisionKind(models.TextChoices):
    CONTACT = "contact", "Contact decision"
    ASSESSMENT = "assessment", "Assessment outcome"
    S47 = "s47", "Section 47 outcome"


# What each kind of decision may decide, and where approval takes the request.
DECISION_OUTCOMES = {
    DecisionKind.CONTACT: [
        Outcome.NFA,
        Outcome.ADVICE_INFO,
        Outcome.FAMILY_HELP_SERVICE,
        Outcome.SIGNPOSTED,
        Outcome.REFERRAL,
    ],
    DecisionKind.ASSESSMENT: [Outcome.ADVICE, Outcome.TARGETED_SERVICES, Outcome.CIN_PLAN, Outcome.NFA, Outcome.S47],
    # Substantiated concerns are "often", not always, a conference (rule 16).
    DecisionKind.S47: [
        Outcome.NO_CONCERNS,
        Outcome.CIN_PLAN,
        Outcome.FAMILY_HELP_SERVICE,
        Outcome.FURTHER_STATUTORY,
        Outcome.SUBSTANTIATED_NO_ICPC,
    ],
}
DECISION_FROM_STATE = {
    State.CONTACT: DecisionKind.CONTACT,
    State.SINGLE_ASSESSMENT: DecisionKind.ASSESSMENT,
    State.S47_ENQUIRY: DecisionKind.S47,
}
STATE_OF_DECISION = {kind: state for state, kind in DECISION_FROM_STATE.items()}
APPROVED_TO = {
    Outcome.REFERRAL: State.REFERRAL,
    Outcome.S47: State.STRATEGY_DISCUSSION,
    Outcome.FURTHER_STATUTORY: State.ICPC,
}
TRIAGE_CLOSING = [Outcome.ADVICE, Outcome.SIGNPOSTED, Outcome.LA_TAF]
OPEN_STATES = [
    State.SUBMITTED,
    State.TRIAGE_STEP,
    State.CONTACT,
    State.AWAITING_APPROVAL,
    State.REFERRAL,
    State.SINGLE_ASSESSMENT,
    State.STRATEGY_DISCUSSION,
    State.S47_ENQUIRY,
    State.ICPC,
]
# Outcomes after which the child has an open case with children's social care.
OPEN_CASE_OUTCOMES = [Outcome.CIN_PLAN, Outcome.CP_PLAN]
# Outcomes that hand the child on to a named team: the episode stays open until closed with a reason.
# (A Team Around the Family from screening is coordinated outside the hub, with no team to name here.)
HANDOVER_OUTCOMES = [Outcome.CIN_PLAN, Outcome.CP_PLAN, Outcome.FAMILY_HELP_SERVICE]
# Outcomes the front door decides before any assessment: the referrer always hears these (rule 22).
FRONT_DOOR_OUTCOMES = [
    *TRIAGE_CLOSING,
    *DECISION_OUTCOMES[DecisionKind.CONTACT],
    Outcome.RETURNED_FOR_CONSENT,
    Outcome.NOT_RETAINED,
    Outcome.ROUTED,
    Outcome.WITHDRAWN,
]


class StrategyOutcome(models.TextChoices):
    """What a strategy discussion decides (Working Together 2023)."""

    S47 = "s47", "A section 47 enquiry"
    S17_ASSESSMENT = "s17_assessment", "A section 17 single assessment"
    NFA = "nfa", "No further action"
    OTHER_AGENCY = "other_agency", "Action by another agency only"
    ANOTHER_DISCUSSION = "another_discussion", "Another strategy discussion"


STRATEGY_TO = {
    StrategyOutcome.S47: State.S47_ENQUIRY,
    StrategyOutcome.S17_ASSESSMENT: State.SINGLE_ASSESSMENT,
    StrategyOutcome.NFA: State.CLOSED,
    StrategyOutcome.OTHER_AGENCY: State.CLOSED,
    StrategyOutcome.ANOTHER_DISCUSSION: State.STRATEGY_DISCUSSION,
}
STRATEGY_ENDING = {StrategyOutcome.NFA: Outcome.NFA, StrategyOutcome.OTHER_AGENCY: Outcome.OTHER_AGENCY}


class EmergencyAction(models.TextChoices):
    """Emergency action taken to protect a child, recorded with the strategy discussion."""

    NONE = "", "None"
    POLICE_PROTECTION = "police_protection", "Police protection (Children Act 1989, section 46)"
    EPO = "epo", "Emergency protection order (Children Act 1989, section 44)"
