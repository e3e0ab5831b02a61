"""Census readiness: every child in a census year whose record would fail a census rule today,
grouped by rule, for the areas a manager covers, with a link to the field that fixes it.

The census year is 2027 (1 April 2026 to 31 March 2027). Each child below is referred by a
school in Lancashire unless said otherwise, with a person record that has a UPN and 'No
disability', so the only problem each has is the one its test gives it.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children.census_checks import CLOSED_AFTER_ASSESSMENT, CLOSURE_REASON, RULES, UPN
from children.models import Episode, Person
from hub.models import AreaMembership, AuditEvent, User
from reporting.readiness import census_readiness
from tests.helpers import client_for
from tests.reporting.conftest import a_request
from tests.requests_app import payloads

URL = reverse("reporting:readiness")
IN_YEAR = dt.date(2026, 6, 1)


def a_child(staff, first: str, *, day=IN_YEAR, area="lancashire", person: dict | None = None, **episode):
    """A referred child and their episode; `person` changes their record (None: a clean one)."""
    support_request = a_request(staff.rita, day, area=area, children=[payloads.child(first=first)])
    record = {"upn": "A123456789012", "disabilities": ["NONE"], **(person or {})}
    known = Person.objects.create(area=support_request.area, first_name=first, last_name="Smith", **record)
    child = support_request.children.get()
    child.person = known
    child.save()
    fields = {"referral_source": "2A", "primary_need": "N1", "referral_date": day, **episode}
    Episode.objects.create(child=child, **fields)
    return child


def no_upn(staff, first="Ava", **kwargs):
    return a_child(staff, first, person={"upn": ""}, **kwargs)


def closed_without_reason(staff, first="Ben", **kwargs):
    return a_child(staff, first, stage="finished", closed_on=dt.date(2026, 7, 1), **kwargs)


def rc8_after_s47(staff, first="Cara", **kwargs):
    return a_child(
        staff,
        first,
        stage="finished",
        s47_started_on=dt.date(2026, 6, 3),
        closed_on=dt.date(2026, 7, 1),
        closure_reason="RC8",
        **kwargs,
    )


def listed(readiness) -> dict[str, list[str]]:
    return {group.rule.key: [problem.child.first_name for problem in group.problems] for group in readiness.groups}


def test_each_child_is_listed_under_the_rule_their_record_fails(staff, lancashire) -> None:
    no_upn(staff), closed_without_reason(staff), rc8_after_s47(staff)
    a_child(staff, "Dan")  # clean
    readiness = census_readiness(areas=[lancashire], year=2027)
    assert listed(readiness) == {"upn": ["Ava"], "closure_reason": ["Ben"], "closed_after_assessment": ["Cara"]}
    assert [group.rule.dfe_code for group in readiness.groups] == ["8770Q", "8805", "2990"]
    assert (len(readiness.children), readiness.problem_count) == (3, 3)


def test_a_child_with_two_problems_is_one_child_with_two(staff, lancashire) -> None:
    no_upn(staff, "Ava", closed_on=dt.date(2026, 7, 1), stage="finished")
    readiness = census_readiness(areas=[lancashire], year=2027)
    assert listed(readiness) == {"upn": ["Ava"], "closure_reason": ["Ava"]}
    assert (len(readiness.children), readiness.problem_count) == (1, 2)


def test_a_missing_upn_is_one_problem_however_often_the_child_was_referred(staff, lancashire) -> None:
    first = no_upn(staff, "Ava", day=dt.date(2026, 5, 1))
    second = a_child(staff, "Ava", day=dt.date(2026, 9, 1))
    second.person.delete()
    second.person = first.person
    second.save()
    [group] = census_readiness(areas=[lancashire], year=2027).groups
    # Shown at the newest request: the record form there fixes it for both.
    assert [problem.reference for problem in group.problems] == [second.request.reference]


def test_a_child_not_yet_linked_to_a_record_is_listed_though_the_return_leaves_them_out(staff, lancashire) -> None:
    child = a_child(staff, "Eve")
    child.person.delete()  # the link goes with it
    assert listed(census_readiness(areas=[lancashire], year=2027)) == {"not_linked": ["Eve"]}


def test_children_outside_the_census_year_are_not_listed(staff, lancashire) -> None:
    no_upn(staff, "Fay", day=dt.date(2027, 4, 2))  # next year's
    no_upn(staff, "Gus", day=dt.date(2025, 6, 1), closed_on=dt.date(2026, 3, 1), closure_reason="RC1")
    no_upn(staff, "Hal", day=dt.date(2025, 6, 1))  # referred last year, still open: in this year's
    assert listed(census_readiness(areas=[lancashire], year=2027)) == {"upn": ["Hal"]}


def test_children_in_an_area_the_manager_does_not_cover_are_never_listed(staff) -> None:
    no_upn(staff, "Ava")
    no_upn(staff, "Zed", area="luton")
    page = client_for(staff.priya).get(URL, {"year": "2027"}).content.decode()
    assert "Ava" in page and "Zed" not in page
    assert "Luton" not in page


def test_a_manager_who_also_covers_another_area_may_choose_it(staff, luton) -> None:
    no_upn(staff, "Ava")
    no_upn(staff, "Zed", area="luton")
    AreaMembership.objects.create(user=staff.tom, area=luton)
    client = client_for(User.objects.get(pk=staff.tom.pk))
    both = client.get(URL, {"year": "2027", "area": ""}).content.decode()
    assert "Ava" in both and "Zed" in both
    only_luton = client.get(URL, {"year": "2027", "area": "luton"}).content.decode()
    assert "Zed" in only_luton and "Ava" not in only_luton


def test_an_area_outside_the_managers_cover_cannot_be_chosen(staff, blackpool) -> None:
    no_upn(staff, "Zed", area="luton")
    AreaMembership.objects.create(user=staff.tom, area=blackpool)
    response = client_for(User.objects.get(pk=staff.tom.pk)).get(URL, {"year": "2027", "area": "luton"})
    assert response.status_code == 400
    assert "Select one of the areas you cover" in response.content.decode()
    assert "Zed" not in response.content.decode()
    # With one area there is nothing to choose: the area asked for is not read at all.
    page = client_for(staff.priya).get(URL, {"year": "2027", "area": "luton"}).content.decode()
    assert "Zed" not in page


def test_the_page_sums_up_and_counts_each_rule(staff) -> None:
    no_upn(staff, "Ava"), no_upn(staff, "Ben"), rc8_after_s47(staff)
    page = client_for(staff.priya).get(URL, {"year": "2027"}).content.decode()
    assert "3 children with 3 problems" in page
    assert f'id="rule-{UPN.key}">{UPN.title}</h2>' in page
    assert "2 to put right. The DfE's validator rule 8770Q: a query" in page
    assert f'id="rule-{CLOSED_AFTER_ASSESSMENT.key}">' in page
    assert "1 to put right. The DfE's validator rule 2990: an error" in page
    assert f'id="rule-{CLOSURE_REASON.key}"' not in page


def test_a_clean_year_says_no_problems_were_found(staff) -> None:
    a_child(staff, "Dan")
    page = client_for(staff.priya).get(URL, {"year": "2027"}).content.decode()
    assert "No problems found" in page and "Dan" not in page


def test_each_fix_links_to_the_field_on_the_childs_page_that_fixes_it(staff) -> None:
    ben = closed_without_reason(staff)
    client = client_for(staff.priya)
    page = client.get(URL, {"year": "2027"}).content.decode()
    link = reverse("triage:child", args=[ben.request.reference, ben.pk]) + "#id_close-reason"
    assert f'href="{link}"' in page
    landed = client.get(link.split("#")[0]).content.decode()
    assert 'id="id_close-reason"' in landed and "Ben Smith" in landed


def test_the_address_never_holds_a_childs_name(staff) -> None:
    no_upn(staff, "Ava")
    readiness = census_readiness(areas=[staff.priya.area], year=2027)
    assert "Ava" not in readiness.groups[0].problems[0].fix_url


def test_the_year_is_this_collection_year_unless_chosen(staff) -> None:
    no_upn(staff, "Ava", stage="finished", closed_on=dt.date(2026, 7, 1), closure_reason="RC1")  # in 2027's only
    with time_machine.travel(dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC)):
        assert "Ava" in client_for(staff.priya).get(URL).content.decode()
    with time_machine.travel(dt.datetime(2027, 4, 1, 12, tzinfo=dt.UTC)):
        page = client_for(staff.priya).get(URL).content.decode()
        assert "Ava" not in page and "2028: 1 April 2027 to 31 March 2028" in page
        assert "Ava" in client_for(staff.priya).get(URL, {"year": "2027"}).content.decode()


def test_the_children_listed_are_recorded_in_the_audit_trail(staff) -> None:
    ava = no_upn(staff, "Ava", closed_on=dt.date(2026, 7, 1), stage="finished")  # two problems, one child
    a_child(staff, "Dan")
    client_for(staff.priya).get(URL, {"year": "2027"})
    [event] = AuditEvent.objects.filter(detail__listed_in="census readiness")
    assert (event.actor, event.object_id, event.reference) == (staff.priya, str(ava.pk), ava.request.reference)


def queries_for(lancashire) -> int:
    with CaptureQueriesContext(connection) as captured:
        census_readiness(areas=[lancashire], year=2027)
    return len(captured)


def test_the_check_asks_the_same_number_of_queries_for_two_children_or_ten(staff, lancashire) -> None:
    no_upn(staff, "Ava"), closed_without_reason(staff, "Ben")
    two = queries_for(lancashire)
    for n in range(4):
        no_upn(staff, f"Ava{n}"), rc8_after_s47(staff, f"Cara{n}")
    assert queries_for(lancashire) == two == 1


@pytest.mark.parametrize("manager", ["priya", "tom"])
def test_managers_may_see_the_page(staff, manager) -> None:
    assert client_for(getattr(staff, manager)).get(URL).status_code == 200


@pytest.mark.parametrize("who", ["rita", "harry", "sian", "paula", "ada"])
def test_nobody_but_a_manager_may_see_it(staff, who) -> None:
    no_upn(staff, "Ava")
    response = client_for(getattr(staff, who)).get(URL, {"year": "2027"})
    assert response.status_code == 403 and "Ava" not in response.content.decode()


def test_the_annex_a_page_links_to_it(staff) -> None:
    assert f'href="{URL}"' in client_for(staff.priya).get(reverse("reporting:annex-a")).content.decode()


def test_an_unlinked_childs_fix_lands_on_the_words_that_say_where_to_link_them(staff) -> None:
    eve = a_child(staff, "Eve")
    eve.person.delete()
    client = client_for(staff.priya)
    link = reverse("triage:child", args=[eve.request.reference, eve.pk]) + "#matching"
    assert f'href="{link}"' in client.get(URL, {"year": "2027"}).content.decode()
    assert '<p class="govuk-body" id="matching">Link Eve to their existing record' in client.get(link).content.decode()


def test_every_rule_has_its_own_key_and_a_title() -> None:
    assert len({rule.key for rule in RULES}) == len(RULES)
    assert all(rule.title for rule in RULES)
    assert {rule.dfe_code for rule in RULES if rule.is_query} == {"8770Q", "8897Q"}


def test_a_closure_after_assessment_following_an_enquiry_is_corrected_from_the_link_and_leaves_the_list(
    staff,
) -> None:
    cara = rc8_after_s47(staff)
    client = client_for(staff.priya)
    link = reverse("triage:child", args=[cara.request.reference, cara.pk])
    assert f'href="{link}#id_close-reason"' in client.get(URL, {"year": "2027"}).content.decode()
    landed = client.get(link).content.decode()
    assert "Correct why the episode closed" in landed and 'id="id_close-reason"' in landed
    close = reverse("triage:child-close", args=[cara.request.reference, cara.pk])
    closed_on = {"close-closed_on_0": "1", "close-closed_on_1": "7", "close-closed_on_2": "2026"}
    again = client.post(close, {"close-reason": "RC9", **closed_on})
    assert again.status_code == 409 and "cannot close &#x27;after assessment&#x27;" in again.content.decode()
    assert client.post(close, {"close-reason": "RC2", **closed_on}).status_code == 302
    episode = Episode.objects.get(child=cara)
    assert (episode.closure_reason, episode.closed_on) == ("RC2", dt.date(2026, 7, 1))  # the date is kept
    assert "No problems found" in client.get(URL, {"year": "2027"}).content.decode()


def test_a_correct_reason_on_a_closed_episode_cannot_be_changed(staff) -> None:
    ben = a_child(staff, "Ben", stage="finished", closed_on=dt.date(2026, 7, 1), closure_reason="RC1")
    close = reverse("triage:child-close", args=[ben.request.reference, ben.pk])
    closed_on = {"close-closed_on_0": "1", "close-closed_on_1": "7", "close-closed_on_2": "2026"}
    response = client_for(staff.priya).post(close, {"close-reason": "RC2", **closed_on})
    assert response.status_code == 409 and Episode.objects.get(child=ben).closure_reason == "RC1"


def test_each_request_a_child_is_listed_at_is_recorded_as_read(staff) -> None:
    first = no_upn(staff, "Ava", day=dt.date(2026, 5, 1), stage="finished", closed_on=dt.date(2026, 6, 1))
    second = a_child(staff, "Ava", day=dt.date(2026, 9, 1), stage="finished", closed_on=dt.date(2026, 10, 1))
    second.person.delete()
    second.person = first.person
    second.save()
    page = client_for(staff.priya).get(URL, {"year": "2027"}).content.decode()
    assert "1 child with 3 problems" in page  # her UPN once, each episode's missing reason
    listed_at = AuditEvent.objects.filter(detail__listed_in="census readiness").values_list("reference", flat=True)
    assert sorted(listed_at) == sorted([first.request.reference, second.request.reference])


def test_a_year_not_offered_is_refused_with_a_message(staff) -> None:
    no_upn(staff, "Ava")
    response = client_for(staff.priya).get(URL, {"year": "1999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a census year from the list" in page and "Ava" not in page
    assert not AuditEvent.objects.filter(detail__listed_in="census readiness").exists()
