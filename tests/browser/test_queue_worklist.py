"""A team manager finds a child, sorts the queue, assigns work in bulk; a worker
then finds it in their caseload and works it. At 320 pixels the page does not scroll
sideways. axe checks every page."""

from playwright.sync_api import expect

from hub.models import Area
from hub.roles import Role
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in, sign_out
from tests.browser.test_triage_journeys import PASSWORD, click, screen
from tests.factories import persona
from tests.requests_app import payloads


def _send(rita, first: str, last: str):
    data = payloads.sections(children=[payloads.child(first, last)])
    return request_create_via_api(data=data, by=rita, idempotency_key=None)[0]


def test_a_manager_searches_sorts_and_bulk_assigns_and_the_queue_reflows_at_320(page, live_server) -> None:
    url = live_server.url
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    persona(Role.HUB_WORKER, area=lancashire)
    persona(Role.TEAM_MANAGER, area=lancashire)
    okafor, smith = _send(rita, "Ben", "Okafor"), _send(rita, "Ava", "Smith")

    sign_in(page, url, "tom", PASSWORD)
    page.goto(f"{url}/triage/?tab=new")
    settle(page)
    page.get_by_label("Search by child's name, date of birth, NHS number or reference").fill("Okafor")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state("load")
    settle(page)
    assert "Okafor" not in page.url
    table = page.get_by_role("table")
    expect(table).to_contain_text(okafor.reference)
    expect(table).not_to_contain_text(smith.reference)
    page.get_by_role("button", name="Clear search").click()
    page.wait_for_load_state("load")
    settle(page)
    page.get_by_role("link", name="Received").click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Received")

    page.get_by_label(f"Select {okafor.reference}").check()
    page.get_by_label(f"Select {smith.reference}").check()
    page.get_by_label("Assign selected to").select_option(label="Harry Osei")
    page.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.get_by_role("alert", name="Success")).to_contain_text("2 requests assigned to Harry Osei")

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{url}/triage/?tab=new")
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)

    sign_in(page, url, "harry", PASSWORD)
    page.goto(f"{url}/triage/?tab=new&worker=me")
    settle(page)
    expect(page.get_by_role("table")).to_contain_text(okafor.reference)
    page.get_by_role("link", name=okafor.reference).click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.locator("h1")).to_contain_text(okafor.reference)

    # ...and works it: triage, then a screening decision on the action's own page.
    click(page, "Start triage")
    screen(page, "Level 3", "Hunger and bruising reported by school over a month")
    expect(page.locator("main")).to_contain_text("Contact")
