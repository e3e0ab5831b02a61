"""A worker gives siblings different outcomes, then fixes what the return needs on a
child's page, following the links it gives. axe checks every page on the way."""

from playwright.sync_api import expect

from hub.models import Area
from hub.roles import Role
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in
from tests.browser.test_triage_journeys import PASSWORD, action, approve, click, open_request, pick, screen_to_contact
from tests.factories import persona
from tests.requests_app import payloads


def test_siblings_go_different_ways_and_a_worker_completes_a_childs_record(page, live_server) -> None:
    url = live_server.url
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    persona(Role.HUB_WORKER, area=lancashire)
    persona(Role.TEAM_MANAGER, area=lancashire)
    children = [payloads.child("Ava"), payloads.child("Ben", age=4)]
    support_request, _ = request_create_via_api(
        data=payloads.sections(children=children), by=rita, idempotency_key=None
    )
    sign_in(page, url, "harry", PASSWORD)
    screen_to_contact(page, url, support_request.reference)
    box = action(page, "Propose a decision")
    pick(box, "Decision", "Referral for a statutory assessment")
    box.get_by_label("Outcome for Ava, if different").select_option(label="No further action")
    box.get_by_label("Primary need (census)").select_option("N1")
    box.get_by_label("Reasons").fill("Ben needs an assessment; Ava is doing well")
    click(page, "Propose for approval")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    settle(page)
    sign_in(page, url, "tom", PASSWORD)
    open_request(page, url, support_request.reference)
    approve(page)
    expect(page.locator("h1")).to_contain_text("Referral")  # Ben's work goes on
    ben = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name="Ben Smith", exact=False))
    expect(ben).to_contain_text("Being worked at the front door")
    ava = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name="Ava Smith", exact=False))
    expect(ava).to_contain_text("Finished at the front door: No further action")
    ben.get_by_role("button", name="Record Ben as new to the service").click()
    page.wait_for_load_state("load")
    settle(page)
    ben.get_by_role("link", name="Ben's record").click()
    page.wait_for_load_state("load")
    settle(page)
    page.get_by_role("link", name="Record Ben's unique pupil number (UPN), or why it is not known.").click()
    expect(page.get_by_label("Unique pupil number (UPN), if known")).to_be_focused()
    page.get_by_label("If the UPN is not known, why").select_option("UN1")
    page.get_by_role("group", name="Disabilities, as the census records them").get_by_label("No disability").check()
    click(page, "Save the child's record")
    expect(page.locator("#return-findings")).to_contain_text("meets the statutory return's rules")
    # The referral's primary need was wrong: corrected on the page, with why.
    census = page.locator("form", has=page.get_by_role("button", name="Correct the census details"))
    census.get_by_label("Primary need").select_option("N4")
    click(page, "Correct the census details")
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Say why the census details are being corrected"
    ).click()
    expect(page.get_by_label("Why are you correcting the census details?")).to_be_focused()
    expect(census.get_by_label("Primary need")).to_have_value("N4")  # the answer kept
    page.get_by_label("Why are you correcting the census details?").fill(
        "The school's referral was about the family's stress"
    )
    click(page, "Correct the census details")
    expect(page.locator("#referral_source")).to_contain_text("Primary need: Family in acute stress (N4)")
