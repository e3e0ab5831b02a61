"""The Request for Support form done the GOV.UK Design System's way: nothing saved by
accident, nothing removed without asking, links that say what they act on, and only the
questions the answers call for."""

import re

import pytest

from requests_app.models import RequestDraft
from thresholds.models import Indicator

from . import payloads
from .conftest import fill_draft

pytestmark = pytest.mark.django_db


def new_draft(client) -> RequestDraft:
    client.post("/requests/new/")
    return RequestDraft.objects.latest("created_at")


def stored(draft: RequestDraft) -> dict:
    draft.refresh_from_db()
    return draft.data


def test_continue_on_a_blank_add_a_child_page_saves_nobody_and_says_what_to_fill_in(rita_client) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", {"continue": ""})
    assert response.status_code == 200
    assert "Enter the child&#x27;s last name" in response.content.decode()
    assert stored(draft).get("children") in (None, [])
    listing = rita_client.get(f"/requests/drafts/{draft.pk}/children/list/").content.decode()
    assert "Unborn baby" not in listing and "You have not added a child yet" in listing


def test_removing_a_child_asks_first_and_names_them(rita_client) -> None:
    draft = new_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", payloads.child("Ava", "Smith"))
    page = rita_client.get(f"/requests/drafts/{draft.pk}/children/0/remove/")
    assert page.status_code == 200
    assert "Are you sure you want to remove Ava Smith?" in page.content.decode()
    assert len(stored(draft)["children"]) == 1  # asking removes nothing

    response = rita_client.post(f"/requests/drafts/{draft.pk}/children/0/remove/", {"name": "Ava Smith"})
    assert response.status_code == 302
    assert stored(draft)["children"] == []


def test_a_second_click_on_yes_remove_does_not_remove_the_next_child(rita_client) -> None:
    draft = new_draft(rita_client)
    for first in ("Ava", "Ben"):
        rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", payloads.child(first, "Smith"))
    for _ in range(2):
        rita_client.post(f"/requests/drafts/{draft.pk}/children/0/remove/", {"name": "Ava Smith"})
    assert [c["first_name"] for c in stored(draft)["children"]] == [["Ben"]]


def test_deleting_a_draft_asks_first_then_deletes_it(rita_client) -> None:
    draft = new_draft(rita_client)
    tasks = rita_client.get(f"/requests/drafts/{draft.pk}/").content.decode()
    assert f'href="/requests/drafts/{draft.pk}/delete/"' in tasks  # a link to the question, not a form that acts
    page = rita_client.get(f"/requests/drafts/{draft.pk}/delete/").content.decode()
    assert "Are you sure you want to delete this draft?" in page and "You cannot undo this" in page
    assert RequestDraft.objects.filter(pk=draft.pk).exists()
    assert rita_client.post(f"/requests/drafts/{draft.pk}/delete/").status_code == 302
    assert not RequestDraft.objects.filter(pk=draft.pk).exists()


def test_change_and_remove_links_name_the_child_for_screen_readers(rita_client) -> None:
    draft = new_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", payloads.child("Ava", "Smith"))
    listing = rita_client.get(f"/requests/drafts/{draft.pk}/children/list/").content.decode()
    hidden = re.findall(r'<span class="govuk-visually-hidden">([^<]*)</span>', listing)
    assert " Ava Smith" in hidden and not any("entry" in text for text in hidden)


def test_check_answers_names_each_section_still_to_complete(rita_client) -> None:
    draft = new_draft(rita_client)
    page = rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    links = re.findall(r">Complete the section: ([^<]*)</a>", summary)
    assert "Consent" in links and "Level of need" in links and "The child or children" in links
    assert "" not in [link.strip() for link in links]


def test_check_answers_shows_no_override_questions_once_consent_is_given(rita_client) -> None:
    draft_id = fill_draft(rita_client)
    page = rita_client.get(f"/requests/drafts/{draft_id}/check/").content.decode()
    consent = page.split(">Consent</h2>")[1]
    assert "Who gave consent?" in consent
    assert "Your rationale for sharing without consent" not in consent
    assert "What lawful basis do you rely on to share?" not in consent
    assert "Not answered" not in consent


def test_answers_left_on_a_branch_no_longer_taken_are_not_kept(rita_client) -> None:
    """A referrer first records a refusal and an override, then the mother agrees."""
    draft_id = fill_draft(rita_client, consent=payloads.consent_override())
    changed = payloads.consent_given(rationale="Written before mum agreed", significant_harm="no")
    rita_client.post(f"/requests/drafts/{draft_id}/consent/", {**changed, "continue": ""})
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    consent = RequestDraft.objects.get(pk=draft_id).submitted_request.consent
    assert consent.has_parental_consent
    assert consent.rationale == "" and consent.significant_harm is False
    assert consent.how_sought_and_refused == "" and consent.family_not_told_reason == ""


