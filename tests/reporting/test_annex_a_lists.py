"""Each Annex A list, on the small year in conftest.py where every answer is worked out by hand."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from children.models import Episode, Person
from hub.models import User
from reporting import annex_a_codes as codes
from reporting.annex_a import LISTS, annex_a_notes, annex_a_rows
from reporting.annex_a_files import annex_a_export
from reporting.annex_a_plans import CASE_STATUS_CODES
from requests_app.models import PhoneReferral, RequestForSupport
from tests.request_factories import make_request
from tests.requests_app import payloads
from workflow.states import EmergencyAction

from .conftest import FIRST, LAST, a_request, received

PUBLISHED = {
    1: "Child Unique ID, Gender, Ethnicity, Date of Birth, Age of Child (Years), Date of Contact, Contact Source",
    3: "Child Unique ID, Gender, Ethnicity, Date of Birth, Age of Child (Years), Date of referral, Referral Source, "
    "Referral NFA?, Number of Referrals in Last 12 Months, Allocated Team, Allocated Worker",
    4: "Child Unique ID, Gender, Ethnicity, Date of Birth, Age of Child (Years), Does the Child have a Disability, "
    "Continuous Assessment Start Date, Child Seen During Continuous Assessment, Continuous Assessment Date of "
    "Authorisation, Was the child assessed as requiring LA children's social care support?, Allocated Team, "
    "Allocated Worker",
    5: "Child Unique ID, Gender, Ethnicity, Date of Birth, Age of Child (Years), Does the Child have a Disability, "
    "Strategy discussion initiating Section 47 Enquiry Start Date, Was an Initial Child Protection Conference "
    "deemed unnecessary?, Date of Initial Child Protection Conference, Did the Initial Child Protection Conference "
    "Result in a Child Protection Plan, Number of Section 47 Enquiries in the last 12 months, Number of ICPCs in "
    "the last 12 months, Allocated Team, Allocated Worker",
}
# The coded columns and the values each may hold.
CODE_SETS = {
    "Gender": set(codes.GENDER_CODES),
    "Ethnicity": set(codes.ETHNICITY_CODES),
    "Contact Source": set(codes.SOURCE.values()),
    "Referral Source": set(codes.SOURCE.values()),
    "Referral NFA?": set(codes.YES_NO),
    "Does the Child have a Disability": set(codes.YES_NO),
    "Child Seen During Continuous Assessment": set(codes.YES_NO),
    "Was the child assessed as requiring LA children's social care support?": {*codes.YES_NO, ""},
    "Was an Initial Child Protection Conference deemed unnecessary?": set(codes.YES_NO),
    "Did the Initial Child Protection Conference Result in a Child Protection Plan": {*codes.YES_NO, ""},
    "Primary Need Code": set(codes.PRIMARY_NEED.values()),
    "Reason for Closure": {*codes.CLOSURE_REASON.values(), ""},
    "Case Status": {*CASE_STATUS_CODES, ""},
    "Initial Category of Abuse": set(codes.CATEGORY_OF_ABUSE.values()),
    "Latest Category of Abuse": set(codes.CATEGORY_OF_ABUSE.values()),
}


SCHOOL_NOT_NFA = ["e) 2A: Schools", "b) No"]


def rows(number: int, area, first=FIRST, last=LAST) -> list[list]:
    return list(annex_a_rows(LISTS[number], area_ids=[area.pk], first=first, last=last))


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_the_headers_are_the_published_ones_exactly(number) -> None:
    assert ", ".join(LISTS[number].headers) == PUBLISHED[number]


def test_the_other_lists_use_the_liia_specifications_headers() -> None:
    assert LISTS[2].headers[5:] == (
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    )
    assert LISTS[6].headers[6:9] == ("CIN Start Date", "Primary Need Code", "Date Child Was Last Seen")
    assert LISTS[7].headers[-3] == "Number of Previous Child Protection Plans"


def test_every_coded_value_is_in_its_code_set(year, lancashire) -> None:
    checked = 0
    for number, a_list in LISTS.items():
        for row in rows(number, lancashire):
            assert len(row) == len(a_list.headers)
            for header, value in zip(a_list.headers, row, strict=True):
                if header in CODE_SETS:
                    assert value in CODE_SETS[header], f"List {number} {header}: {value!r}"
                    checked += 1
    assert checked > 40


def test_contacts_are_every_child_named_on_the_day_the_request_arrived(year, lancashire) -> None:
    ava_id = year.person.la_child_id
    assert rows(1, lancashire) == [
        [ava_id, "b) Female", "a) WBRI", "15/03/2017", 9, "03/05/2026", "e) 2A: Schools"],
        [f"{year.may.reference}-2", "a) Male", "f) MWBC", "02/10/2020", 5, "03/05/2026", "e) 2A: Schools"],
        [ava_id, "b) Female", "a) WBRI", "15/03/2017", 9, "20/09/2026", "e) 2A: Schools"],
    ]


def test_a_phoned_contact_is_dated_by_the_call_not_by_when_its_request_arrived(year, lancashire, staff) -> None:
    def phoned(called: dt.date, arrived: dt.date, name: str) -> RequestForSupport:
        call = PhoneReferral.objects.create(
            reference=f"PHN-{name}",
            area=lancashire,
            recorded_by=staff.harry,
            called_at=timezone.make_aware(dt.datetime.combine(called, dt.time(16, 45))),
            caller_name="Dr Jones",
            caller_agency="Ribble Surgery",
            caller_phone="01632 960 001",
            child_name=name,
            worries="Worried",
            decision="triage",
        )
        support_request = a_request(staff.rita, arrived, children=[payloads.child(first=name)])
        RequestForSupport.objects.filter(pk=support_request.pk).update(phone_referral=call)
        return support_request

    # Called on the period's last day, its request written up the next morning: in the period.
    late = phoned(LAST, LAST + dt.timedelta(days=1), "Late")
    # Called the day before the period began, its request arriving on the first day: not in it.
    early = phoned(FIRST - dt.timedelta(days=1), FIRST, "Early")
    listed = {row[0]: row[5] for row in rows(1, lancashire)}
    assert listed[f"{late.reference}-1"] == "30/09/2026"
    assert f"{early.reference}-1" not in listed


def test_referrals_count_the_childs_other_referrals_in_the_twelve_months_before(year, lancashire, staff) -> None:
    ava = [year.person.la_child_id, "b) Female", "a) WBRI", "15/03/2017", 9]
    team = staff.harry.team.name
    harry = [team, "Harry Osei"]
    assert rows(3, lancashire) == [
        # August 2025's referral is within the 12 months before May; this one is not counted.
        [*ava, "04/05/2026", "g) 3A: Health services", "b) No", 1, team, "Harry Osei"],
        # Ben is not yet matched to a person record: no other referrals can be found.
        [f"{year.may.reference}-2", "a) Male", "f) MWBC", "02/10/2020", 5, "04/05/2026", *SCHOOL_NOT_NFA, 0, *harry],
        # August 2025 is more than 12 months before September 2026: only May counts.
        [*ava, "20/09/2026", "e) 2A: Schools", "a) Yes", 1, "", ""],
    ]


def test_assessments_say_whether_the_child_was_seen_and_needed_social_care(year, lancashire, staff) -> None:
    team = staff.harry.team.name
    ava, ben = rows(4, lancashire)
    assert ava[5:] == ["b) No", "04/05/2026", "a) Yes", "10/06/2026", "a) Yes", team, "Harry Osei"]
    # Not yet authorised: whether the child needs support is not known, so left blank.
    assert ben[5:] == ["a) Yes", "04/05/2026", "c) Unknown", "", "", team, "Harry Osei"]


def test_enquiries_count_the_childs_earlier_enquiries_and_conferences(year, lancashire, staff) -> None:
    [ava] = rows(5, lancashire)
    assert ava[5:] == [
        "b) No",
        "10/05/2026",
        "b) No",
        "25/05/2026",
        "a) Yes",
        1,  # the August 2025 enquiry; not this one
        1,  # the September 2025 conference; not this one's
        staff.harry.team.name,
        "Harry Osei",
    ]


def test_twelve_month_counts_leave_out_the_current_event(year, lancashire) -> None:
    # Ava's only earlier referral moved out of the window: her May referral now counts 0, not 1.
    Episode.objects.filter(child__request=year.earlier).update(referral_date="2025-04-01", s47_started_on=None)
    may = rows(3, lancashire)[0]
    assert may[8] == 0
    assert rows(5, lancashire)[0][10:12] == [0, 1]
    assert any("exclude the current event" in note for note in annex_a_notes(LISTS[3]))


def test_children_in_need_and_protection_plans_open_in_the_period(year, lancashire, staff) -> None:
    ava, ben, september = rows(6, lancashire)
    assert ava[6:12] == ["04/05/2026", "N1 - Abuse, neglect and exploitation", "", "", "", "b) Child Protection plan"]
    assert ben[6:12] == ["04/05/2026", "N0 - Not stated", "", "", "", "d) Open assessment"]
    assert september[6:12] == ["20/09/2026", "N0 - Not stated", "", "25/09/2026", "", "e) Closed episode"]
    [plan] = rows(7, lancashire)
    # The review after the period's end is not yet known on its last day; one plan came before.
    assert plan[6:-2] == ["25/05/2026", "a) Neglect", "d) Emotional abuse", "", "", "20/08/2026", "", "c) Unknown", 1]
    assert plan[-2:] == [staff.harry.team.name, "Harry Osei"]


def test_early_help_is_not_held_and_the_notes_say_so(year, lancashire) -> None:
    assert rows(2, lancashire) == []
    assert any(note.startswith("Not held") for note in annex_a_notes(LISTS[2]))
    assert any(note.startswith("Not held") for note in annex_a_notes(LISTS[6]))
    assert any(note.startswith("Not held") for note in annex_a_notes(LISTS[7]))


def test_another_areas_children_never_appear(year, lancashire, luton) -> None:
    zed_reference = year.luton.reference
    for number in LISTS:
        assert not any(str(row[0]).startswith(zed_reference) for row in rows(number, lancashire))
    assert [row[0] for row in rows(3, luton)] == [f"{zed_reference}-1"]


def test_a_period_holds_only_what_happened_in_it(year, lancashire) -> None:
    assert [row[5] for row in rows(3, lancashire, last=FIRST.replace(month=6))] == ["04/05/2026", "04/05/2026"]


def _children_referred(staff, lancashire, how_many: int) -> None:
    support_request = make_request(
        staff.rita, children=[payloads.child(first=f"Child{i}", last=f"Number{i}") for i in range(how_many)]
    )
    received(support_request, FIRST)
    # Assigned, handed on and protected by an order, so every column a row can read is read.
    strategy = timezone.make_aware(dt.datetime.combine(FIRST, dt.time(9)))
    RequestForSupport.objects.filter(pk=support_request.pk).update(
        assigned_to=staff.harry, emergency_action=EmergencyAction.EPO, strategy_discussion_at=strategy
    )
    for child in support_request.children.all():
        handed_to = staff.harry if child.position % 3 == 0 else None
        if child.position % 2:
            child.person = Person.objects.create(area=lancashire, first_name="x", last_name=str(child.pk))
            child.save(update_fields=["person"])
        Episode.objects.create(
            child=child,
            referral_date=FIRST,
            assessment_started_on=FIRST,
            s47_started_on=FIRST,
            cp_plan_start=FIRST,
            handed_to_worker=handed_to,
            handed_to_team=handed_to and handed_to.team,
        )


def _queries_for_every_list(staff, lancashire) -> int:
    priya = User.objects.get(pk=staff.priya.pk)  # a fresh copy, so her permissions are read each time
    with CaptureQueriesContext(connection) as captured:
        for number in LISTS:
            _, listed = annex_a_export(
                number=number, areas=[lancashire], first=FIRST, last=LAST, file_format="csv", by=priya
            )
            list(listed)
    return len(captured)


def test_the_query_count_is_the_same_for_two_children_or_ten(staff, lancashire) -> None:
    _children_referred(staff, lancashire, 2)
    two = _queries_for_every_list(staff, lancashire)
    _children_referred(staff, lancashire, 8)
    assert Episode.objects.count() == 10
    assert _queries_for_every_list(staff, lancashire) == two
