"""The queue as a worklist: search without the search in the address, a worker's
caseload, sorting, and claiming or assigning many requests at once."""

import re

import pytest
from django.urls import reverse

from hub.roles import Role
from tests.factories import UserFactory
from tests.helpers import client_for
from tests.request_factories import make_request
from tests.requests_app import payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(staff):
    ava = make_request(staff.rita, children=[payloads.child("Ava", "Smith", nhs_number="9434765919")])
    ben = make_request(staff.rita, children=[payloads.child("Ben", "Okafor", age=4)])
    return ava, ben


def _from_agency(name: str) -> dict:
    return {key: [value] for key, value in {**payloads.ABOUT_YOU, "agency": name}.items()}


def _search(client, text: str):
    posted = client.post("/triage/?tab=new", {"q": text})
    assert not text or text not in posted["Location"]  # a child's name or birthday never goes in the address
    return client.get(posted["Location"]).content.decode()


@pytest.mark.parametrize("text", ["okafor", "Ben Okafor", "BEN"])
def test_a_worker_finds_a_request_by_the_childs_name(staff, two, text) -> None:
    page = _search(client_for(staff.harry), text)
    assert two[1].reference in page and two[0].reference not in page


def test_a_worker_finds_a_request_by_nhs_number_reference_or_date_of_birth(staff, two) -> None:
    client = client_for(staff.harry)
    assert two[0].reference in _search(client, "943 476 5919")
    assert two[1].reference in _search(client, two[1].reference.lower())
    born = two[1].children.get().date_of_birth
    page = _search(client, born.strftime("%d/%m/%Y"))
    assert two[1].reference in page and two[0].reference not in page


def test_the_tab_counts_follow_the_search_and_clearing_it_shows_everything(staff, two) -> None:
    client = client_for(staff.harry)
    page = _search(client, "Okafor")
    assert 'New <span class="govuk-tag govuk-tag--grey">1</span>' in page
    page = _search(client, "")
    assert two[0].reference in page and two[1].reference in page


def test_a_manager_sees_one_workers_caseload(staff, two) -> None:
    client_for(staff.harry).post("/triage/bulk/", {"bulk": "claim", "requests": [two[0].reference]})
    page = client_for(staff.priya).get(f"/triage/?tab=new&worker={staff.harry.pk}").content.decode()
    assert two[0].reference in page and two[1].reference not in page


def test_sorting_by_referring_agency_orders_the_rows(staff) -> None:
    zed = make_request(staff.rita, about_you=_from_agency("Zetland Academy"))
    abb = make_request(staff.rita, about_you=_from_agency("Abbey Health Centre"))
    page = client_for(staff.harry).get("/triage/?tab=new&sort=agency").content.decode()
    assert page.index(abb.reference) < page.index(zed.reference)


def test_sorting_by_age_puts_the_youngest_child_first_and_a_family_expecting_a_baby_last(staff) -> None:
    ten = make_request(staff.rita, children=[payloads.child("Ava", age=10)])
    two_and_twelve = make_request(
        staff.rita, children=[payloads.child("Ben", age=12), payloads.unborn_child(), payloads.child("Cal", age=2)]
    )
    expected = make_request(staff.rita, children=[payloads.unborn_child()])
    client = client_for(staff.harry)

    def order(sort: str) -> list[str]:
        page = client.get(f"/triage/?tab=new&sort={sort}").content.decode()
        return sorted((r.reference for r in (ten, two_and_twelve, expected)), key=page.index)

    assert order("age") == [two_and_twelve.reference, ten.reference, expected.reference]
    assert order("-age") == [ten.reference, two_and_twelve.reference, expected.reference]


def _heading(page: str, label: str) -> str:
    return re.search(rf'<th [^>]*><a class="govuk-link" href="[^"]*">{label}<.*?</th>', page).group(0)


def test_a_column_heading_says_the_table_is_in_its_order_and_a_second_click_reverses_it(staff, two) -> None:
    client = client_for(staff.harry)
    page = client.get("/triage/?tab=new&level=3&sort=received").content.decode()
    received = _heading(page, "Received")
    assert 'aria-sort="ascending"' in received and 'href="?tab=new&amp;level=3&amp;sort=-received"' in received
    assert "aria-sort" not in _heading(page, "Time left")  # the usual order is not the one shown
    newest_first = _heading(client.get("/triage/?tab=new&sort=-received").content.decode(), "Received")
    assert 'aria-sort="descending"' in newest_first and 'href="?tab=new&amp;sort=received"' in newest_first


