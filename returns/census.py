"""DfE children in need (CIN) census code lists, kept so the statutory return can be built later.

Where each list came from
-------------------------
All six lists were taken from the CIN census XML schema (XSD) as kept by Social Finance's
LIIA pipeline, which copies the DfE schema for each collection year:

* SocialFinanceDigitalLabs/liia-tools-pipeline,
  liiatools/cin_census_pipeline/spec/CIN_schema_2026.xsd (commit 5d290ec5), the newest
  schema found (collection year 2026, i.e. the 2025 to 2026 census). Simple types used:
  ``referralsourcetype``, ``primaryneedcodetype``, ``reasonforclosuretype``,
  ``assessmentfactorstype``, ``disabilitytype`` and ``categoryofabusetype``.

Cross-checked against:

* the same repository's ``CIN_schema_2025.xsd`` (commit 301fa231) and
  SocialFinanceDigitalLabs/liia-tools, liiatools/cin_census_pipeline/spec/CIN_schema_2024.xsd
  (commit 4cee6c0f): the same codes in all three years, for every list;
* the CIN validator (Social Finance's ``cin_validator``, now stored as
  data-to-insight/csc-validator-be-cin):
  - cin_validator/rules/cin2022_23/rule_8640.py: reason for closure, RC1 to RC9;
  - cin_validator/rules/cin2022_23/rule_8650.py: primary need, N0 to N9;
  - cin_validator/rules/cin2022_23/rule_8897Q.py: the assessment factor list.
  The validator has no list of its own for referral source, disability or category of abuse
  (those are left to the schema), so those three rest on the schemas alone.

Confirmed: ReferralSource, PrimaryNeed, ClosureReason, AssessmentFactor, Disability and
CategoryOfAbuse, all six.

Notes on the wording and on what was left out
---------------------------------------------
* Labels follow the schema's wording. Upper-case headings such as "INDIVIDUAL" and
  "HEALTH SERVICES" are put in sentence case, dashes and quotes are plain ASCII, and a stray
  opening bracket in the schema's 5D label ("(LA SERVICES - early help") is dropped.
* N1 is worded "Abuse, neglect and exploitation" in the 2026 schema; the 2024 and 2025
  schemas word it "Abuse or neglect". The code is the same.
* Assessment factors 18A (physical abuse) and 19A (sexual abuse) are left out. They are not in
  the 2024 or 2025 schemas (nor the 2022 one). The 2026 file keeps them only with the note
  "Retained despite official schema change due to client request 08/25", and the validator
  still accepts them for old data. They were replaced by 18B/18C and 19B/19C (child on child,
  adult on child). There is no 8A; private fostering runs 8B to 8F.
* Code 21 (no factors identified) may not be recorded with any other factor (the
  validator's check 8869). Disability NONE may not be recorded with any other disability
  code (the validator's check 8790).
* Sex, ethnicity and disability (the census's child characteristics) are in
  returns/characteristics.py.
"""

from django.db import models

from hub.models import Agency


