"""Valid answers for each section, as a browser would post them. Tests change
one thing at a time from here."""

import datetime as dt

from django.utils import timezone

from lib.dates import years_before


def date_parts(name: str, value: dt.date | None) -> dict:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def years_ago(years: int) -> dt.date:
    return years_before(timezone.localdate(), years) - dt.timedelta(days=10)


START = {"immediate_risk": "no"}
ABOUT_YOU = {
    "name": "Rita Patel",
    "job_title": "Designated safeguarding lead",
    "agency": "Ribble Valley Primary School",
    "phone": "01234 567890",
    "email": "rita@example.org",
    "lead_name": "Sam Head, headteacher",
    "lead_contact": "01234 567891",
    "phone_reference": "",
}


def child(first="Ava", last="Smith", age=9, **overrides) -> dict:
    data = {
        "first_name": first,
        "last_name": last,
        "unborn": "no",
        **date_parts("date_of_birth", years_ago(age)),
        **date_parts("expected_date", None),
        "sex": "F",
        "ethnicity": "WBRI",
        "disability": "no",
        "disability_details": "",
        "address": "1 Mill Lane, Clitheroe",
        "postcode": "BB7 1AA",
        "school": "Ribble Valley Primary School",
        "nhs_number": "",
        "young_carer": "no",
        "privately_fostered": "no",
        "open_to_csc": "no",
        "allocated_worker": "",
    }
    data.update(overrides)
    return data


def unborn_child(last="Jones") -> dict:
    return child(
        first="",
        last=last,
        unborn="yes",
        **date_parts("date_of_birth", None),
        **date_parts("expected_date", timezone.localdate() + dt.timedelta(days=90)),
    )


PARENT = {
    "name": "Kim Smith",
    "relationship": "Mother",
    "parental_responsibility": "yes",
    "lives_with_child": "lives_with",
    "notes": "",
}
WORRIES = {
    "worries": "Ava has come to school hungry most days this term and has bruises she will not explain.",
    "impact": "She is tired and withdrawn in class.",
    "work_done": "Breakfast club and a meeting with mum.",
    "work_done_effect": "Some improvement for two weeks, then back as before.",
    "history_since_csc": "",
    "strengths": "Mum engages with school. Ava has a close friend.",
    "child_words": "'I am hungry in the mornings.'",
    "parent_words": "",
    "prior_eha": "yes",
    "police_involved": "no",
    "allegation_against_professional": "no",
    **date_parts("allegation_known_on", None),
}
LEVEL = {"level": "3"}
INDICATORS: dict = {}


def consent_given(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "parent_knows": "yes",
        "third_party_knows": "not_applicable",
        "child_knows": "yes",
        "manager_knows": "yes",
        "parental_consent": "given",
        "given_by_name": "Kim Smith",
        "given_by_relationship": "Mother",
        **date_parts("given_on", today),
        "method": "in_person",
        "told_what_shared": "The school's worries, shared with the hub, to get her family help.",
        "child_consent": "given",
        "child_view": "Ava wants help for her mum.",
    }
    data.update(overrides)
    return data


def consent_override(**overrides) -> dict:
    data = {
        "parent_knows": "no",
        "third_party_knows": "not_applicable",
        "child_knows": "no",
        "manager_knows": "yes",
        "parental_consent": "not_sought",
        "how_sought_and_refused": "Asking would alert the person we are worried about.",
        "significant_harm": "yes",
        "override_grounds": ["significant_harm"],
        "lawful_basis": "public_task",
        "rationale": "Unexplained bruising; telling mum may put Ava at risk before the hub acts.",
        "family_told": "no",
        "family_not_told_reason": "Telling the family could increase the risk to Ava.",
        "overseeing_manager": "Sam Head, headteacher",
        "child_consent": "not_asked",
        "child_view": "",
    }
    data.update(overrides)
    return data


def sections(area: str = "lancashire", children=None, consent=None, household=None, **overrides) -> dict:
    """A whole draft, in the stored shape (every value a list of strings)."""

    def as_lists(data: dict) -> dict:
        return {k: v if isinstance(v, list) else [v] for k, v in data.items()}

    data = {
        "start": as_lists(START),
        "about_you": as_lists(ABOUT_YOU),
        "children": [as_lists(c) for c in (children or [child()])],
        "household": [as_lists(p) for p in (household or [PARENT])],
        "worries": as_lists(WORRIES),
        "area": as_lists({"area": area}),
        "indicators": as_lists(INDICATORS),
        "level": as_lists(LEVEL),
        "consent": as_lists(consent or consent_given()),
    }
    data.update(overrides)
    return data


# The phone form, as a hub worker fills it in for an urgent call (rule 8).
PHONE_CALL = {
    "caller_name": "Rita Patel",
    "caller_role": "DSL",
    "caller_agency": "Ribble Valley Primary School",
    "caller_phone": "01234 567890",
    "caller_email": "rita@example.org",
    "child_name": "Ava Smith",
    **date_parts("child_date_of_birth", None),
    "child_address": "",
    "worries": "Bruises to the face.",
    "immediate_risk": "yes",
    "referral_source": "2A",
    "decision": "contact",
    "decision_notes": "",
}
