"""The child's characteristics as the DfE Children in Need census codes them
(``ChildCharacteristics``): sex, ethnicity and disability. Sources as for
returns/census.py."""

from django.db import models


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


class Disability(models.TextChoices):
    """Disability (Child characteristics, ``Disability``); a child may have several, or NONE alone."""

    NONE = "NONE", "No disability"
    MOBILITY = "MOB", "Mobility"
    HAND_FUNCTION = "HAND", "Hand function"
    PERSONAL_CARE = "PC", "Personal care"
    INCONTINENCE = "INC", "Incontinence"
    COMMUNICATION = "COMM", "Communication"
    LEARNING = "LD", "Learning"
    HEARING = "HEAR", "Hearing"
    VISION = "VIS", "Vision"
    BEHAVIOUR = "BEH", "Behaviour"
    CONSCIOUSNESS = "CON", "Consciousness"
    AUTISM = "AUT", "Autism"
    OTHER = "DDA", "Other"


class UpnUnknown(models.TextChoices):
    """Why a child has no unique pupil number (``UPNunknown``). The census schema lists the codes;
    the wording follows the DfE's common basic data set and should be checked before a return."""

    UNDER_SIX = "UN1", "Child is aged under 6 years old and is not yet assigned a UPN"
    NEVER_IN_STATE_SCHOOL = "UN2", "Child has never attended a state-funded school in England"
    EDUCATED_OUTSIDE_ENGLAND = "UN3", "Child is educated outside England and has no UPN"
    NEWLY_ARRIVED = "UN4", "Child is newly arrived and not yet assigned a UPN"
    RECORDS_DISAGREE = "UN5", "Sources disagree on the child's name or date of birth, so no reliable match"
    ASYLUM_SEEKING = "UN6", "Child is, or was, an unaccompanied asylum-seeking child"
    REFERRAL_NFA = "UN7", "Referral with no further action"


# A UPN is a letter, eleven digits, then a digit or letter (census schema ``upntype``).
UPN_PATTERN = r"^[A-Za-z]\d{11}[A-Za-z0-9]$"


def disabilities_problem(codes: list[str]) -> str:
    """Why a list of census disability codes cannot be returned, or "" if it can: NONE stands alone."""
    if Disability.NONE in codes and len(codes) > 1:
        return "'No disability' cannot be recorded with a disability"
    return ""
