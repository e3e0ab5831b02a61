"""The family copy never shows what came from others, the police, the hub's own thinking, or what
the consent rules withhold (issue 16, decision 0020). A unique marker is planted in each of those
places; none may appear in the page or in the PDF, for the referrer or for the hub."""

import pytest

from tests.helpers import client_for
from tests.request_factories import (
    make_request,
    request_closed,
    request_in_s47_enquiry,
    request_in_strategy_discussion,
)
from tests.requests_app import payloads
from triage import services
from workflow.for_referrer import BELOW_THRESHOLD_ADVICE, OUTCOME, WORRIES_CHANGE
from workflow.states import Outcome

from .helpers import SHOWN, WITHHELD, pdf_text, request_with_markers

pytestmark = pytest.mark.django_db


def copy_of(html: str) -> str:
    """The copy itself, as the page shows it (the page around it says what it leaves out)."""
    return html.split('id="family-copy"', 1)[1].split("</article>", 1)[0]


def test_no_withheld_marker_reaches_the_page_or_the_pdf_at_either_stage_for_anyone(staff) -> None:
    support_request = request_with_markers(staff)
    assert support_request.feedback_sent_at is not None  # the outcome copy is open
    found = {}
    for person in (staff.rita, staff.harry):
        client = client_for(person)
        for stage in ("sent", "outcome"):
            page = client.get(f"/family-copy/{support_request.reference}/{stage}/")
            pdf = client.get(f"/family-copy/{support_request.reference}/{stage}/pdf/")
            assert page.status_code == 200 and pdf["Content-Type"] == "application/pdf"
            html, text = page.content.decode(), pdf_text(pdf.content)
            for where, body in (("page", html), ("pdf", text)):
                found |= {
                    (person.username, stage, where, category): marker
                    for category, marker in WITHHELD.items()
                    if marker in body
                }
                # The copy's own words do show: the test would pass on an empty page otherwise.
                assert SHOWN["strengths"] in body and SHOWN["worries"] in body
                # Police involvement is an answer, not a marker: the copy never speaks of the police.
                body_of_copy = copy_of(body) if where == "page" else body
                assert "olice" not in body_of_copy and "Public task" not in body_of_copy
    assert found == {}


def test_the_outcome_copy_holds_what_the_referrer_was_told_and_not_the_reasons(staff) -> None:
    support_request = request_with_markers(staff)
    text = pdf_text(client_for(staff.rita).get(f"/family-copy/{support_request.reference}/outcome/pdf/").content)
    flat = " ".join(text.split())
    assert OUTCOME[Outcome.NO_CONCERNS] in flat and SHOWN["for referrer"] in flat
    assert WITHHELD["enquiry outcome reasons"] not in flat
    sent = " ".join(
        pdf_text(client_for(staff.rita).get(f"/family-copy/{support_request.reference}/sent/pdf/").content).split()
    )
    assert SHOWN["for referrer"] not in sent and "The hub will read the request." in sent


def test_an_override_the_family_knows_of_keeps_its_rationale_basis_and_oversight_out(staff) -> None:
    override = payloads.consent_override(
        family_told="yes",
        family_not_told_reason="",
        rationale="XQOVERRIDERATIONALE",
        how_sought_and_refused="XQHOWSOUGHT",
    )
    support_request = make_request(staff.rita, consent=override)
    services.consent_override_review(request=support_request, by=staff.priya, agrees=False, reason="XQOVERSIGHT")
    html = client_for(staff.rita).get(f"/family-copy/{support_request.reference}/sent/").content.decode()
    text = pdf_text(client_for(staff.harry).get(f"/family-copy/{support_request.reference}/sent/pdf/").content)
    for body in (html, text):
        assert "Mum engages with school" in body
        for marker in ("XQOVERRIDERATIONALE", "XQHOWSOUGHT", "XQOVERSIGHT", "Public task", "public_task"):
            assert marker not in body


def test_there_is_no_copy_when_the_family_was_not_told_because_telling_them_could_put_the_child_at_risk(
    staff,
) -> None:
    support_request = make_request(staff.rita, consent=payloads.consent_override())
    client = client_for(staff.rita)
    page = client.get(f"/family-copy/{support_request.reference}/sent/").content.decode()
    assert "You cannot make a family copy of this request" in page and 'id="family-copy"' not in page
    assert "Mum engages with school" not in page
    pdf = client.get(f"/family-copy/{support_request.reference}/sent/pdf/")
    assert pdf.status_code == 302 and pdf["Location"] == f"/family-copy/{support_request.reference}/sent/"
    refused = client.post(f"/family-copy/{support_request.reference}/sent/confirm/", {"confirmed": "on"})
    assert refused.status_code == 400 and not support_request.sharing.exists()


def test_there_is_no_copy_of_an_allegation_against_someone_who_works_with_children(staff) -> None:
    worries = {**payloads.WORRIES, "allegation_against_professional": "yes"}
    worries |= payloads.date_parts("allegation_known_on", support_day := payloads.years_ago(0))
    support_request = make_request(staff.rita, worries={k: [v] for k, v in worries.items()})
    assert support_request.allegation_against_professional and support_day
    page = client_for(staff.harry).get(f"/family-copy/{support_request.reference}/sent/").content.decode()
    assert "The LADO decides what the family is told" in page and 'id="family-copy"' not in page


def test_a_child_who_refused_consent_to_sharing_keeps_their_words_out_of_the_copy(staff) -> None:
    consent = payloads.consent_given(child_consent="refused")
    support_request = make_request(staff.rita, consent=consent)
    html = client_for(staff.rita).get(f"/family-copy/{support_request.reference}/sent/").content.decode()
    assert "I am hungry in the mornings" not in html and "What your child said" not in html
    given = make_request(staff.rita)
    html = client_for(staff.rita).get(f"/family-copy/{given.reference}/sent/").content.decode()
    assert "I am hungry in the mornings" in html.replace("&#x27;", "'")


def test_the_outcome_leaves_out_the_advice_meant_for_the_referrer_alone(staff) -> None:
    closed = request_closed(staff, make_request(staff.rita))
    assert BELOW_THRESHOLD_ADVICE in closed.feedback_text and WORRIES_CHANGE in closed.feedback_text
    html = client_for(staff.rita).get(f"/family-copy/{closed.reference}/outcome/").content.decode()
    outcome = html.replace("&#x27;", "'").split('id="family-outcome"', 1)[1].split("</div>", 1)[0]
    assert OUTCOME[Outcome.NFA] in outcome
    assert "consider early help through your own organisation" not in outcome and "send a new request" not in outcome


def test_there_is_no_copy_while_a_strategy_discussion_or_enquiry_decides_what_the_family_is_told(staff) -> None:
    support_request = request_in_strategy_discussion(staff)
    client = client_for(staff.rita)
    page = client.get(f"/family-copy/{support_request.reference}/sent/").content.decode()
    assert "You cannot make a family copy of this request yet" in page and 'id="family-copy"' not in page
    refused = client.post(f"/family-copy/{support_request.reference}/sent/confirm/", {"confirmed": "on"})
    assert refused.status_code == 400 and not support_request.sharing.exists()
    enquiring = request_in_s47_enquiry(staff)
    assert 'id="family-copy"' not in client.get(f"/family-copy/{enquiring.reference}/sent/").content.decode()
