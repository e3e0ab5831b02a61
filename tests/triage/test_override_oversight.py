"""A manager's oversight of sharing without consent is a recorded decision, with a clock of its own."""

import pytest
from django.core.exceptions import PermissionDenied

from deadlines.models import Deadline
from tests.helpers import client_for, fresh
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage import services


@pytest.fixture
def override(staff):
    return make_request(staff.rita, consent=payloads.consent_override())


def test_sharing_without_consent_starts_a_clock_for_the_managers_review(override) -> None:
    clock = override.deadlines.get(kind=Deadline.Kind.OVERRIDE_OVERSIGHT)
    assert (clock.state, clock.unit) == (Deadline.State.OPEN, "1 working day")


def test_a_manager_disagrees_only_with_a_reason_and_the_decision_stops_the_clock(staff, override) -> None:
    url = f"/triage/requests/{override.reference}/oversee/"
    refused = client_for(staff.tom).post(url, {"oversee-agrees": "no"})
    assert refused.status_code == 400 and "Give the reason you disagree" in refused.content.decode()
    client_for(staff.tom).post(url, {"oversee-agrees": "no", "oversee-reason": "Consent could have been sought"})
    consent = fresh(override).consent
    assert (consent.oversight_agreed, consent.oversight_reason, consent.oversight_by) == (
        False,
        "Consent could have been sought",
        staff.tom,
    )
    assert override.deadlines.get(kind=Deadline.Kind.OVERRIDE_OVERSIGHT).state == Deadline.State.MET


def test_only_a_manager_records_the_oversight_decision(staff, override) -> None:
    with pytest.raises(PermissionDenied):
        services.consent_override_review(request=override, by=staff.harry, agrees=True)
