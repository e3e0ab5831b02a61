from django.db import models


class StatutoryBasis(models.TextChoices):
    """Kept apart from the level: the seeds disagree on where child in need
    sits (docs/domain.md §2), so a level 4 record may be s17 or s47 (rule 25)."""

    NONE = "none", "None"
    S17 = "s17", "Child in need (section 17)"
    S47 = "s47", "Child protection (section 47)"


class FactorKind(models.TextChoices):
    PROTECTIVE = "protective", "Resilience or protective factor"
    SPECIAL_CONSIDERATION = "special_consideration", "Group needing special consideration"
    WARNING_SIGN = "warning_sign", "Warning sign"
