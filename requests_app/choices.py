"""Answer sets for the Request for Support form. Codes follow the DfE Children in
Need census where the census has one, so the statutory return can be built
from what was recorded at the front door."""

from django.db import models

from hub.census import ReferralSource


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "I do not know"


class Sex(models.TextChoices):  # CIN census: sex
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):  # CIN census ethnicity codes
    WBRI = "WBRI", "White: British"
    WIRI = "WIRI", "White: Irish"
    WIRT = "WIRT", "White: Traveller of Irish heritage"
    WROM = "WROM", "White: Gypsy or Roma"
    WOTH = "WOTH", "White: any other White background"
    MWBC = "MWBC", "Mixed: White and Black Caribbean"
    MWBA = "MWBA", "Mixed: White and Black African"
    MWAS = "MWAS", "Mixed: White and Asian"
    MOTH = "MOTH", "Mixed: any other mixed background"
    AIND = "AIND", "Asian or Asian British: Indian"
    APKN = "APKN", "Asian or Asian British: Pakistani"
    ABAN = "ABAN", "Asian or Asian British: Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British: any other Asian background"
    BCRB = "BCRB", "Black or Black British: Caribbean"
    BAFR = "BAFR", "Black or Black British: African"
    BOTH = "BOTH", "Black or Black British: any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Not yet obtained"


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


# The census referral source for each kind of referring agency.
REFERRAL_SOURCE_BY_AGENCY = {
    "school": ReferralSource.SCHOOLS,
    "early_years": ReferralSource.EDUCATION_SERVICES,
    "gp": ReferralSource.HEALTH_GP,
    "health_visiting": ReferralSource.HEALTH_VISITOR,
    "hospital": ReferralSource.HEALTH_OTHER,
    "police": ReferralSource.POLICE,
    "probation": ReferralSource.OTHER_LEGAL_AGENCY,
    "youth_justice": ReferralSource.LA_OTHER_INTERNAL,
    "housing": ReferralSource.HOUSING,
    "local_authority": ReferralSource.LA_OTHER_INTERNAL,
    "voluntary": ReferralSource.OTHER,
    "other": ReferralSource.OTHER,
}


class CallDecision(models.TextChoices):
    CONTACT = "contact", "Immediate risk: made a contact for social work enquiries now"
    TRIAGE = "triage", "Screen it when the written request arrives"
    ADVICE = "advice", "Advice given on the call"
