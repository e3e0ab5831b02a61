"""Each link in a GOV.UK error summary lands on the question it names: for a
radio or checkbox question, its first input; for a date, its day box."""

import re

import pytest

from tests.helpers import client_for
from tests.request_factories import request_in_triage_step

pytestmark = pytest.mark.django_db


def _links_to_nowhere(html: str) -> list[str]:
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</div>\n  </div>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets, "the page shows no error summary"
    return [target for target in targets if f'id="{target}"' not in html]


def test_a_radio_question_left_unanswered_links_to_its_first_radio(staff) -> None:
    rita_client = client_for(staff.rita)
    started = rita_client.post("/requests/new/")
    page = rita_client.post(started["Location"], {})
    html = page.content.decode()
    assert 'href="#id_immediate_risk_1"' in html
    assert _links_to_nowhere(html) == []


def test_the_screening_forms_radio_error_lands_on_a_radio(staff) -> None:
    step = request_in_triage_step(staff)
    page = client_for(staff.harry).post(f"/triage/requests/{step.reference}/screen/", {"screen-reasons": "x"})
    assert _links_to_nowhere(page.content.decode()) == []
