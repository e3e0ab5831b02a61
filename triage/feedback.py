"""Outcome feedback to the referrer, in plain language (docs/domain.md §5.3, rule 22)."""

from workflow.states import DecisionKind, Outcome

PLAIN = {
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
BELOW_THRESHOLD_ADVICE = (
    "Where the threshold for our services was not met, consider early help through your own organisation: an "
    "Early Help Assessment with the family, a Team Around the Family, or universal and community services."
)
CONTACT_STAGE = {DecisionKind.CONTACT}
BELOW_THRESHOLD_OUTCOMES = (
    Outcome.NFA,
    Outcome.ADVICE,
    Outcome.ADVICE_INFO,
    Outcome.SIGNPOSTED,
    Outcome.RETURNED_FOR_CONSENT,
    Outcome.NOT_RETAINED,
)


def feedback_allowed(request, kind: str | None) -> bool:
    """Contact outcomes always go back to the referrer; assessment and later
    outcomes only with recorded parental consent (rule 22)."""
    if kind is None or kind in CONTACT_STAGE:
        return True
    return request.consent.has_parental_consent


CHILDREN_DIFFER = "The children in your request have different outcomes."


def feedback_text(outcome: str, reasons: str = "", *, per_child: list[tuple[str, str]] | None = None) -> str:
    """The outcome in plain words; where siblings went different ways, each child's."""
    if per_child:
        parts = [CHILDREN_DIFFER, *(f"{name}: {PLAIN.get(o, 'Closed.')}" for name, o in per_child)]
        outcome = next((o for _, o in per_child if o in BELOW_THRESHOLD_OUTCOMES), outcome)
    else:
        parts = [PLAIN.get(outcome, "Your request has been closed.")]
    if reasons:
        parts.append(f"Why: {reasons}")
    if outcome in BELOW_THRESHOLD_OUTCOMES:
        parts.append(BELOW_THRESHOLD_ADVICE)
    return "\n\n".join(parts)
