"""Answer sets that belong to the Request for Support alone. Shared answer sets
live in lib.answers; census codes (sex, ethnicity, referral source) live in
returns.census, so the statutory return is built from what was recorded."""

from django.db import models


class OpenToCsc(models.TextChoices):
    NO = "no", "No"
    HERE = "here", "Yes, to this area's children's social care"
    ELSEWHERE = "elsewhere", "Yes, to children's social care in another area"
    UNKNOWN = "unknown", "I do not know"


class LivesWithChild(models.TextChoices):
    LIVES_WITH = "lives_with", "Lives with the child"
    VISITS = "visits", "Visits or stays sometimes"
    ELSEWHERE = "elsewhere", "Lives elsewhere"


class AttachmentKind(models.TextChoices):
    EHA = "eha", "Early Help Assessment or CAF"
    TAF_MINUTES = "taf_minutes", "Team Around the Family minutes"
    NEGLECT_TOOL = "neglect_tool", "Graded Care Profile or neglect tool"
    OTHER = "other", "Something else"


class CallDecision(models.TextChoices):
    CONTACT = "contact", "Immediate risk: made a contact for social work enquiries now"
    TRIAGE = "triage", "Screen it when the written request arrives"
    ADVICE = "advice", "Advice given on the call"


class Via(models.TextChoices):
    """How a request reached the hub."""

    WEB = "web", "Online form"
    API = "api", "Partner system"
