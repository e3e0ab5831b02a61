"""What an area's policy may say, where the seed documents disagree
(docs/domain.md §4 and §10). Area rows hold these values; the consent form,
the workflow and the deadline rules read them. Kept beside the Area model so
that every app can read an area's policy without importing the apps that act
on it."""

from django.db import models


class ConsentPolicy(models.TextChoices):
    """What happens to a request that arrives without parental consent (docs/domain.md §4, rule 2)."""

    REFUSE_WITHOUT_OVERRIDE = "refuse_without_override", "Refused unless significant harm is asserted and recorded"
    ACCEPT_AS_TRIAGE_STEP = (
        "accept_as_triage_step",
        "Accepted as a temporary triage step, kept only if it meets threshold",
    )


class AssessmentClockScope(models.TextChoices):
    """Which assessments run against 45 working days (rule 19): every one, as Working Together
    2023 has it, or only those marked complex, as 003 reads it."""

    ALL = "all", "Every assessment"
    COMPLEX_ONLY = "complex_only", "Only assessments marked complex"


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days"
    CALENDAR_DAYS = "calendar_days", "Calendar days"


class OverrideGround(models.TextChoices):
    """Grounds on which a referrer may share without consent. Which of these an
    area accepts is a per-area setting (docs/domain.md §10, "Override grounds")."""

    SIGNIFICANT_HARM = "significant_harm", "The child is suffering, or is at risk of, significant harm"
    RISK_OF_HARM_IF_SOUGHT = "risk_of_harm_if_sought", "Seeking consent would put the child or others at risk of harm"
    CRIME_DETECTION = "crime_detection", "Seeking consent would prejudice the prevention or detection of a crime"
    UNJUSTIFIED_DELAY = "unjustified_delay", "Seeking consent would cause unjustified delay"
    FORCED_MARRIAGE = "forced_marriage", "Suspected forced marriage or removal from the country"
    FGM_OR_HONOUR_BASED_ABUSE = "fgm_or_honour_based_abuse", "FGM, honour-based, faith- or culture-linked abuse"
    CSA_DISCLOSURE = "csa_disclosure", "Disclosure of child sexual abuse"
    FII = "fii", "Suspected perplexing presentations or fabricated or induced illness"
    IMMEDIATE_RISK = "immediate_risk", "Immediate risk of harm"
