"""The DfE Children in Need census return: its header, its elements in the schema's
order, who is in it, its codes, the DfE's rules (run with the Data to Insight
validator) and a query count that does not grow with the children it lists.

Each child here is referred through the API, so their request and child records are
real; their episode's census dates are then set directly, in the 2025 to 2026 year,
because the services stamp today's date on each event."""

import datetime as dt
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children.matching import person_create
from children.models import Episode, Person
from hub.models import AuditEvent
from reporting.census_validation import ruleset_for
from reporting.cin_census import cin_census_write
from returns.census import AssessmentFactor, CategoryOfAbuse, ClosureReason, PrimaryNeed, ReferralSource
from returns.characteristics import Disability, Ethnicity, Sex, UpnUnknown
from tests.request_factories import make_request
from tests.requests_app import payloads

D = dt.date
YEAR = 2026

# (first name, the episode as the census year left it)
CHILDREN = {
    # A referral closed with no further action before any assessment.
    "Ava": {"referral_date": D(2025, 5, 6), "closed_on": D(2025, 5, 9), "closure_reason": "RC7", "referral_nfa": True},
    # Assessed, then a child in need plan still running on 31 March.
    "Ben": {
        "referral_date": D(2025, 6, 2),
        "assessment_started_on": D(2025, 6, 3),
        "assessment_authorised_on": D(2025, 7, 14),
        "assessment_factors": ["3A", "4B"],
        "cin_plan_start": D(2025, 7, 15),
    },
    # A section 47 enquiry, a conference, and a child protection plan with a review.
    "Cara": {
        "referral_date": D(2025, 9, 1),
        "s47_started_on": D(2025, 9, 2),
        "assessment_started_on": D(2025, 9, 2),
        "assessment_authorised_on": D(2025, 10, 20),
        "assessment_factors": ["16A"],
        "icpc_target": D(2025, 9, 23),
        "icpc_on": D(2025, 9, 22),
        "cp_plan_start": D(2025, 9, 22),
        "initial_category": "NEG",
        "latest_category": "NEG",
        "cp_review_dates": ["2025-12-15"],
    },
    # Assessed, nothing more needed: closed after the assessment.
    "Dan": {
        "referral_date": D(2025, 10, 6),
        "assessment_started_on": D(2025, 10, 7),
        "assessment_authorised_on": D(2025, 11, 10),
        "assessment_factors": ["21"],
        "closed_on": D(2025, 11, 10),
        "closure_reason": "RC8",
    },
    # Referred the year before, on a plan into this year, closed in it.
    "Eve": {
        "referral_date": D(2024, 11, 4),
        "assessment_started_on": D(2024, 11, 5),
        "assessment_authorised_on": D(2024, 12, 16),
        "assessment_factors": ["1B"],
        "cin_plan_start": D(2024, 12, 17),
        "cin_plan_end": D(2025, 6, 30),
        "closed_on": D(2025, 6, 30),
        "closure_reason": "RC7",
    },
    # An enquiry that found no conference was needed; services ended (RC8 may not follow an enquiry).
    "Finn": {
        "referral_date": D(2026, 1, 12),
        "s47_started_on": D(2026, 1, 13),
        "icpc_not_required": True,
        "assessment_started_on": D(2026, 1, 13),
        "assessment_authorised_on": D(2026, 2, 20),
        "assessment_factors": ["17A"],
        "closed_on": D(2026, 2, 20),
        "closure_reason": "RC7",
    },
}
# Closed before the year began, and referred after it ended: in no return for 2026.
OUTSIDE = {
    "Gus": {"referral_date": D(2024, 5, 1), "closed_on": D(2025, 3, 1), "closure_reason": "RC7"},
    "Hal": {"referral_date": D(2026, 5, 1)},
}


def child_referred(staff, first: str, **episode) -> Episode:
    """A child referred through the API, on their own person record, with one episode."""
    support_request = make_request(staff.rita, children=[payloads.child(first, age=8)])
    child = support_request.children.get()
    person = person_create(child=child, by=staff.harry)
    Person.objects.filter(pk=person.pk).update(upn_unknown_reason=UpnUnknown.RECORDS_DISAGREE)
    defaults = {"referral_source": ReferralSource.SCHOOLS, "primary_need": PrimaryNeed.ABUSE_NEGLECT_EXPLOITATION}
    made = Episode.objects.create(child=child, **{**defaults, **episode})
    return Episode.objects.select_related("child__person").get(pk=made.pk)


@pytest.fixture
def census(staff) -> dict[str, Episode]:
    return {first: child_referred(staff, first, **episode) for first, episode in {**CHILDREN, **OUTSIDE}.items()}


def exported(lancashire) -> ET.Element:
    out = io.StringIO()
    cin_census_write(area_ids=[lancashire.pk], year=YEAR, out=out)
    return ET.fromstring(out.getvalue().encode())  # noqa: S314 - our own export


def test_the_header_names_the_collection_the_year_and_the_council(census, lancashire) -> None:
    header = exported(lancashire).find("Header")
    assert header.findtext("CollectionDetails/Collection") == "CIN"
    assert header.findtext("CollectionDetails/Year") == "2026"
    assert header.findtext("CollectionDetails/ReferenceDate") == "2026-03-31"
    assert header.findtext("Source/LEA") == "888"
    assert header.findtext("Source/SourceLevel") == "L"