def test_the_agency_heading_sorts_one_way_only_and_the_usual_order_is_marked_when_no_other_is_asked(staff, two) -> None:
    client = client_for(staff.harry)
    by_agency = _heading(client.get("/triage/?tab=new&sort=agency").content.decode(), "Referring agency")
    assert 'aria-sort="ascending"' in by_agency and 'href="?tab=new&amp;sort=agency"' in by_agency
    usual = _heading(client.get("/triage/?tab=new").content.decode(), "Time left")
    assert 'aria-sort="ascending"' in usual and 'href="?tab=new"' in usual


def test_a_worker_claims_several_requests_at_once(staff, two) -> None:
    response = client_for(staff.harry).post(
        "/triage/bulk/", {"bulk": "claim", "requests": [r.reference for r in two], "back": "tab=new"}
    )
    assert response.status_code == 302 and response["Location"] == "/triage/?tab=new"
    for request in two:
        request.refresh_from_db()
        assert request.assigned_to == staff.harry


def test_a_manager_assigns_several_requests_to_a_worker_who_is_told(staff, two) -> None:
    client_for(staff.priya).post(
        "/triage/bulk/", {"bulk": "assign", "to": staff.harry.pk, "requests": [r.reference for r in two]}
    )
    for request in two:
        request.refresh_from_db()
        assert request.assigned_to == staff.harry
    assert staff.harry.notifications.count() >= 2


def test_a_worker_cannot_bulk_assign(staff, two) -> None:
    client_for(staff.harry).post(
        "/triage/bulk/", {"bulk": "assign", "to": staff.sian.pk, "requests": [two[0].reference]}
    )
    two[0].refresh_from_db()
    assert two[0].assigned_to is None


def test_another_areas_reference_in_a_bulk_form_is_ignored(staff, two, luton) -> None:
    elsewhere = UserFactory(username="lw", area=luton, role=Role.HUB_WORKER)
    client_for(elsewhere).post("/triage/bulk/", {"bulk": "claim", "requests": [two[0].reference]})
    two[0].refresh_from_db()
    assert two[0].assigned_to is None


def test_the_bulk_form_cannot_send_the_worker_to_another_site(staff, two) -> None:
    response = client_for(staff.harry).post(
        "/triage/bulk/", {"bulk": "claim", "requests": [two[0].reference], "back": "//evil.example/"}
    )
    assert response["Location"].startswith(reverse("triage:queue"))


def test_the_next_page_keeps_the_tab_filters_and_order(staff) -> None:
    made = [make_request(staff.rita) for _ in range(51)]
    first = client_for(staff.harry).get("/triage/?tab=new&level=3&sort=received").content.decode()
    assert 'href="?tab=new&amp;level=3&amp;sort=received&amp;page=2" rel="next"' in first
    assert "Page 1 of 2" in first
    second = client_for(staff.harry).get("/triage/?tab=new&level=3&sort=received&page=2").content.decode()
    # Oldest first: the newest request is the one left for page 2.
    assert made[-1].reference in second and made[0].reference not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_wildcards_and_quotes_in_a_search_are_read_as_letters(staff, two) -> None:
    zoe = make_request(staff.rita, children=[payloads.child("Zoë", "D'Souza", age=6)])
    client = client_for(staff.harry)
    for text in ("%", "_", "\\", "o%a"):
        page = _search(client, text)
        assert not any(request.reference in page for request in (*two, zoe)), text
    page = _search(client, "d'sou ZOË")
    assert zoe.reference in page and two[0].reference not in page


def test_a_search_is_compiled_once_for_its_shape_and_each_text_finds_its_own_requests(staff, two) -> None:
    from triage import queue as queue_module

    queue_module._ROWS.clear()
    found = {}
    for text in ("okafor", "SMITH", "ben"):
        rows, counts = queue_module.queue(user=staff.harry, q=text)
        found[text] = [entry.reference for entry in rows[0:50]]
        assert found[text] == [row[1] for row in rows.queryset], text  # as the ORM reads them
        assert counts["new"] == 1
    assert found == {"okafor": [two[1].reference], "SMITH": [two[0].reference], "ben": [two[1].reference]}
    assert [key[-1] for key in queue_module._ROWS] == ["names:1"]
