"""When the family withdraws consent, every partner still asked is told, and sharing needs a
high-risk reason (rules 31, 36)."""

import pytest
from django.utils import timezone

from hub.models import Agency
from notifications.models import Notification
from tests.helpers import client_for, fresh
from tests.request_factories import request_in_contact
from triage import services


@pytest.fixture
def asked(staff):
    support_request = request_in_contact(staff)
    police = Agency.objects.get(name="Lancashire Constabulary")
    check = services.check_request(
        request=support_request, agency=police, question="Any call-outs?", rag="amber", by=staff.harry
    )
    services.request_consent_withdraw(
        request=fresh(support_request), by=staff.harry, withdrawn_by="Mother", withdrawn_on=timezone.localdate()
    )
    return check


def test_every_partner_still_asked_is_told_consent_was_withdrawn(staff, asked) -> None:
    told = Notification.objects.filter(recipient=staff.paula, subject__startswith="Consent withdrawn")
    assert told.count() == 1 and told.get().link == f"/triage/checks/{asked.pk}/"


def test_a_partner_cannot_share_after_withdrawal_without_a_high_risk_reason(staff, asked) -> None:
    page = client_for(staff.paula).get(f"/triage/checks/{asked.pk}/").content.decode()
    assert 'id="consent-withdrawn"' in page
    with pytest.raises(services.TransitionRefused, match="high-risk reason"):
        services.check_answer(
            check=asked,
            by=staff.paula,
            share=True,
            response="Two call-outs",
            reasons="Relevant",
            lawful_basis="public_task",
        )
    decision = services.check_answer(
        check=asked,
        by=staff.paula,
        share=True,
        response="Two call-outs",
        reasons="Relevant",
        lawful_basis="public_task",
        high_risk_reason="Domestic abuse call-outs this month",
    )
    assert decision.rationale == "Domestic abuse call-outs this month"
