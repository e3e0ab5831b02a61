"""Each area's consent policy, in words a referrer reads before they submit,
and the rules the form and the API both enforce (docs/domain.md §4, rules 1–4, 30)."""

from dataclasses import dataclass

from hub.area_policy import ConsentPolicy, OverrideGround
from hub.models import Area


@dataclass(frozen=True)
class ChildConsentRule:
    applies: bool
    text: str


def policy_explanation(area: Area) -> str:
    """What happens to a request without parental consent, in plain words."""
    if area.consent_policy == ConsentPolicy.ACCEPT_AS_TRIAGE_STEP:
        return (
            f"In {area.name}, a request without parental consent is recorded as a temporary triage step and "
            "screened. If it does not meet the Family Help (Intensive) level and the parents have not consented, "
            "it is not kept: it is deleted and only an anonymous count remains. At Family Help level it goes ahead "
            "only with parental consent. If you think the child is suffering, or at risk of, significant harm, say so "
            "below and record why you are sharing without consent."
        )
    return (
        f"In {area.name}, a request for support needs the parents' explicit consent. Without it, your request can "
        "only be accepted if the child is suffering, or at risk of, significant harm, and you record the grounds, "
        "the lawful basis you rely on and your rationale. A manager in the hub will review the decision to share "
        "without consent."
    )


def accepted_grounds(area: Area) -> list[tuple[str, str]]:
    return [(g.value, g.label) for g in OverrideGround if g.value in (area.override_grounds or [])]


def child_consent_rule(area: Area, ages: list[int | None]) -> ChildConsentRule:
    """Whether to ask for the child's own consent or view, by the area's rule (rule 30).

    `ages` holds each child's age in years (None for an unborn baby).
    """
    born = [age for age in ages if age is not None]
    if area.child_consent_from_age is None:
        # No cut-off: competence decides, so ask about every child who is born.
        return ChildConsentRule(bool(born), area.child_consent_test or "Competence to decide")
    oldest = max(born, default=-1)
    return ChildConsentRule(
        oldest >= area.child_consent_from_age,
        f"{area.child_consent_test} (asked from age {area.child_consent_from_age})",
    )
