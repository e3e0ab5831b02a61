"""A referrer reads the coaching on Check your answers: they follow a finding's link to the very
question, put the answer right, come back and see the finding gone; they take a plainer word with
one button; and they send the request with advice still showing, because coaching never blocks."""

import re

from playwright.sync_api import expect

from hub.roles import Role
from requests_app.models import RequestForSupport
from requests_app.services import draft_create
from tests.browser.conftest import settle, sign_in
from tests.factories import persona
from tests.requests_app import payloads


def a_draft_to_coach(owner):
    """A complete draft, as if filled in page by page, with three things to coach."""
    draft = draft_create(owner=owner)
    draft.data = payloads.sections()
    draft.data["worries"] |= {
        "strengths": ["n/a"],
        "worries": ["Ava came to school hungry on 12 days this term. The home is chaotic. I feel mum doesn't care."],
    }
    draft.save()
    return draft


def card(page, title: str):
    return page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=title, exact=True))


def test_a_referrer_follows_a_finding_to_its_question_and_the_finding_goes(page, live_server) -> None:
    draft = a_draft_to_coach(persona(Role.REFERRER))
    sign_in(page, live_server.url, "rita", "correct horse battery staple")
    page.goto(f"{live_server.url}/requests/drafts/{draft.pk}/check/")
    settle(page)
    expect(page.get_by_role("heading", name="Make your request more helpful")).to_be_visible()
    strengths = card(page, "Strengths missing or generic")
    expect(strengths).to_contain_text("n/a")
    expect(strengths).to_contain_text("acknowledge protective factors and family strengths")

    strengths.get_by_role("link", name=re.compile("^Change")).click()
    page.wait_for_load_state("load")
    settle(page)
    assert page.url.endswith(f"/requests/drafts/{draft.pk}/worries/?return_to=check#id_strengths")
    answer = page.get_by_label("What is going well? Strengths and protective factors")
    expect(answer).to_be_in_viewport()
    answer.fill("Mum walks Ava to school every day and Ava has a close friend, Lily.")
    page.get_by_role("button", name="Continue", exact=True).first.click()
    page.wait_for_load_state("load")
    settle(page)

    assert page.url.startswith(f"{live_server.url}/requests/drafts/{draft.pk}/check/")
    expect(card(page, "Strengths missing or generic")).to_have_count(0)
    expect(card(page, "Opinion without fact")).to_contain_text("I feel mum doesn't care.")

    wording = card(page, "Judgemental or stereotyping wording")
    wording.get_by_role("button", name=re.compile("^Use “unsettled”")).click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.get_by_text("Your answer now says “unsettled” instead of “chaotic”.")).to_be_visible()
    expect(card(page, "Judgemental or stereotyping wording")).to_have_count(0)

    # Advice is still showing (the opinion), and the request goes all the same.
    page.get_by_role("button", name="Send request").click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    sent = RequestForSupport.objects.get()
    assert "The home is unsettled." in sent.worries and sent.strengths.startswith("Mum walks Ava")
    assert [a["alternative"] for a in sent.wording_accepted] == ["unsettled"]
