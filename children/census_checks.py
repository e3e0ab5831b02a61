"""The statutory-return rules that one child's record can be checked against as it is
entered, so a worker fixes a gap the day it appears, not at return time. Each finding
says what is missing in a worker's words and where to fix it. Whole returns are
checked with the DfE's own validator when they are built."""

from dataclasses import dataclass

from returns.census import AssessmentFactor, ClosureReason
from returns.characteristics import disabilities_problem

from .models import Episode, Person


@dataclass(frozen=True)
class Rule:
    """One check, named so that findings can be counted and grouped across children."""

    key: str  # stable: pages and tests refer to it
    title: str  # what is wrong, in a manager's words: the heading of a list of children
    dfe_code: str = ""  # the DfE validator rule it mirrors, where it mirrors one

    @property
    def is_query(self) -> bool:
        """A DfE query (its code ends in Q) is confirmed or explained; any other rule stops the return."""
        return self.dfe_code.endswith("Q")


NOT_LINKED = Rule("not_linked", "Not linked to a child's record, so left out of the return (no LA child ID)")
UPN = Rule("upn", "No unique pupil number (UPN), and no reason it is not known", "8770Q")
DISABILITIES = Rule("disabilities", "Disabilities not recorded", "8540")
NO_DISABILITY_AND_OTHERS = Rule("disabilities_none_and_others", "'No disability' recorded beside a disability", "8790")
REFERRAL_SOURCE = Rule("referral_source", "Referral with no source", "8866")
PRIMARY_NEED = Rule("primary_need", "Referral with no primary need code", "8610")
NO_FACTORS = Rule("assessment_factors", "Assessment authorised with no factors identified", "8897Q")
FACTOR_21_AND_OTHERS = Rule(
    "factor_21_and_others", "'No factors identified' (21) recorded beside other factors", "8869"
)
CLOSURE_REASON = Rule("closure_reason", "Episode closed with no reason", "8805")
CLOSED_AFTER_ASSESSMENT = Rule(
    "closed_after_assessment",
    "Closed 'after assessment' (RC8 or RC9) after a section 47 enquiry or a plan",
    "2990",
)
CATEGORY_OF_ABUSE = Rule("category_of_abuse", "Child protection plan with no category of abuse", "8905")
# In the order a child's page lists them: who the child is, then their episode.
RULES = (
    NOT_LINKED,
    UPN,
    DISABILITIES,
    NO_DISABILITY_AND_OTHERS,
    REFERRAL_SOURCE,
    PRIMARY_NEED,
    NO_FACTORS,
    FACTOR_21_AND_OTHERS,
    CLOSURE_REASON,
    CLOSED_AFTER_ASSESSMENT,
    CATEGORY_OF_ABUSE,
)
# The rules about the person rather than one episode: a child referred twice has each problem once.
PERSON_RULES = frozenset({NOT_LINKED, UPN, DISABILITIES, NO_DISABILITY_AND_OTHERS})


@dataclass(frozen=True)
class Finding:
    message: str
    fix: str  # the id of the field on the child's page that fixes it
    rule: Rule


def _person_findings(name: str, person: Person | None) -> list[Finding]:
    if person is None:
        return [
            Finding(
                f"Link {name} to their existing record, or record them as new: the return needs their LA child ID.",
                "matching",
                NOT_LINKED,
            )
        ]
    findings = []
    if not person.upn and not person.upn_unknown_reason:
        findings.append(
            Finding(f"Record {name}'s unique pupil number (UPN), or why it is not known.", "id_record-upn", UPN)
        )
    # The record form's disabilities are checkboxes: the link lands on the first.
    if not person.disabilities:
        findings.append(
            Finding(f"Record {name}'s disabilities, or 'No disability'.", "id_record-disabilities_1", DISABILITIES)
        )
    elif problem := disabilities_problem(person.disabilities):
        findings.append(Finding(f"{problem}.", "id_record-disabilities_1", NO_DISABILITY_AND_OTHERS))
    return findings


AFTER_ASSESSMENT = frozenset(
    {ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA, ClosureReason.CLOSED_AFTER_ASSESSMENT_EARLY_HELP}
)


def closure_reason_refused(episode: Episode, reason: str | None = None) -> bool:
    """The DfE's check 2990: "closed after assessment" (RC8, RC9) cannot follow a section 47
    enquiry or a plan. `reason`: one about to be recorded, instead of the episode's own."""
    reason = episode.closure_reason if reason is None else reason
    return reason in AFTER_ASSESSMENT and bool(
        episode.s47_started_on or episode.cin_plan_start or episode.cp_plan_start
    )


# A question of checkboxes has no element with its own id: a link lands on its first box.
FACTORS_FIX = "id_census-assessment_factors_1"


def _episode_findings(episode: Episode) -> list[Finding]:
    findings = []
    factors = episode.assessment_factors or []
    if not episode.referral_source:
        findings.append(
            Finding("The referral has no source: correct the referral source.", "referral_source", REFERRAL_SOURCE)
        )
    if not episode.primary_need:
        findings.append(Finding("The referral has no primary need code.", "id_census-primary_need", PRIMARY_NEED))
    if episode.assessment_authorised_on and not factors:
        findings.append(Finding("The assessment was authorised with no factors identified.", FACTORS_FIX, NO_FACTORS))
    if AssessmentFactor.NO_FACTORS_IDENTIFIED in factors and len(factors) > 1:
        findings.append(
            Finding("'No factors identified' (21) is recorded with other factors.", FACTORS_FIX, FACTOR_21_AND_OTHERS)
        )
    if episode.closed_on and not episode.closure_reason:
        findings.append(Finding("The episode closed with no reason.", "id_close-reason", CLOSURE_REASON))
    if closure_reason_refused(episode):
        findings.append(
            Finding(
                "The episode is closed 'after assessment' (RC8 or RC9) but had a section 47 enquiry or a plan: "
                "choose another reason.",
                "id_close-reason",
                CLOSED_AFTER_ASSESSMENT,
            )
        )
    if episode.cp_plan_start and not episode.initial_category:
        findings.append(
            Finding(
                "The child protection plan has no category of abuse.", "id_census-initial_category", CATEGORY_OF_ABUSE
            )
        )
    return findings


def child_findings(child) -> list[Finding]:
    """What this child's record does not yet meet of the return's rules, in words a worker reads."""
    findings = _person_findings(child.first_name, child.person)
    episode = getattr(child, "episode", None)
    if episode is not None and episode.is_referral:
        findings += _episode_findings(episode)
    return findings
