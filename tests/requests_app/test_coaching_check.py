"""Coaching on Check your answers: each finding quotes the referrer's words, says why they matter,
links to the very question, and never stops the request being sent. A judgemental phrase can be
swapped for its plainer alternative with one button, and the request records that choice."""

import re

import pytest
from django.test import Client

from hub.roles import Role
from requests_app.models import RequestForSupport
from requests_app.services import draft_create
from tests.factories import persona
from thresholds.models import Framework

from . import payloads

pytestmark = pytest.mark.django_db(transaction=False)


def lists(data: dict) -> dict:
    return {key: value if isinstance(value, list) else [value] for key, value in data.items()}


def draft_with(owner, *, worries=None, consent=None, level=None, indicators=None):
    data = payloads.sections(consent=consent)
    data["worries"] = lists({**payloads.WORRIES, **(worries or {})})
    if level is not None:
        data["level"] = {"level": [str(level)]}
    if indicators is not None:
        data["indicators"] = {"indicators": [str(pk) for pk in indicators]}
    draft = draft_create(owner=owner)
    draft.data = data
    draft.save()
    return draft


def coaching_cards(html: str) -> dict[str, str]:
    """Each coaching card on the page, by its check."""
    return dict(re.findall(r'data-coaching="([a-z_]+)">(.*?)</dl>', html, re.S))


def level_two_indicator_ids(count: int = 1) -> list[int]:
    version = Framework.objects.get(key="pan-lancashire").current_version()
    return list(version.indicators.filter(level__number=2).values_list("pk", flat=True)[:count])


def test_a_clean_draft_has_no_coaching(rita_client, rita) -> None:
    draft = draft_with(rita)
    html = rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    assert "Make your request more helpful" not in html
    assert "Send request" in html


def test_a_finding_quotes_the_answer_says_why_and_links_to_the_question(rita_client, rita) -> None:
    draft = draft_with(rita, worries={"strengths": "n/a"})
    html = rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    card = coaching_cards(html)["strengths"]
    assert "<q>n/a</q>" in card
    assert "acknowledge protective factors and family strengths" in card
    assert f'href="/requests/drafts/{draft.pk}/worries/?return_to=check#id_strengths"' in html


def test_every_finding_links_to_the_input_of_its_question(rita_client, rita) -> None:
    draft = draft_with(
        rita,
        worries={
            "worries": "The home is chaotic. I feel mum does not care.",
            "strengths": "none",
            "child_words": "Ava did not want to talk.",
            "work_done_effect": "We gave a leaflet.",
            "history_since_csc": "Ava was on a child protection plan in 2019. The social worker closed the case "
            "in 2021 and the family had been known to children's social care from 2016.",
        },
        consent=payloads.consent_given(method="", told_what_shared="Yes"),
        level=4,
        indicators=level_two_indicator_ids(),
    )
    draft.data["children"][0]["open_to_csc"] = ["here"]
    draft.save()
    html = rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    assert set(coaching_cards(html)) == {
        "strengths",
        "own_words",
        "opinion",
        "judgemental",
        "work_effect",
        "history",
        "level",
        "consent_detail",
    }
    links = set(re.findall(rf'href="(/requests/drafts/{draft.pk}/[a-z_]+/\?return_to=check#id_\w+)"', html))
    assert len(links) == 7  # the opinion and the wording are both in the worries answer
    for link in links:
        page, anchor = link.split("#")
        target = rita_client.get(page).content.decode()
        assert f'id="{anchor}"' in target, link
        assert 'name="return_to" value="check"' in target, link


def test_sending_is_not_blocked_by_findings(rita_client, rita) -> None:
    draft = draft_with(rita, worries={"strengths": "none", "worries": "The family is chaotic."})
    assert "Make your request more helpful" in rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    response = rita_client.post(f"/requests/drafts/{draft.pk}/send/")
    sent = RequestForSupport.objects.get()
    assert response["Location"] == f"/requests/{sent.reference}/sent/"
    assert sent.strengths == "none" and sent.wording_accepted == []


def test_accepting_the_plainer_wording_changes_the_answer_and_the_request_records_it(rita_client, rita) -> None:
    draft = draft_with(
        rita, worries={"worries": "Chaotic mornings: Ava was late 12 times. Mum failed to engage with the plan."}
    )
    accept = f"/requests/drafts/{draft.pk}/coaching/accept/"
    response = rita_client.post(accept, {"field": "worries", "phrase": "Chaotic"})
    assert response["Location"] == f"/requests/drafts/{draft.pk}/check/#coaching"
    draft.refresh_from_db()
    assert draft.data["worries"]["worries"] == [
        "Unsettled mornings: Ava was late 12 times. Mum failed to engage with the plan."
    ]
    html = rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    assert "instead of “Chaotic”" in html  # the message says what changed
    assert "Write <strong>did not take up</strong> instead of <strong>failed to engage with</strong>" in html
    assert "<strong>Chaotic</strong>" not in html

    rita_client.post(accept, {"field": "worries", "phrase": "Chaotic"})  # a second click changes nothing more
    rita_client.post(f"/requests/drafts/{draft.pk}/send/")
    sent = RequestForSupport.objects.get()
    assert sent.worries.startswith("Unsettled mornings")
    assert [(a["field"], a["phrase"], a["alternative"]) for a in sent.wording_accepted] == [
        ("worries", "Chaotic", "unsettled")
    ]
    copy = rita_client.get(f"/requests/{sent.reference}/").content.decode()
    assert "“Chaotic” to “unsettled”" in copy  # the referrer's copy, and the hub's page, show the choice


def test_a_phrase_in_the_childs_own_quoted_words_is_left_alone(rita_client, rita) -> None:
    draft = draft_with(rita, worries={"child_words": 'Ava said "my house is chaotic in the mornings".'})
    html = rita_client.get(f"/requests/drafts/{draft.pk}/check/").content.decode()
    assert "judgemental" not in coaching_cards(html)
    rita_client.post(f"/requests/drafts/{draft.pk}/coaching/accept/", {"field": "child_words", "phrase": "chaotic"})
    draft.refresh_from_db()
    assert "chaotic" in draft.data["worries"]["child_words"][0]


def test_nobody_else_can_accept_wording_in_a_draft(rita) -> None:
    draft = draft_with(rita, worries={"worries": "The home is chaotic."})
    other = Client()
    other.force_login(persona(Role.REFERRER, username="ravi", email="ravi@example.org"))
    response = other.post(f"/requests/drafts/{draft.pk}/coaching/accept/", {"field": "worries", "phrase": "chaotic"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.data["worries"]["worries"] == ["The home is chaotic."]


@pytest.mark.parametrize(
    "body", [{}, {"field": "worries"}, {"field": "nope", "phrase": "chaotic"}, {"field": "x" * 5000}]
)
def test_a_malformed_acceptance_changes_nothing_and_goes_back_to_check_answers(rita_client, rita, body) -> None:
    draft = draft_with(rita, worries={"worries": "The home is chaotic."})
    response = rita_client.post(f"/requests/drafts/{draft.pk}/coaching/accept/", body)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["worries"]["worries"] == ["The home is chaotic."]
