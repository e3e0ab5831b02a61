"""Each action with a form has a page of its own, with room to write: text areas eight rows
high with a GOV.UK character count set from the field's real limit. An answer refused comes
back on that page with a GOV.UK error summary whose links land on the fields, and what was
typed kept. The request page links to each action and carries none of their forms."""

import re

import pytest

from hub.models import Agency, AuditEvent
from tests.helpers import client_for, fresh
from tests.request_factories import (
    request_awaiting_approval,
    request_awaiting_icpc,
    request_in_contact,
    request_in_strategy_discussion,
    request_in_triage_step,
)
from triage import services
from triage.actions import ACTIONS, Page, actions_offered
from triage.forms import ScreenForm
from workflow.fsm import available_moves

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def links_to_nowhere(html: str) -> list[str]:
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets, "the page shows no error summary"
    return [target for target in targets if f'id="{target}"' not in html]


def url(support_request, action: str = "") -> str:
    return f"/triage/requests/{support_request.reference}/{action + '/' if action else ''}"


def test_the_request_page_links_to_each_actions_own_page_and_holds_none_of_their_forms(staff) -> None:
    step = request_in_triage_step(staff)
    html = page_of(client_for(staff.harry).get(url(step)))
    assert f'href="{url(step, "screen")}"' in html and f'href="{url(step, "note")}"' in html
    assert 'name="screen-reasons"' not in html and 'name="note-text"' not in html


def test_the_screening_page_has_the_form_with_room_to_write_the_reasons(staff) -> None:
    step = request_in_triage_step(staff)
    response = client_for(staff.harry).get(url(step, "screen"))
    html = page_of(response)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Screen against the levels of need</h1>' in html
    assert f'<form method="post" action="{url(step, "screen")}" novalidate>' in html
    textarea = re.search(r"<textarea[^>]*name=\"screen-reasons\"[^>]*>", html).group(0)
    assert 'rows="8"' in textarea and "maxlength" not in textarea


def test_each_reasons_box_counts_characters_up_to_the_fields_own_limit(staff) -> None:
    step = request_in_triage_step(staff)
    html = page_of(client_for(staff.harry).get(url(step, "screen")))
    limit = ScreenForm(children=[]).fields["reasons"].max_length
    assert limit == 10000
    assert f'<div class="govuk-character-count" data-module="govuk-character-count" data-maxlength="{limit}"' in html
    assert 'id="id_screen-reasons-info"' in html and 'aria-describedby="id_screen-reasons-info"' in html


def test_a_reason_over_the_limit_is_refused_with_what_was_typed_kept(staff) -> None:
    step = request_in_triage_step(staff)
    too_long = "x" * 10001
    response = client_for(staff.harry).post(
        url(step, "screen"),
        {"screen-level": "2", "screen-statutory_basis": "none", "screen-action": "close", "screen-reasons": too_long},
    )
    html = page_of(response)
    assert response.status_code == 400
    assert "Reasons must be 10000 characters or fewer" in html
    assert too_long in html and links_to_nowhere(html) == []


def test_a_form_sent_incomplete_comes_back_on_its_own_page_with_an_error_summary_that_lands(staff) -> None:
    step = request_in_triage_step(staff)
    response = client_for(staff.harry).post(url(step, "screen"), {"screen-reasons": "Hunger and bruising"})
    html = page_of(response)
    assert response.status_code == 400
    assert "<title>Error: Screen against the levels of need" in html
    assert "Hunger and bruising" in html
    assert 'href="#id_screen-level_1"' in html and links_to_nowhere(html) == []


def test_a_manager_sees_what_they_are_approving_on_the_approval_page(staff) -> None:
    waiting = request_awaiting_approval(staff)
    html = page_of(client_for(staff.tom).get(url(waiting, "approve")))
    assert 'id="approval-panel"' in html and "Reasons for the proposed decision" in html


def test_how_a_triage_step_closes_is_asked_under_the_answer_close(staff) -> None:
    html = page_of(client_for(staff.harry).get(url(request_in_triage_step(staff), "screen")))
    reveal = html.split('data-reveal-when="screen-action=close"')[1].split("</select>")[0]
    assert 'name="screen-outcome"' in reveal


def test_the_approval_page_asks_why_checks_can_be_left_only_when_a_check_is_waiting(staff) -> None:
    waiting = request_awaiting_approval(staff)
    question = "Partner checks are still waiting"
    assert question not in page_of(client_for(staff.tom).get(url(waiting, "approve")))
    police = Agency.objects.get(name="Lancashire Constabulary", kind="police")
    services.check_request(request=waiting, agency=police, question="Any callouts?", rag="amber", by=staff.harry)
    assert question in page_of(client_for(staff.tom).get(url(waiting, "approve")))


def test_an_action_not_open_now_sends_the_worker_back_to_the_request(staff) -> None:
    step = request_in_triage_step(staff)
    for action in ("approve", "claim", "explain", "oversee"):
        response = client_for(staff.harry).get(url(step, action))
        assert (response.status_code, response["Location"]) == (302, url(step)), action


def test_opening_an_actions_page_is_recorded_as_a_read_of_the_record(staff) -> None:
    step = request_in_triage_step(staff)
    client_for(staff.harry).get(url(step, "note"))
    assert AuditEvent.objects.filter(
        actor=staff.harry, action=AuditEvent.Action.VIEW, reference=step.reference
    ).exists()


def test_a_move_refused_because_the_request_moved_on_keeps_the_words_and_offers_no_button(staff) -> None:
    contact = request_in_contact(staff)  # Harry already screened it
    response = client_for(staff.sian).post(
        url(contact, "screen"),
        {"screen-level": "4", "screen-statutory_basis": "s47", "screen-action": "contact", "screen-reasons": "Mine"},
    )
    html = page_of(response)
    assert response.status_code == 409
    assert 'id="not-open"' in html and "Mine</textarea>" in html
    assert f'action="{url(contact, "screen")}"' not in html and "Record the screening decision" not in html
    assert links_to_nowhere(html) == []


def test_posting_from_an_actions_page_does_it_and_returns_to_the_request(staff) -> None:
    step = request_in_triage_step(staff)
    response = client_for(staff.harry).post(url(step, "note"), {"note-kind": "fact", "note-text": "Mum rang"})
    assert (response.status_code, response["Location"]) == (302, url(step))
    assert step.notes.get().text == "Mum rang"


@pytest.mark.parametrize(
    "make, who",
    [
        (request_in_triage_step, "harry"),
        (request_in_contact, "harry"),
        (request_awaiting_approval, "tom"),
        (request_in_strategy_discussion, "harry"),
        (request_awaiting_icpc, "harry"),
    ],
)
def test_every_action_the_request_page_offers_opens_its_own_page(staff, make, who) -> None:
    support_request = make(staff)
    user = getattr(staff, who)
    offered = actions_offered(
        Page(support_request=support_request, user=user, moves=frozenset(available_moves(support_request, user)))
    )
    client = client_for(user)
    request_page = page_of(client.get(url(support_request)))
    with_forms = [action for action in offered if ACTIONS[action["name"]].form is not None]
    assert with_forms
    for action in with_forms:
        assert f'href="{url(support_request, action["name"])}"' in request_page, action["name"]
        response = client.get(url(fresh(support_request), action["name"]))
        assert response.status_code == 200, action["name"]
        assert f'action="{url(support_request, action["name"])}"' in page_of(response), action["name"]
