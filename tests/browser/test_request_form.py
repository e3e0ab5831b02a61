"""A referrer's day: they complete the whole Request for Support, with one validation
error and one Change from Check your answers, reach the confirmation, print what they
sent, and later read the outcome the hub wrote for them."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.browser.conftest import settle, sign_in
from tests.factories import persona
from tests.helpers import fresh
from triage import services


def go(page, button: str = "Continue") -> None:
    settle(page)
    page.get_by_role("button", name=button, exact=True).first.click()
    page.wait_for_load_state("load")
    settle(page)


def pick(page, group: str, option: str) -> None:
    page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def test_a_referrer_completes_the_request_for_support(page, live_server) -> None:
    persona(Role.REFERRER, email="rita@example.org", phone="01234 567890")
    sign_in(page, live_server.url, "rita", "correct horse battery staple")
    page.get_by_role("link", name="My requests").first.click()
    page.wait_for_load_state("load")
    settle(page)
    page.get_by_role("button", name="Request support for a child").click()
    page.wait_for_load_state("load")
    go(page, "Start now")

    pick(page, "Is a child at immediate risk of harm?", "No")
    go(page)
    assert page.get_by_label("Your full name").input_value() == "Rita Patel"  # prefilled from the account
    page.get_by_label("Your safeguarding lead or line manager").fill("Sam Head, headteacher")
    go(page)

    # The child: first leave out the date of birth, to see the error and keep the answers.
    page.get_by_role("button", name="Add child").click()
    page.wait_for_load_state("load")
    settle(page)
    page.get_by_label("First name").fill("Ava")
    page.get_by_label("Last name").fill("Smith")
    pick(page, "Is the child unborn?", "No")
    pick(page, "Sex", "Female")
    page.get_by_label("Ethnicity").select_option("WBRI")
    pick(page, "Does the child have a disability or special educational needs?", "No")
    page.get_by_label("Address").fill("1 Mill Lane, Clitheroe")
    page.get_by_label("Postcode (optional)").fill("BB7 1AA")
    pick(page, "Is the child a young carer?", "No")
    pick(page, "Is the child privately fostered?", "No")
    pick(page, "Is the child known to children's social care now?", "No")
    go(page)
    summary = page.locator(".govuk-error-summary")
    assert "Enter the child's date of birth" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert page.get_by_label("First name").input_value() == "Ava"
    born = timezone.localdate() - dt.timedelta(days=365 * 9)
    birth = page.get_by_role("group", name="Date of birth", exact=True)
    birth.get_by_label("Day").fill(str(born.day))
    birth.get_by_label("Month").fill(str(born.month))
    birth.get_by_label("Year").fill(str(born.year))
    go(page)
    assert page.get_by_role("term").filter(has_text="Ava Smith").is_visible()
    go(page)

    page.get_by_role("button", name="Add person").click()
    page.wait_for_load_state("load")
    settle(page)
    page.get_by_label("Full name").fill("Kim Smith")
    page.get_by_label("Relationship to the child or children").fill("Mother")
    pick(page, "Do they have parental responsibility?", "Yes")
    pick(page, "Where do they live?", "Lives with the child")
    go(page)
    go(page)

    page.get_by_label("What are you worried about?").fill("Ava comes to school hungry most days.")
    page.get_by_label("What is the impact on the child?").fill("Tired and withdrawn.")
    page.get_by_label("What has been done so far to help?").fill("Breakfast club.")
    page.get_by_label("What difference did it make?").fill("A little, for two weeks.")
    page.get_by_label("What is going well? Strengths and protective factors").fill("Mum engages with school.")
    page.get_by_label("What does the child say? Their own words, wishes and feelings").fill("'I am hungry.'")
    pick(page, "Has an Early Help Assessment (or CAF) been done with the family?", "Yes")
    pick(page, "Are the police involved?", "No")
    pick(page, "Is this about an allegation against someone who works with children?", "No")
    go(page)

    assert page.get_by_label("Lancashire").is_checked()  # suggested from the postcode
    go(page)
    page.get_by_label("Missing from home episodes in the last 90 days (optional)").fill("1")
    go(page)
    assert "suggest" in page.locator("#suggestion").inner_text()
    page.get_by_label("Level 2: Early Help (also called Universal Plus)").check()
    go(page)

    for question in [
        "1. Does the person with parental responsibility know about this request?",
        "3. Does the child or young person know?",
        "4. Does your line manager or safeguarding lead know?",
    ]:
        pick(page, question, "Yes")
    pick(page, "2. If the request includes information about someone else, do they know?", "Does not apply")
    # Follow-up questions show under the answer that calls for them, and only then.
    assert not page.get_by_label("Who gave consent?").is_visible()
    page.get_by_label("No, they refused").check()
    assert page.get_by_label("If they refused, how did you ask and how did they refuse?", exact=False).is_visible()
    assert not page.get_by_label("Your rationale for sharing without consent").is_visible()
    pick(page, "Is the child suffering, or at risk of, significant harm?", "Yes")
    assert page.get_by_label("Your rationale for sharing without consent").is_visible()
    page.get_by_label("Yes, they have given consent").check()
    assert not page.get_by_label("Your rationale for sharing without consent").is_visible()
    pick(page, "Is the child suffering, or at risk of, significant harm?", "No")
    page.get_by_label("Who gave consent?").fill("Kim Smith")
    page.get_by_label("Their relationship to the child").fill("Mother")
    today = timezone.localdate()
    consent_date = page.get_by_role("group", name="When did they give consent?")
    consent_date.get_by_label("Day").fill(str(today.day))
    consent_date.get_by_label("Month").fill(str(today.month))
    consent_date.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Told me in person").check()
    page.get_by_label("What did you tell them would be shared, with whom and why?").fill(
        "The school's worries, to the hub, for family help."
    )
    page.get_by_label("Yes, the child or young person consents").check()
    go(page)

    assert page.get_by_role("heading", name="Check your answers before sending your request").is_visible()
    consent_rows = page.locator("h2:has-text('Consent') + dl .govuk-summary-list__key").all_inner_texts()
    assert "Who gave consent?" in consent_rows and "Your rationale for sharing without consent" not in consent_rows
    # Change one answer and come straight back.
    page.get_by_role("link", name="Change what is the impact on the child?").click()
    page.wait_for_load_state("load")
    settle(page)
    page.get_by_label("What is the impact on the child?").fill("Tired, withdrawn and falling behind.")
    go(page)
    assert page.get_by_text("Tired, withdrawn and falling behind.").is_visible()
    go(page, "Send request")

    support_request = RequestForSupport.objects.get()
    assert page.get_by_role("heading", name="Request sent").is_visible()
    assert page.get_by_text(support_request.reference).is_visible()
    assert support_request.impact == "Tired, withdrawn and falling behind."
    page.get_by_role("link", name="My requests").last.click()
    page.wait_for_load_state("load")
    settle(page)
    assert page.get_by_role("link", name=support_request.reference).is_visible()

    # The copy for the school's records: everything sent, printable without the service's chrome.
    page.get_by_role("link", name=support_request.reference).click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.locator("#sent ~ dl").first).to_contain_text("Tired, withdrawn and falling behind.")
    expect(page.get_by_role("button", name="Print or save a copy")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save a copy")).to_be_hidden()
    expect(page.get_by_text(support_request.reference).first).to_be_visible()
    page.emulate_media(media="screen")

    # The hub decides; the referrer reads what happens next, not the hub's reasons.
    harry, tom = (
        persona(Role.HUB_WORKER, area=support_request.area),
        persona(Role.TEAM_MANAGER, area=support_request.area),
    )
    services.triage_begin(request=support_request, by=harry)
    services.triage_screen(
        request=fresh(support_request), by=harry, action="contact", level=3, reasons="Internal: dad known to police"
    )
    services.decision_propose(
        request=fresh(support_request),
        by=harry,
        outcome="family_help_service",
        reasons="Internal: dad known to police",
        for_referrer="Thank you for the attendance log.",
        level=3,
        statutory_basis="none",
    )
    services.decision_approve(request=fresh(support_request), by=tom, rationale="Agreed")
    page.get_by_role("link", name="My requests").first.click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.get_by_role("row").filter(has_text=support_request.reference)).to_contain_text(
        "Decided: Family Help offered"
    )
    page.get_by_role("link", name="Read the outcome").click()
    page.wait_for_load_state("load")
    settle(page)
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("A Family Help worker will contact the family")
    expect(outcome).to_contain_text("Thank you for the attendance log.")
    expect(page.locator("main")).not_to_contain_text("dad known to police")