def test_elements_come_in_the_schemas_order_with_no_namespace(census, lancashire) -> None:
    root = exported(lancashire)
    assert root.tag == "Message" and "{" not in ET.tostring(root, encoding="unicode")[:200]
    children = root.findall("Children/Child")
    assert all([part.tag for part in child][:2] == ["ChildIdentifiers", "ChildCharacteristics"] for child in children)
    assert [part.tag for part in children[0].find("ChildIdentifiers")][-1] == "Sex"
    order = [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    for details in root.iter("CINdetails"):
        tags = [part.tag for part in details]
        assert tags == [tag for tag in order if tag in tags]
    cara = next(
        c for c in children if c.findtext("ChildIdentifiers/LAchildID") == census["Cara"].child.person.la_child_id
    )
    plan = cara.find("CINdetails/ChildProtectionPlans")
    assert [part.tag for part in plan] == [
        "CPPstartDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
        "Reviews",
    ]


def test_a_child_with_no_episode_open_in_the_year_is_left_out(census, lancashire) -> None:
    listed = {child.findtext("ChildIdentifiers/LAchildID") for child in exported(lancashire).iter("Child")}
    assert listed == {census[first].child.person.la_child_id for first in CHILDREN}


def test_a_child_with_no_person_record_is_left_out_until_linked(staff, lancashire) -> None:
    support_request = make_request(staff.rita, children=[payloads.child("Ivy")])
    Episode.objects.create(child=support_request.children.get(), referral_date=D(2025, 8, 1), referral_source="2A")
    assert exported(lancashire).findall("Children/Child") == []


def test_an_enquiry_and_conference_from_last_year_stay_in_last_years_return_while_the_plan_goes_on(
    staff, lancashire
) -> None:
    child_referred(
        staff,
        "Ivy",
        referral_date=D(2025, 2, 3),
        s47_started_on=D(2025, 2, 4),
        assessment_started_on=D(2025, 2, 4),
        assessment_authorised_on=D(2025, 2, 14),
        assessment_factors=["16A"],
        icpc_target=D(2025, 2, 25),
        icpc_on=D(2025, 2, 24),
        cp_plan_start=D(2025, 2, 24),
        initial_category="NEG",
        cp_review_dates=["2025-05-19"],
    )
    details = exported(lancashire).find("Children/Child/CINdetails")
    assert [part.tag for part in details] == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    assert details.findtext("ChildProtectionPlans/CPPstartDate") == "2025-02-24"


def test_every_code_is_one_the_census_allows(census, lancashire) -> None:
    root = exported(lancashire)
    allowed = {
        "Sex": Sex.values,
        "Ethnicity": Ethnicity.values,
        "Disability": Disability.values,
        "UPNunknown": UpnUnknown.values,
        "ReferralSource": ReferralSource.values,
        "PrimaryNeedCode": PrimaryNeed.values,
        "ReasonForClosure": ClosureReason.values,
        "AssessmentFactors": AssessmentFactor.values,
        "InitialCategoryOfAbuse": CategoryOfAbuse.values,
        "LatestCategoryOfAbuse": CategoryOfAbuse.values,
        "ReferralNFA": ["0", "1"],
        "ICPCnotRequired": ["0", "1"],
    }
    for tag, values in allowed.items():
        found = [element.text for element in root.iter(tag)]
        assert found, tag
        assert set(found) <= set(values), tag


def test_the_command_writes_the_file_and_the_audit_trail_records_it(census, lancashire, tmp_path) -> None:
    output = tmp_path / "cin.xml"
    call_command("export_cin_census", year=YEAR, output=output, area="lancashire", stdout=io.StringIO())
    root = ET.fromstring(output.read_bytes())  # noqa: S314 - our own export
    assert len(root.findall("Children/Child")) == len(CHILDREN)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail == {"return": "cin_census", "year": YEAR, "children": len(CHILDREN), "areas": [lancashire.pk]}
    assert "Ava" not in str(event.detail)


def test_the_query_count_does_not_grow_with_the_children(staff, lancashire) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            cin_census_write(area_ids=[lancashire.pk], year=YEAR, out=io.StringIO())
        return len(context.captured_queries)

    firsts = list(CHILDREN)
    for first in firsts[:2]:
        child_referred(staff, first, **CHILDREN[first])
    two = queries()
    for first in firsts:
        child_referred(staff, first, **CHILDREN[first])
    assert Episode.objects.count() == 8
    assert queries() == two


def test_the_dfe_validator_finds_no_errors(census, lancashire, tmp_path) -> None:
    try:
        subprocess.run([sys.executable, "-c", "import cin_validator"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        pytest.fail("Install the dev extra: the census validator (csc-validator-be-cin) is missing.")
    from reporting.census_validation import census_validate, findings_by_rule

    output = Path(tmp_path) / "cin.xml"
    with output.open("w", encoding="utf-8") as out:
        cin_census_write(area_ids=[lancashire.pk], year=YEAR, out=out)
    findings = census_validate(output)
    errors = [finding for finding in findings if not finding.is_query]
    assert errors == [], findings_by_rule(errors)
    # Queries the data warrants: none for this small, complete year.
    assert findings_by_rule(findings) == {}


def test_each_collection_year_is_checked_against_its_own_year_of_dfe_rules() -> None:
    assert ruleset_for(2026) == "cin2025_26"
    assert ruleset_for(2027) == "cin2026_27"