class ReferralSource(models.TextChoices):
    """Source of referral (CIN details, ``ReferralSource``)."""

    INDIVIDUAL_FAMILY = "1A", "Individual - family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual - acquaintance (including neighbours and child minders)"
    INDIVIDUAL_SELF = "1C", "Individual - self"
    INDIVIDUAL_OTHER = "1D", "Individual - other (including strangers)"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health services - general practitioner (GP)"
    HEALTH_VISITOR = "3B", "Health services - health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services - school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health services - other primary health services"
    HEALTH_A_AND_E = "3E", "Health services - A&E (accident and emergency department)"
    HEALTH_OTHER = "3F", "Health services - other (for example hospice)"
    HOUSING = "4", "Housing - local authority housing or housing association"
    LA_SOCIAL_CARE = "5A", "LA services - social care, for example adults social care services"
    LA_OTHER_INTERNAL = (
        "5B",
        "LA services - other internal (department other than social care in local authorities, "
        "for example, youth offending (excluding housing))",
    )
    LA_EXTERNAL = (
        "5C",
        "LA services - external, for example, from another local authority's adults social care services",
    )
    LA_EARLY_HELP = "5D", "LA services - early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = (
        "7",
        "Other legal agency - including courts, probation, immigration, CAFCASS "
        "(Children and Family Court Advisory and Support Service) or prison",
    )
    OTHER = "8", "Other - including children's centres, independent agency providers or voluntary organisations"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """Primary need code (CIN details, ``PrimaryNeedCode``)."""

    ABUSE_NEGLECT_EXPLOITATION = "N1", "Abuse, neglect and exploitation"
    CHILD_DISABILITY = "N2", "Child's disability"
    PARENTAL_DISABILITY_OR_ILLNESS = "N3", "Parental disability or illness"
    FAMILY_IN_ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_CHILD_IN_NEED = "N9", "Cases other than children in need"
    NOT_STATED = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    """Reason for closure of a CIN episode (CIN details, ``ReasonForClosure``)."""

    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CHILD_ARRANGEMENTS_ORDER = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP_ORDER = "RC4", "Special guardianship order"
    TRANSFERRED_TO_OTHER_LA = "RC5", "Transferred to services of another local authority"
    TRANSFERRED_TO_ADULT_SOCIAL_CARE = "RC6", "Transferred to adult social care services"
    SERVICES_CEASED = "RC7", "Services ceased for any other reason, including child no longer in need"
    CLOSED_AFTER_ASSESSMENT_NFA = "RC8", "Case closed after assessment, no further action"
    CLOSED_AFTER_ASSESSMENT_EARLY_HELP = "RC9", "Case closed after assessment, referred to early help"


