"""One access policy: a record someone may not see answers exactly like one
that does not exist, on pages and in the API, and staff who cover a second
area are let into it by the same policy."""

import re

import pytest
from rest_framework.test import APIClient

from hub.models import AreaMembership, AuditEvent
from hub.roles import Role
from tests.factories import UserFactory
from tests.helpers import client_for
from tests.request_factories import make_request

pytestmark = pytest.mark.django_db

MISSING = "LAN-2099-999999"


def _same(response, reference: str) -> bytes:
    """The body with the reference asked for and the per-response CSRF token taken out."""
    body = response.content.replace(reference.encode(), b"REF")
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)


def test_another_areas_request_page_is_indistinguishable_from_a_missing_one(staff, submitted, luton) -> None:
    outsider = client_for(UserFactory(username="lw", area=luton, role=Role.HUB_WORKER))
    forbidden = outsider.get(f"/triage/requests/{submitted.reference}/")
    missing = outsider.get(f"/triage/requests/{MISSING}/")
    assert forbidden.status_code == missing.status_code == 404
    assert _same(forbidden, submitted.reference) == _same(missing, MISSING)


def test_another_referrers_request_is_indistinguishable_from_a_missing_one(staff, submitted) -> None:
    rob = client_for(UserFactory(username="rob", role=Role.REFERRER))
    forbidden = rob.get(f"/requests/{submitted.reference}/")
    missing = rob.get(f"/requests/{MISSING}/")
    assert forbidden.status_code == missing.status_code == 404
    assert _same(forbidden, submitted.reference) == _same(missing, MISSING)


def test_the_api_answers_the_same_body_for_forbidden_and_missing_without_naming_a_model(staff, submitted) -> None:
    client = APIClient()
    client.force_authenticate(UserFactory(username="rob", role=Role.REFERRER))
    forbidden = client.get(f"/api/v1/requests/{submitted.reference}/")
    missing = client.get(f"/api/v1/requests/{MISSING}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Not found."}
    assert b"RequestForSupport" not in forbidden.content


def test_a_worker_who_also_covers_another_area_reads_and_queues_its_requests(staff, luton) -> None:
    luton_request = make_request(staff.rita, area="luton")
    harry = client_for(staff.harry)
    assert harry.get(f"/triage/requests/{luton_request.reference}/").status_code == 404

    AreaMembership.objects.create(user=staff.harry, area=luton)

    assert harry.get(f"/triage/requests/{luton_request.reference}/").status_code == 200
    assert luton_request.reference in harry.get("/triage/").content.decode()


def test_a_refused_read_writes_no_view_audit_row(staff, submitted, luton) -> None:
    outsider = client_for(UserFactory(username="lw", area=luton, role=Role.HUB_WORKER))
    outsider.get(f"/triage/requests/{submitted.reference}/")
    assert not AuditEvent.objects.filter(reference=submitted.reference, action=AuditEvent.Action.VIEW).exists()
