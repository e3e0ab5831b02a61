import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children import matching
from children.models import Person
from hub.models import AuditEvent
from requests_app.models import Child
from tests.helpers import client_for, fresh
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage import services
from workflow.states import State


@pytest.fixture
def known(lancashire):
    return Person.objects.create(
        area=lancashire,
        first_name="John",
        last_name="Smith",
        date_of_birth=dt.date(2016, 4, 3),
        nhs_number="9434765919",
    )


def _matches(child) -> list:
    return matching.matches_for_children([child])[child.pk]


def child_named(staff, first, last, born, nhs=""):
    support_request = make_request(
        staff.rita, children=[payloads.child(first, last, **payloads.date_parts("date_of_birth", born), nhs_number=nhs)]
    )
    return support_request.children.get()


def test_an_nhs_number_matches_exactly_whatever_the_name(staff, known) -> None:
    child = child_named(staff, "Johnny", "Jones", dt.date(2016, 4, 3), nhs="943 476 5919")
    (match,) = _matches(child)
    assert match.person == known and match.reasons == ("same NHS number",)


@pytest.mark.parametrize(
    ("first", "last", "born", "why"),
    [
        ("Jon", "Smith", dt.date(2016, 4, 3), "same date of birth"),
        ("John", "Smyth", dt.date(2016, 4, 3), "same date of birth"),
        ("Jhon", "Smiht", dt.date(2016, 4, 3), "same date of birth"),
        ("John", "Smith", dt.date(2016, 3, 4), "date of birth with day and month swapped"),
        ("John", "Smith", dt.date(2016, 4, 8), "date of birth one digit different"),
    ],
)
def test_a_name_and_date_of_birth_with_typos_still_match(staff, known, first, last, born, why) -> None:
    matches = _matches(child_named(staff, first, last, born))
    assert [m.person for m in matches] == [known]
    assert why in matches[0].reasons


def test_a_different_child_with_the_same_surname_does_not_match(staff, known) -> None:
    assert _matches(child_named(staff, "Olivia", "Smith", dt.date(2019, 11, 20))) == []


def test_a_rejected_match_is_not_suggested_again(staff, known) -> None:
    child = child_named(staff, "Jon", "Smith", dt.date(2016, 4, 3))
    matching.match_reject(child=child, person=known, by=staff.harry)
    assert _matches(child) == []


def test_linking_shows_previous_requests_and_how_many_came_in_the_last_year(staff, known) -> None:
    first = child_named(staff, "John", "Smith", dt.date(2016, 4, 3))
    matching.match_link(child=first, person=known, by=staff.harry)
    second = child_named(staff, "John", "Smith", dt.date(2016, 4, 3))
    matching.match_link(child=second, person=known, by=staff.harry)
    assert matching.earlier_requests_counts([known.pk], before=second.request.received_at) == {known.pk: 1}
    assert set(Child.objects.filter(person=known).values_list("request", flat=True)) == {
        first.request_id,
        second.request_id,
    }


def test_a_child_with_an_open_case_is_routed_to_the_allocated_worker(staff, known) -> None:
    Person.objects.filter(pk=known.pk).update(open_case=True, allocated_worker="Sam Worker")
    child = child_named(staff, "John", "Smith", dt.date(2016, 4, 3))
    matching.match_link(child=child, person=Person.objects.get(pk=known.pk), by=staff.harry)
    request = fresh(child.request)
    services.triage_begin(request=request, by=staff.harry)
    request.refresh_from_db()
    assert request.status == State.ROUTED and "Sam Worker" in request.open_case_note  # rule 6
    assert not request.history.filter(to_state="triage_step").exists()


def test_a_new_child_becomes_a_known_person(staff) -> None:
    child = child_named(staff, "Ava", "Smith", dt.date(2017, 1, 2))
    person = matching.person_create(child=child, by=staff.harry)
    assert Child.objects.get(pk=child.pk).person == person and person.date_of_birth == dt.date(2017, 1, 2)


def test_possible_matches_come_only_from_the_requests_area_and_showing_them_is_audited(staff, known, luton) -> None:
    elsewhere = Person.objects.create(
        area=luton, first_name="John", last_name="Smith", date_of_birth=known.date_of_birth
    )
    child = child_named(staff, "John", "Smith", known.date_of_birth)
    assert [m.person for m in _matches(child)] == [known]  # not Luton's John Smith
    client_for(staff.harry).get(f"/triage/requests/{child.request.reference}/")
    audit = AuditEvent.objects.filter(reference=child.request.reference, action="view").latest("at")
    assert audit.detail == {"possible_matches_shown": [known.pk]}
    assert elsewhere.pk not in audit.detail["possible_matches_shown"]


SIBLINGS = [
    ("Amy", "Hughes", dt.date(2014, 5, 1)),
    ("Ben", "Hughes", dt.date(2016, 7, 2)),
    ("Cai", "Patel", dt.date(2018, 9, 3)),
]


def _family(staff, lancashire, named) -> tuple:
    """A request for these children, and a record of each already known in Lancashire."""
    people = [
        Person.objects.create(area=lancashire, first_name=first, last_name=last, date_of_birth=born)
        for first, last, born in named
    ]
    children = [
        payloads.child(first, last, **payloads.date_parts("date_of_birth", born)) for first, last, born in named
    ]
    return make_request(staff.rita, children=children), people


def _queries(client, reference: str) -> tuple[int, str]:
    client.get(f"/triage/requests/{reference}/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/triage/requests/{reference}/").content.decode()
    return len(queries), page


def test_each_sibling_is_offered_their_own_record_and_a_family_of_three_costs_the_queries_of_one(
    staff, lancashire
) -> None:
    client = client_for(staff.harry)
    only, _ = _family(staff, lancashire, [("Dan", "Okoro", dt.date(2013, 2, 4))])
    family, people = _family(staff, lancashire, SIBLINGS)
    one, _ = _queries(client, only.reference)
    three, page = _queries(client, family.reference)
    assert three == one
    offered = matching.matches_for_children(list(family.children.order_by("position")))
    assert [[m.person for m in matches] for matches in offered.values()] == [[person] for person in people]
    assert all(f"{person.first_name} {person.last_name}" in page for person in people)


def test_linked_siblings_show_their_earlier_requests_for_the_queries_of_one_child(staff, lancashire) -> None:
    client = client_for(staff.harry)
    pages = []
    for named in ([("Dan", "Okoro", dt.date(2013, 2, 4))], SIBLINGS):
        earlier, people = _family(staff, lancashire, named)
        later = make_request(
            staff.rita,
            children=[
                payloads.child(first, last, **payloads.date_parts("date_of_birth", born)) for first, last, born in named
            ],
        )
        for request in (earlier, later):
            for child, person in zip(request.children.order_by("position"), people, strict=True):
                matching.match_link(child=child, person=person, by=staff.harry)
        pages.append((_queries(client, later.reference), earlier.reference))
    (one, _), _ = pages[0]
    (three, page), earlier_reference = pages[1]
    assert three == one
    assert page.count(f">{earlier_reference}<") == len(SIBLINGS)  # each child's earlier request, linked