def test_the_consent_page_reveals_follow_up_questions_under_the_answer_that_calls_for_them(rita_client) -> None:
    draft_id = fill_draft(rita_client)
    page = rita_client.get(f"/requests/drafts/{draft_id}/consent/").content.decode()
    given = page.split('data-reveal-when="parental_consent=given"')[1]
    assert given.index("Who gave consent?") < given.index('data-reveal-when="parental_consent=refused,not_sought"')
    without = page.split('data-reveal-when="parental_consent=refused,not_sought"')[1]
    assert "If they refused, how did you ask" in without.split("</div>")[0] + without
    harm = page.index("Is the child suffering, or at risk of, significant harm?")
    override = page.index('data-reveal-when="significant_harm=yes"')
    assert page.index('data-reveal-when="parental_consent=refused,not_sought"', harm) < override
    assert "Your rationale for sharing" in page[override:]


@pytest.mark.parametrize("typed", ["abc", "123", "+1 212 555 0100", "07700 900 98x"])
def test_a_phone_number_that_is_not_a_uk_number_is_refused_with_an_example(rita_client, typed) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(
        f"/requests/drafts/{draft.pk}/about_you/", {**payloads.ABOUT_YOU, "phone": typed, "continue": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_phone"' in html
    assert "Enter your phone number, like 01632 960 001" in html
    assert f'value="{typed}"' in html  # what they typed is kept to correct


@pytest.mark.parametrize("typed", ["01632 960 001", "07700 900982", "+44 (0)20 7946 0958", "01524 123456 ext 204"])
def test_uk_phone_numbers_are_accepted_as_people_write_them(rita_client, typed) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(
        f"/requests/drafts/{draft.pk}/about_you/", {**payloads.ABOUT_YOU, "phone": typed, "continue": ""}
    )
    assert response.status_code == 302
    assert stored(draft)["about_you"]["phone"] == [typed]


def test_the_leads_contact_must_be_a_phone_number_or_an_email_address(rita_client) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(
        f"/requests/drafts/{draft.pk}/about_you/", {**payloads.ABOUT_YOU, "lead_contact": "ask at reception"}
    )
    assert "Enter their phone number or email address" in response.content.decode()


def test_long_answers_count_characters_instead_of_cutting_them_short(rita_client) -> None:
    draft = new_draft(rita_client)
    page = rita_client.get(f"/requests/drafts/{draft.pk}/worries/").content.decode()
    textarea = re.search(r'<textarea[^>]*name="worries"[^>]*>', page).group(0)
    assert "maxlength" not in textarea and "id_worries-info" in textarea and "govuk-textarea" in textarea
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in page


def test_an_answer_over_the_limit_is_an_error_that_keeps_the_text(rita_client) -> None:
    draft = new_draft(rita_client)
    long = "x" * 2001
    response = rita_client.post(
        f"/requests/drafts/{draft.pk}/household/add/", {**payloads.PARENT, "notes": long, "continue": ""}, follow=True
    )
    html = response.content.decode()
    assert "must be 2000 characters or fewer" in html and long in html


def _indicators_page(client, draft_id, data=None) -> str:
    if data is not None:
        client.post(f"/requests/drafts/{draft_id}/indicators/", {**data, "save_and_return": "1"})
    return client.get(f"/requests/drafts/{draft_id}/indicators/").content.decode()


def test_the_indicators_page_does_not_ask_the_childs_age_again(rita_client) -> None:
    draft_id = fill_draft(rita_client)
    page = _indicators_page(rita_client, draft_id)
    assert "Child&#x27;s age in whole years" not in page and 'name="fact_age_years"' not in page


def test_the_childs_age_from_their_date_of_birth_reaches_the_level_suggestion(rita_client, lancashire) -> None:
    """Lancashire grades suspected head trauma in a non-mobile baby under one at level 4."""
    baby = payloads.child("Noah", "Smith", age=0)
    draft_id = fill_draft(rita_client, children=[baby])
    facts = {"fact_suspected_non_accidental_head_trauma": "true", "fact_non_mobile": "true"}
    _indicators_page(rita_client, draft_id, facts)
    level_page = rita_client.get(f"/requests/drafts/{draft_id}/level/").content.decode()
    assert "Level 4" in level_page.split('id="suggestion"')[1][:600]


def test_the_indicators_page_says_what_is_ticked_and_opens_those_levels(rita_client, lancashire) -> None:
    draft_id = fill_draft(rita_client)
    version = lancashire.framework.current_version()
    ticked = list(Indicator.objects.filter(level__version=version, level__number=2)[:2])
    page = _indicators_page(rita_client, draft_id, {"indicators": [str(i.pk) for i in ticked]})
    summary = page.split('id="ticked-summary"')[1].split("</div>")[0]
    assert all(indicator.text in summary for indicator in ticked)
    level_2 = re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<span[^>]*>Level 2:[^<]*<span[^>]*>([^<]*)", page)
    assert " open" in level_2.group(0).split(">")[0] and level_2.group(1) == "(2 ticked)"


def test_the_yes_no_facts_use_gov_uk_radios(rita_client) -> None:
    draft_id = fill_draft(rita_client)
    page = _indicators_page(rita_client, draft_id)
    radios = re.findall(r'<input[^>]*type="radio"[^>]*>', page)
    assert radios and all("govuk-radios__input" in radio for radio in radios)
