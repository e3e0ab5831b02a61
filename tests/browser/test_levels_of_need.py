"""A referrer consults the levels of need before making a request."""

import pytest

from hub.roles import Role
from tests.browser.conftest import settle, sign_in
from tests.factories import persona

AREAS = {
    "lancashire": "Level 3: Family Help",
    "blackburn-with-darwen": "Level 4: Specialist",
    "blackpool": "Level 4: Statutory",
    "westmorland-and-furness": "Level 3: Targeted Early Help",
    "luton": "Level 2: Emerging Needs",
}


@pytest.fixture
def signed_in(page, live_server, transactional_db):
    persona(Role.REFERRER)
    sign_in(page, live_server.url, "rita", "correct horse battery staple")
    return page


def test_a_referrer_opens_each_areas_levels_of_need(signed_in, live_server) -> None:
    page = signed_in
    for slug, heading in AREAS.items():
        page.goto(f"{live_server.url}/levels-of-need/")
        settle(page)
        page.locator(f"a[href='/levels-of-need/{slug}/']").click()
        page.wait_for_load_state("load")
        settle(page)
        assert page.get_by_role("heading", name=heading).is_visible(), slug


def test_a_referrer_searches_the_indicators_and_sees_the_matches_open(signed_in, live_server) -> None:
    page = signed_in
    page.goto(f"{live_server.url}/levels-of-need/lancashire/")
    settle(page)
    page.get_by_label("Search the indicators").fill("missing from home")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("load")
    settle(page)
    assert page.get_by_text("Persistent and regular incidents of missing from home").is_visible()
    assert page.get_by_role("status").inner_text().startswith("3 indicators match")
