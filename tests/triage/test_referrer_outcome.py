"""What the referrer is told: an outcome written for them, separate from the hub's reasons,
and a status in plain words that agrees with it."""

import pytest

from notifications.models import Notification
from tests.helpers import client_for, fresh
from tests.request_factories import request_awaiting_approval, request_in_contact
from triage import services

pytestmark = pytest.mark.django_db


def family_help_decided(staff, *, for_referrer: str = ""):
    support_request = request_in_contact(staff)
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="family_help_service",
        reasons="Mum minimised the bruising; dad's history with the police worries me.",
        for_referrer=for_referrer,
        level=3,
        statutory_basis="none",
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed")
    return fresh(support_request)


def test_the_referrer_reads_what_happens_next_and_who_to_call_but_never_the_internal_reasons(staff) -> None:
    support_request = family_help_decided(staff, for_referrer="The school's log of Ava's bruises was a great help.")
    page = client_for(staff.rita).get(f"/requests/{support_request.reference}/").content.decode()
    outcome = page.split('id="outcome"')[1].split("</div>")[0]
    assert "The family will be offered an early help or Family Help service." in outcome
    assert "What happens next: A Family Help worker will contact the family." in outcome
    assert "The school&#x27;s log of Ava&#x27;s bruises was a great help." in outcome
    assert f"call the {support_request.area.name} hub on {support_request.area.mash_phone}" in outcome
    assert "Mum minimised" not in page and "police worries me" not in page


def test_the_referrers_status_names_the_decision_the_outcome_describes(staff) -> None:
    support_request = family_help_decided(staff)
    referrer = client_for(staff.rita)
    mine = referrer.get("/requests/").content.decode()
    row = mine.split(f">{support_request.reference}</a>")[1].split("</tr>")[0]
    assert "Decided: Family Help offered" in row and "Closed" not in row
    detail = referrer.get(f"/requests/{support_request.reference}/").content.decode()
    assert "Decided: Family Help offered" in detail


def test_while_a_decision_awaits_approval_the_referrer_sees_it_being_considered(staff) -> None:
    support_request = request_awaiting_approval(staff)
    detail = client_for(staff.rita).get(f"/requests/{support_request.reference}/").content.decode()
    assert "Being considered by the hub" in detail and "awaiting approval" not in detail.lower()


def test_the_outcome_message_asks_a_signed_in_referrer_to_open_the_request_not_to_sign_in(staff) -> None:
    family_help_decided(staff)
    message = Notification.objects.get(kind=Notification.Kind.OUTCOME)
    assert "Sign in" not in message.body and "Open the request" in message.body
    assert "Mum minimised" not in message.body
