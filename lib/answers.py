"""The answer sets that many questions share. Each is defined once here; forms,
models, serializers and exports all take their choices from these."""

from django.db import models


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "I do not know"


class YesNoNotApplicable(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Does not apply"


def yes_no(value: bool | None) -> str:
    """An answer for a yes/no question from a boolean ("" when unanswered)."""
    return "" if value is None else (YesNo.YES if value else YesNo.NO)