class AssessmentFactor(models.TextChoices):
    """Factors identified at the end of assessment (Assessments, ``AssessmentFactors``)."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: concerns about alcohol misuse by the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: concerns about alcohol misuse by the parent(s)/carer(s)"
    ALCOHOL_HOUSEHOLD = (
        "1C",
        "Alcohol misuse: concerns about alcohol misuse by another person living in the household",
    )
    DRUGS_CHILD = "2A", "Drug misuse: concerns about drug misuse by the child"
    DRUGS_PARENT = "2B", "Drug misuse: concerns about drug misuse by the parent(s)/carer(s)"
    DRUGS_HOUSEHOLD = "2C", "Drug misuse: concerns about drug misuse by another person living in the household"
    DOMESTIC_VIOLENCE_CHILD = "3A", "Domestic violence: concerns about the child being the subject of domestic violence"
    DOMESTIC_VIOLENCE_PARENT = (
        "3B",
        "Domestic violence: concerns about the child's parent(s)/carer(s) being the subject of domestic violence",
    )
    DOMESTIC_VIOLENCE_HOUSEHOLD = (
        "3C",
        "Domestic violence: concerns about another person living in the household being the subject of "
        "domestic violence",
    )
    MENTAL_HEALTH_CHILD = "4A", "Mental health: concerns about the mental health of the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: concerns about the mental health of the parent(s)/carer(s)"
    MENTAL_HEALTH_HOUSEHOLD = (
        "4C",
        "Mental health: concerns about the mental health of another person in the family/household",
    )
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: concerns about the child's learning disability"
    LEARNING_DISABILITY_PARENT = (
        "5B",
        "Learning disability: concerns about the parent(s)/carer(s) learning disability",
    )
    LEARNING_DISABILITY_HOUSEHOLD = (
        "5C",
        "Learning disability: concerns about another person in the family/household's learning disability",
    )
    PHYSICAL_DISABILITY_OR_ILLNESS_CHILD = (
        "6A",
        "Physical disability or illness: concerns about a physical disability or illness of the child",
    )
    PHYSICAL_DISABILITY_OR_ILLNESS_PARENT = (
        "6B",
        "Physical disability or illness: concerns about a physical disability or illness of the parent(s)/carer(s)",
    )
    PHYSICAL_DISABILITY_OR_ILLNESS_HOUSEHOLD = (
        "6C",
        "Physical disability or illness: concerns about a physical disability or illness of another person in "
        "the family/household",
    )
    YOUNG_CARER = (
        "7A",
        "Young carer: concerns that services may be required or the child's health or development may be "
        "impaired due to their caring responsibilities",
    )
    PRIVATE_FOSTERING_OVERSEAS_RETURN = (
        "8B",
        "Privately fostered: concerns that services may be required or the child may be at risk as a "
        "privately fostered child - overseas children who intend to return",
    )
    PRIVATE_FOSTERING_OVERSEAS_STAY = (
        "8C",
        "Privately fostered: concerns that services may be required or the child may be at risk as a "
        "privately fostered child - overseas children who intend to stay",
    )
    PRIVATE_FOSTERING_UK_EDUCATION = (
        "8D",
        "Privately fostered: concerns that services may be required or the child may be at risk as a "
        "privately fostered child - UK children in educational placements",
    )
    PRIVATE_FOSTERING_UK_FAMILY_ARRANGEMENTS = (
        "8E",
        "Privately fostered: concerns that services may be required or the child may be at risk as a "
        "privately fostered child - UK children making alternative family arrangements",
    )
    PRIVATE_FOSTERING_OTHER = (
        "8F",
        "Privately fostered: concerns that services may be required or the child may be at risk as a "
        "privately fostered child - other",
    )
    UNACCOMPANIED_ASYLUM_SEEKING_CHILD = (
        "9A",
        "UASC: concerns that services may be required or the child may be at risk of harm as an "
        "unaccompanied asylum-seeking child",
    )
    MISSING = (
        "10A",
        "Missing: concerns that services may be required or the child may be at risk of harm due to "
        "going/being missing",
    )
    CHILD_SEXUAL_EXPLOITATION = (
        "11A",
        "Child sexual exploitation: concerns that services may be required or the child may be at risk of "
        "harm due to child sexual exploitation",
    )
    TRAFFICKING = (
        "12A",
        "Trafficking: concerns that services may be required or the child may be at risk of harm due to trafficking",
    )
    GANGS = (
        "13A",
        "Gangs: concerns that services may be required or the child may be at risk of harm because of "
        "involvement in/with gangs",
    )
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = (
        "14A",
        "Socially unacceptable behaviour: concerns that services may be required or the child may be at risk "
        "due to their socially unacceptable behaviour",
    )
    SELF_HARM = (
        "15A",
        "Self-harm: concerns that services may be required or due to suspected/actual self-harming child may "
        "be at risk of harm",
    )
    NEGLECT = (
        "16A",
        "Abuse or neglect - 'neglect': concerns that services may be required or the child may be suffering "
        "or likely to suffer significant harm due to abuse or neglect",
    )
    EMOTIONAL_ABUSE = (
        "17A",
        "Abuse or neglect - 'emotional abuse': concerns that services may be required or the child may be "
        "suffering or likely to suffer significant harm due to abuse or neglect",
    )
    PHYSICAL_ABUSE_CHILD_ON_CHILD = (
        "18B",
        "Abuse or neglect - 'physical abuse' (child on child): concerns that services may be required or the "
        "child may be suffering or likely to suffer significant harm due to abuse or neglect by another child",
    )
    PHYSICAL_ABUSE_ADULT_ON_CHILD = (
        "18C",
        "Abuse or neglect - 'physical abuse' (adult on child): concerns that services may be required or the "
        "child may be suffering or likely to suffer significant harm due to abuse or neglect by an adult",
    )
    SEXUAL_ABUSE_CHILD_ON_CHILD = (
        "19B",
        "Abuse or neglect - 'sexual abuse' (child on child): concerns that services may be required or the "
        "child may be suffering or likely to suffer significant harm due to abuse or neglect by another child",
    )
    SEXUAL_ABUSE_ADULT_ON_CHILD = (
        "19C",
        "Abuse or neglect - 'sexual abuse' (adult on child): concerns that services may be required or the "
        "child may be suffering or likely to suffer significant harm due to abuse or neglect by an adult",
    )
    OTHER = "20", "Other"
    NO_FACTORS_IDENTIFIED = (
        "21",
        "No factors identified - only use this if there is no evidence of any of the factors above and no "
        "further action is being taken",
    )
    FEMALE_GENITAL_MUTILATION = (
        "22A",
        "Female genital mutilation (FGM) - concerns that services may be required or the child may be at risk "
        "due to female genital mutilation",
    )
    ABUSE_LINKED_TO_FAITH_OR_BELIEF = (
        "23A",
        "Abuse linked to faith or belief - concerns that services may be required or the child may be at risk "
        "due to abuse linked to faith or belief",
    )
    CHILD_CRIMINAL_EXPLOITATION = (
        "24A",
        "Child criminal exploitation: concerns that services may be required or the child may be at risk of "
        "harm due to child criminal exploitation",
    )


class CategoryOfAbuse(models.TextChoices):
    """Category of abuse on a child protection plan (``InitialCategoryOfAbuse`` and ``LatestCategoryOfAbuse``)."""

    NEGLECT = "NEG", "Neglect"
    PHYSICAL_ABUSE = "PHY", "Physical abuse"
    SEXUAL_ABUSE = "SAB", "Sexual abuse"
    EMOTIONAL_ABUSE = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple/not recommended"


# The census referral source for each kind of referring agency.
REFERRAL_SOURCE_BY_AGENCY = {
    Agency.Kind.SCHOOL: ReferralSource.SCHOOLS,
    Agency.Kind.EARLY_YEARS: ReferralSource.EDUCATION_SERVICES,
    Agency.Kind.GP: ReferralSource.HEALTH_GP,
    Agency.Kind.HEALTH_VISITING: ReferralSource.HEALTH_VISITOR,
    Agency.Kind.HOSPITAL: ReferralSource.HEALTH_OTHER,
    Agency.Kind.POLICE: ReferralSource.POLICE,
    Agency.Kind.PROBATION: ReferralSource.OTHER_LEGAL_AGENCY,
    Agency.Kind.YOUTH_JUSTICE: ReferralSource.LA_OTHER_INTERNAL,
    Agency.Kind.HOUSING: ReferralSource.HOUSING,
    Agency.Kind.LOCAL_AUTHORITY: ReferralSource.LA_OTHER_INTERNAL,
    Agency.Kind.VOLUNTARY: ReferralSource.OTHER,
    Agency.Kind.OTHER: ReferralSource.OTHER,
}


# Words in a referrer's job title that place them more exactly than their agency does.
ROLE_SOURCES = [
    (("a&e", "accident and emergency", "emergency department"), ReferralSource.HEALTH_A_AND_E),
    (("school nurse",), ReferralSource.HEALTH_SCHOOL_NURSE),
    (("health visitor",), ReferralSource.HEALTH_VISITOR),
    (("gp", "general practitioner"), ReferralSource.HEALTH_GP),
    (("early help", "family help"), ReferralSource.LA_EARLY_HELP),
    (("adult social care", "adults' social care", "adult services"), ReferralSource.LA_SOCIAL_CARE),
]


def referral_source_for(agency: Agency | None, *, role: str = "") -> str:
    """The census referral source of a professional referrer, from their agency and their
    role: a nurse in A&E is 3E, though their agency is a hospital (3F). Staff can correct it."""
    words = f" {role.lower()} "
    for needles, source in ROLE_SOURCES:
        if any(f" {needle} " in words or f" {needle}," in words for needle in needles):
            return source
    kind = agency.kind if agency is not None else Agency.Kind.OTHER
    return REFERRAL_SOURCE_BY_AGENCY.get(kind, ReferralSource.OTHER)
