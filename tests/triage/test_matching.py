import datetime as dt

import pytest

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


def child_named(staff, first, last, born, nhs=""):
    support_request = make_request(
        staff.rita, children=[payloads.child(first, last, **payloads.date_parts("date_of_birth", born), nhs_number=nhs)]
    )
    return support_request.children.get()


def test_an_nhs_number_matches_exactly_whatever_the_name(staff, known) -> None:
    child = child_named(staff, "Johnny", "Jones", dt.date(2016, 4, 3), nhs="943 476 5919")
    (match,) = matching.matches_for(child)
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
    matches = matching.matches_for(child_named(staff, first, last, born))
    assert [m.person for m in matches] == [known]
    assert why in matches[0].reasons


def test_a_different_child_with_the_same_surname_does_not_match(staff, known) -> None:
    assert matching.matches_for(child_named(staff, "Olivia", "Smith", dt.date(2019, 11, 20))) == []


def test_a_rejected_match_is_not_suggested_again(staff, known) -> None:
    child = child_named(staff, "Jon", "Smith", dt.date(2016, 4, 3))
    matching.match_reject(child=child, person=known, by=staff.harry)
    assert matching.matches_for(child) == []


def test_linking_shows_previous_requests_and_how_many_came_in_the_last_year(staff, known) -> None:
    first = child_named(staff, "John", "Smith", dt.date(2016, 4, 3))
    matching.match_link(child=first, person=known, by=staff.harry)
    second = child_named(staff, "John", "Smith", dt.date(2016, 4, 3))
    matching.match_link(child=second, person=known, by=staff.harry)
    assert matching.earlier_requests_count(known, before=second.request.received_at) == 1
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
    assert [m.person for m in matching.matches_for(child)] == [known]  # not Luton's John Smith
    client_for(staff.harry).get(f"/triage/requests/{child.request.reference}/")
    audit = AuditEvent.objects.filter(reference=child.request.reference, action="view").latest("at")
    assert audit.detail == {"possible_matches_shown": [known.pk]}
    assert elsewhere.pk not in audit.detail["possible_matches_shown"]
