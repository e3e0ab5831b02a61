"""The statutory-return rules that one child's record can be checked against as it is
entered, so a worker fixes a gap the day it appears, not at return time. Each finding
says what is missing in a worker's words and where to fix it. Whole returns are
checked with the DfE's own validator when they are built."""

from dataclasses import dataclass

from returns.census import AssessmentFactor, ClosureReason
from returns.characteristics import disabilities_problem

from .models import Episode, Person


@dataclass(frozen=True)
class Finding:
    message: str
    fix: str  # the id of the field on the child's page that fixes it


def _person_findings(name: str, person: Person | None) -> list[Finding]:
    if person is None:
        return [
            Finding(
                f"Link {name} to their existing record, or record them as new: the return needs their LA child ID.",
                "matching",
            )
        ]
    findings = []
    if not person.upn and not person.upn_unknown_reason:
        findings.append(Finding(f"Record {name}'s unique pupil number (UPN), or why it is not known.", "id_record-upn"))
    if not person.disabilities:
        findings.append(Finding(f"Record {name}'s disabilities, or 'No disability'.", "id_record-disabilities"))
    elif problem := disabilities_problem(person.disabilities):
        findings.append(Finding(f"{problem}.", "id_record-disabilities"))
    return findings


def _episode_findings(episode: Episode) -> list[Finding]:
    findings = []
    factors = episode.assessment_factors or []
    if not episode.referral_source:
        findings.append(Finding("The referral has no source: correct the referral source.", "referral_source"))
    if not episode.primary_need:
        findings.append(Finding("The referral has no primary need code.", "episode"))
    if episode.assessment_authorised_on and not factors:
        findings.append(Finding("The assessment was authorised with no factors identified.", "episode"))
    if AssessmentFactor.NO_FACTORS_IDENTIFIED in factors and len(factors) > 1:
        findings.append(Finding("'No factors identified' (21) is recorded with other factors.", "episode"))
    if episode.closed_on and not episode.closure_reason:
        findings.append(Finding("The episode closed with no reason.", "id_close-reason"))
    after_assessment = {ClosureReason.CLOSED_AFTER_ASSESSMENT_NFA, ClosureReason.CLOSED_AFTER_ASSESSMENT_EARLY_HELP}
    if episode.closure_reason in after_assessment and (
        episode.s47_started_on or episode.cin_plan_start or episode.cp_plan_start
    ):
        # The DfE's check 2990: "closed after assessment" cannot follow an enquiry or a plan.
        findings.append(
            Finding(
                "The episode is closed 'after assessment' (RC8 or RC9) but had a section 47 enquiry or a plan: "
                "choose another reason.",
                "id_close-reason",
            )
        )
    if episode.cp_plan_start and not episode.initial_category:
        findings.append(Finding("The child protection plan has no category of abuse.", "episode"))
    return findings


def child_findings(child) -> list[Finding]:
    """What this child's record does not yet meet of the return's rules, in words a worker reads."""
    findings = _person_findings(child.first_name, child.person)
    episode = getattr(child, "episode", None)
    if episode is not None and episode.is_referral:
        findings += _episode_findings(episode)
    return findings
