"""Defects a review of the reshape found, each pinned so it cannot come back."""

from hub.selectors import area_managers, area_people_with
from tests.helpers import client_for
from tests.request_factories import request_awaiting_approval


def test_an_administrator_is_never_one_of_the_areas_managers_or_approvers(staff, lancashire) -> None:
    assert set(area_managers(lancashire)) == {staff.priya, staff.tom}
    assert staff.ada not in area_people_with(lancashire, "hub.manage_escalations")
    assert set(area_people_with(lancashire, "hub.approve_decision")) == {staff.sian, staff.priya, staff.tom}


def test_a_proposal_posted_from_a_stale_page_offers_no_propose_button(staff) -> None:
    support_request = request_awaiting_approval(staff)  # a decision is already waiting
    response = client_for(staff.harry).post(
        f"/triage/requests/{support_request.reference}/propose/",
        {"propose-outcome": "nfa", "propose-reasons": "r", "propose-level": "2", "propose-statutory_basis": "none"},
    )
    assert response.status_code == 409
    assert f"/triage/requests/{support_request.reference}/propose/" not in response.content.decode()
