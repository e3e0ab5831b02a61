"""The referrer's own record: a read-only, printable copy of what they sent, with its
reference and the date sent, which a designated safeguarding lead keeps for the school."""

import pytest

from tests.helpers import client_for
from tests.request_factories import make_request
from tests.requests_app import payloads
from tests.triage.test_request_page_shows_what_was_sent import GRADED_AND_COUNTED, as_lists
from triage import services

pytestmark = pytest.mark.django_db


def referrer_page(staff, support_request) -> str:
    html = client_for(staff.rita).get(f"/requests/{support_request.reference}/").content.decode()
    return html.replace("&#x27;", "'").replace("&amp;", "&")


def test_the_referrer_can_read_everything_they_sent_with_its_reference_and_date(staff) -> None:
    support_request = make_request(staff.rita, indicators=as_lists(GRADED_AND_COUNTED))
    html = referrer_page(staff, support_request)
    copy = html.split('id="sent"')[1]
    assert support_request.reference in html and support_request.received_at.strftime("%-d %B %Y") in copy
    for answer in (payloads.WORRIES["worries"], payloads.WORRIES["strengths"], payloads.WORRIES["child_words"]):
        assert answer in copy
    assert "Kim Smith" in copy  # the household, and who gave consent
    assert "School attendance: <strong>82%</strong>" in copy
    assert "Level you asked for" in copy and "Level 3" in copy


def test_the_referrers_copy_has_a_print_button_and_leaves_out_the_hubs_own_notes(staff) -> None:
    support_request = make_request(staff.rita, consent=payloads.consent_override())
    services.consent_override_review(request=support_request, by=staff.priya, agrees=False, reason="Ask mum first")
    html = referrer_page(staff, support_request)
    assert "data-print" in html and "Print or save a copy" in html
    assert "Ask mum first" not in html and "Reviewed in the hub" not in html
    assert "Wording shown" not in html


def test_the_confirmation_page_offers_the_copy(staff) -> None:
    support_request = make_request(staff.rita)
    page = client_for(staff.rita).get(f"/requests/{support_request.reference}/sent/").content.decode()
    assert f'href="/requests/{support_request.reference}/#sent"' in page
