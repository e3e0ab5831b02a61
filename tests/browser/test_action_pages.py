"""A worker screens a request on the action's own page, on a desktop and at 320 pixels: axe
checks every page, the reasons box counts characters, an error lands on its question, and
nothing scrolls sideways."""

from playwright.sync_api import expect

from tests.browser import test_triage_journeys
from tests.browser.conftest import settle
from tests.browser.test_triage_journeys import action, as_user, click, open_request, pick

people = test_triage_journeys.people  # Rita's request, Harry and Tom (a fixture)

NARROW = {"width": 320, "height": 800}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_worker_screens_a_request_on_its_own_page_at_desktop_and_320_pixels(page, live_server, people) -> None:
    url, reference = live_server.url, people["support_request"].reference
    as_user(page, url, "harry")
    open_request(page, url, reference)
    click(page, "Claim")
    click(page, "Start triage")
    form = action(page, "Screen against the levels of need")
    expect(form.get_by_label("If closing, how")).to_be_hidden()
    form.get_by_label("Close with advice, signposting or a Team Around the Family").check()
    expect(form.get_by_label("If closing, how")).to_be_visible()
    form.get_by_label("Make a contact").check()
    expect(form.get_by_label("If closing, how")).to_be_hidden()
    reasons = form.get_by_label("Reasons")
    assert reasons.get_attribute("rows") == "8"
    reasons.fill("x" * 9_990)  # past the threshold: the count shows what is left
    count = page.locator(".govuk-character-count:has(#id_screen-reasons) .govuk-character-count__status")
    expect(count).to_contain_text("10 characters remaining")
    reasons.fill("Hungry most days; bruising she will not explain")
    click(page, "Record the screening decision")  # no level chosen: back with errors, the reasons kept
    assert page.title().startswith("Error: ")
    assert form.get_by_label("Reasons").input_value() == "Hungry most days; bruising she will not explain"
    page.locator(".govuk-error-summary").get_by_role("link", name="Select the level of need you decided").click()
    assert page.evaluate("() => document.activeElement.id") == "id_screen-level_1"

    page.set_viewport_size(NARROW)
    page.reload()
    page.wait_for_load_state("load")
    settle(page)
    assert no_sideways_scroll(page)
    pick(form, "Level of need decided", "Level 4")
    pick(form, "Statutory basis", "Child in need (section 17)")
    pick(form, "What happens next?", "Make a contact")
    click(page, "Record the screening decision")
    assert page.get_by_text("Screening decision recorded.").is_visible()
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="Go to actions").click()
    form = action(page, "Add a note")
    assert no_sideways_scroll(page)
    pick(form, "This note is", "Opinion")
    form.get_by_label("Note").fill("Mum sounded worried on the phone")
    click(page, "Add note")
    assert page.get_by_text("Note added.").is_visible()
