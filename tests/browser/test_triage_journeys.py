"""Hub journeys in the browser, one per outcome path. Each includes a manager
returning a decision for changes, then approving it."""

import datetime as dt

import pytest
from django.utils import timezone

from hub.models import Area
from hub.roles import Role
from requests_app.models import RequestForSupport
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in, sign_out
from tests.factories import persona
from tests.requests_app import payloads

PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(transactional_db):
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    harry = persona(Role.HUB_WORKER, area=lancashire)
    tom = persona(Role.TEAM_MANAGER, area=lancashire)
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    return {"rita": rita, "harry": harry, "tom": tom, "support_request": support_request}


def as_user(page, url: str, username: str) -> None:
    if page.url.startswith(url) and page.get_by_role("button", name="Sign out").count():
        sign_out(page)
    sign_in(page, url, username, PASSWORD)


def open_request(page, url: str, reference: str) -> None:
    page.goto(f"{url}/triage/")
    settle(page)
    page.goto(f"{url}/triage/requests/{reference}/")
    settle(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    page.wait_for_load_state("load")
    settle(page)


def action(page, title: str):
    """Open an action's own page from the request page; its form is the page's main content."""
    page.locator("#actions").get_by_text(title, exact=True).click()
    page.wait_for_load_state("load")
    settle(page)
    assert page.get_by_role("heading", level=1).inner_text() == title
    return page.locator("main")


def pick(box, group: str, option: str) -> None:
    box.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def screen_to_contact(page, url, reference) -> None:
    open_request(page, url, reference)
    click(page, "Claim")
    click(page, "Start triage")
    screen(page, "Level 4", "Unexplained bruising and hunger")


def screen(page, level: str, reasons: str) -> None:
    """Screen the open triage step on its own page: a child in need, made a contact."""
    box = action(page, "Screen against the levels of need")
    pick(box, "Level of need decided", level)
    pick(box, "Statutory basis", "Child in need (section 17)")
    pick(box, "What happens next?", "Make a contact")
    box.get_by_label("Reasons").fill(reasons)
    click(page, "Record the screening decision")


def propose(page, outcome: str, reasons: str, extra=None, for_referrer: str = "") -> None:
    box = action(page, "Propose a decision")
    pick(box, "Decision", outcome)
    box.get_by_label("Reasons", exact=True).fill(reasons)
    if for_referrer:
        box.get_by_label("What to tell the referrer (optional)").fill(for_referrer)
    for fill in extra or []:
        fill(box)
    click(page, "Propose for approval")


def approve(page, rationale: str = "Proportionate and evidenced") -> None:
    box = action(page, "Approve the decision")
    box.get_by_label("Your rationale").fill(rationale)
    click(page, "Approve the decision")


def return_then_approve(page, url, support_request, people, fix) -> None:
    """Tom returns the decision, Harry changes it, Tom approves."""
    as_user(page, url, "tom")
    open_request(page, url, support_request.reference)
    box = action(page, "Return for changes")
    box.get_by_label("What needs to change").fill("Speak to the school nurse first")
    click(page, "Return for changes")
    assert page.get_by_text("Decision returned for changes.").is_visible()
    as_user(page, url, "harry")
    open_request(page, url, support_request.reference)
    fix(page)
    as_user(page, url, "tom")
    open_request(page, url, support_request.reference)
    approve(page)
    assert page.get_by_text("Decision approved.").is_visible()


def test_triage_to_no_further_action_with_feedback_to_the_referrer(page, live_server, people) -> None:
    url, support_request = live_server.url, people["support_request"]
    as_user(page, url, "harry")
    page.goto(f"{url}/triage/")
    settle(page)
    assert page.get_by_role("link", name=support_request.reference).is_visible()
    screen_to_contact(page, url, support_request.reference)
    propose(page, "No further action", "Explained by a fall")
    return_then_approve(
        page,
        url,
        support_request,
        people,
        lambda p: propose(
            p, "No further action", "Nurse confirms a fall", for_referrer="The school nurse saw the fall happen."
        ),
    )
    assert RequestForSupport.objects.get(pk=support_request.pk).outcome == "nfa"
    as_user(page, url, "rita")
    page.goto(f"{url}/requests/")
    settle(page)
    page.get_by_role("link", name=f"Read the outcome of {support_request.reference}").click()
    page.wait_for_load_state("load")
    settle(page)
    outcome = page.locator("#outcome").inner_text()
    # The referrer reads what the worker wrote for them, never the worker's internal reasons.
    assert "The school nurse saw the fall happen." in outcome and "Nurse confirms a fall" not in outcome


def test_triage_to_referral_assessment_and_a_cin_plan(page, live_server, people) -> None:
    url, support_request = live_server.url, people["support_request"]
    as_user(page, url, "harry")
    screen_to_contact(page, url, support_request.reference)

    def primary_need(box) -> None:
        box.get_by_label("Primary need (census)").select_option("N1")

    propose(page, "Referral for a statutory assessment", "Needs a statutory assessment", [primary_need])
    as_user(page, url, "tom")
    open_request(page, url, support_request.reference)
    approve(page)
    as_user(page, url, "harry")
    open_request(page, url, support_request.reference)
    click(page, "Start the single assessment")

    def assessment(box) -> None:
        pick(box, "Was the child seen (alone, where appropriate)?", "Yes")
        box.get_by_role("group", name="Factors identified (census)").get_by_label("Neglect", exact=False).first.check()
        box.get_by_label("Primary need (census)").select_option("N1")
        # A plan hands the child on to a named team.
        box.get_by_label("Team that takes the child on, for a plan or family help").select_option(label="CSSH Team A")

    propose(page, "Child in need plan", "Needs a plan", [assessment])
    return_then_approve(
        page,
        url,
        support_request,
        people,
        lambda p: propose(p, "Child in need plan", "Plan agreed with mum", [assessment]),
    )
    final = RequestForSupport.objects.get(pk=support_request.pk)
    episode = final.children.get().episode
    assert (final.status, final.outcome, episode.child_seen) == ("closed", "cin_plan", True)
    assert episode.is_open and episode.handed_to_team.name == "CSSH Team A"  # the plan goes on


def test_triage_to_section_47_and_a_child_protection_conference(page, live_server, people) -> None:
    url, support_request = live_server.url, people["support_request"]
    as_user(page, url, "harry")
    screen_to_contact(page, url, support_request.reference)
    propose(
        page,
        "Referral for a statutory assessment",
        "Significant harm suspected",
        [lambda box: box.get_by_label("Primary need (census)").select_option("N1")],
    )
    as_user(page, url, "tom")
    open_request(page, url, support_request.reference)
    approve(page)
    as_user(page, url, "harry")
    open_request(page, url, support_request.reference)
    box = action(page, "Start a section 47 enquiry")
    box.get_by_label("Reason").fill("Bruising to a non-mobile baby")
    click(page, "Save")
    box = action(page, "Record the strategy discussion")
    today = timezone.localdate()
    held = box.get_by_role("group", name="When was it held?")
    held.get_by_label("Day").fill(str(today.day))
    held.get_by_label("Month").fill(str(today.month))
    held.get_by_label("Year").fill(str(today.year))
    box.get_by_label("Time (24-hour, for example 14:30)").fill("09:30")
    box.get_by_label("Who took part").fill("Police, health visitor, social worker")
    pick(box, "What did the strategy discussion decide?", "A section 47 enquiry")
    box.get_by_label("What was agreed").fill("Section 47 enquiry")
    click(page, "Record the strategy discussion")
    propose(page, "Substantiated: initial child protection conference", "Risk remains")
    return_then_approve(
        page,
        url,
        support_request,
        people,
        lambda p: propose(p, "Substantiated: initial child protection conference", "Risk remains; police agree"),
    )
    as_user(page, url, "harry")
    open_request(page, url, support_request.reference)
    box = action(page, "Record the child protection conference")
    held = box.get_by_role("group", name="When was the conference held?")
    later = today + dt.timedelta(days=1)
    held.get_by_label("Day").fill(str(later.day))
    held.get_by_label("Month").fill(str(later.month))
    held.get_by_label("Year").fill(str(later.year))
    pick(box, "What did the conference decide?", "Child protection plan")
    box.get_by_label("Category of abuse, for a child protection plan").select_option("NEG")
    box.get_by_label("Team that takes the child on, for a plan or family help").select_option(label="CSSH Team A")
    click(page, "Record the conference")
    final = RequestForSupport.objects.get(pk=support_request.pk)
    assert (final.status, final.outcome) == ("closed", "cp_plan")
    assert final.children.get().episode.initial_category == "NEG"
