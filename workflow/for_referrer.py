"""What the referrer is told: a request's status and outcome in plain words.

One home for these words, read by the referrer's pages, the feedback message and the API.
They never carry the hub's internal reasoning (docs/domain.md §5.3): the referrer hears what
was decided, what happens next and who to contact, and nothing more."""

from .states import Outcome, State

# While the hub works on it. The referrer is not told of internal steps such as approval.
STATUS = {
    State.SUBMITTED: "Received",
    State.TRIAGE_STEP: "Being considered by the hub",
    State.CONTACT: "Being considered by the hub",
    State.AWAITING_APPROVAL: "Being considered by the hub",
    State.ROUTED: "Sent to the child's social worker",
    State.REFERRAL: "Accepted for a social work assessment",
    State.SINGLE_ASSESSMENT: "Accepted for a social work assessment",
    State.STRATEGY_DISCUSSION: "Children's social care are making enquiries",
    State.S47_ENQUIRY: "Children's social care are making enquiries",
    State.ICPC: "Children's social care are making enquiries",
    State.NOT_RETAINED: "Not taken further",
    State.WITHDRAWN: "Withdrawn",
}
# Once decided, the status names the decision, so it agrees with the outcome the referrer reads.
OUTCOME_STATUS = {
    Outcome.ADVICE: "Decided: advice given",
    Outcome.ADVICE_INFO: "Decided: advice given",
    Outcome.SIGNPOSTED: "Decided: other support suggested",
    Outcome.LA_TAF: "Decided: Team Around the Family",
    Outcome.RETURNED_FOR_CONSENT: "Returned to you: consent needed",
    Outcome.NFA: "Decided: no further action",
    Outcome.FAMILY_HELP_SERVICE: "Decided: Family Help offered",
    Outcome.REFERRAL: "Accepted for a social work assessment",
    Outcome.TARGETED_SERVICES: "Decided: targeted support",
    Outcome.CIN_PLAN: "Decided: child in need plan",
    Outcome.NO_CONCERNS: "Decided: support agreed with the family",
    Outcome.CP_PLAN: "Decided: child protection plan",
    Outcome.NO_CP_PLAN: "Decided: no child protection plan",
    Outcome.SUBSTANTIATED_NO_ICPC: "Decided: support agreed with the family",
    Outcome.OTHER_AGENCY: "Decided: another agency is acting",
    Outcome.ROUTED: "Sent to the child's social worker",
    Outcome.NOT_RETAINED: "Not taken further",
    Outcome.WITHDRAWN: "Withdrawn",
}
# The sentence the feedback opens with.
OUTCOME = {
    Outcome.ADVICE: "We gave advice and information. The request did not meet the level for a service from us.",
    Outcome.SIGNPOSTED: "We pointed the family to other support that fits their needs better.",
    Outcome.LA_TAF: "We will coordinate a Team Around the Family with the family and the services that know them.",
    Outcome.RETURNED_FOR_CONSENT: (
        "We could not take this further without the parents' consent. Please talk to them and ask again, "
        "or tell us if you believe the child is at risk of significant harm."
    ),
    Outcome.NFA: "No further action by children's services.",
    Outcome.ADVICE_INFO: "We gave advice and information.",
    Outcome.FAMILY_HELP_SERVICE: "The family will be offered an early help or Family Help service.",
    Outcome.REFERRAL: "We accepted the request as a referral for a statutory assessment.",
    Outcome.TARGETED_SERVICES: "The assessment recommended targeted services for the family.",
    Outcome.CIN_PLAN: "The child will have a child in need plan.",
    Outcome.NO_CONCERNS: "The enquiry did not substantiate the concerns; support has been agreed with the family.",
    Outcome.CP_PLAN: "The conference agreed a child protection plan.",
    Outcome.NO_CP_PLAN: "The conference did not agree a child protection plan.",
    Outcome.SUBSTANTIATED_NO_ICPC: "The enquiry substantiated the concerns; a conference is not needed.",
    Outcome.OTHER_AGENCY: "Another agency is taking the action needed; children's services are not.",
    Outcome.ROUTED: "The child already has an allocated worker, who has been sent your request.",
    Outcome.NOT_RETAINED: (
        "We have not taken this request further. It did not meet the level for our services and the parents "
        "had not consented, so we do not keep it: its details will be deleted."
    ),
}
# What happens next, and what is asked of the referrer.
NEXT = {
    Outcome.FAMILY_HELP_SERVICE: "A Family Help worker will contact the family. Keep supporting the child as now.",
    Outcome.LA_TAF: "A lead professional will be in touch to arrange the first meeting. You may be asked to attend.",
    Outcome.REFERRAL: "A social worker will assess the child's needs. They may contact you for what you know.",
    Outcome.TARGETED_SERVICES: "The services agreed will contact the family.",
    Outcome.CIN_PLAN: "You may be invited to the child in need meetings. Share new worries with the social worker.",
    Outcome.CP_PLAN: "You may be part of the core group. Share new worries with the child's social worker at once.",
    Outcome.ROUTED: "The child's social worker will contact you if they need more.",
    Outcome.OTHER_AGENCY: "The other agency will contact you if they need more.",
    Outcome.RETURNED_FOR_CONSENT: "Send a new request once the parents have agreed.",
}
BELOW_THRESHOLD = (
    Outcome.NFA,
    Outcome.ADVICE,
    Outcome.ADVICE_INFO,
    Outcome.SIGNPOSTED,
    Outcome.RETURNED_FOR_CONSENT,
    Outcome.NOT_RETAINED,
)
BELOW_THRESHOLD_ADVICE = (
    "Where the threshold for our services was not met, consider early help through your own organisation: an "
    "Early Help Assessment with the family, a Team Around the Family, or universal and community services."
)
WORRIES_CHANGE = (
    "If your worries grow, or something new happens, send a new request. If a child is in danger, call 999."
)


def status_for_referrer(*, state: str, outcome: str, told: bool) -> str:
    """The status a referrer sees. An outcome they were not told of (rule 22) is not named."""
    if state == State.CLOSED:
        return OUTCOME_STATUS.get(outcome, "Finished") if told else "Finished"
    return STATUS.get(state, "Being considered by the hub")
