import pytest

from tests.helpers import client_for
from tests.request_factories import make_request

pytestmark = pytest.mark.django_db


def test_a_child_page_tells_browsers_and_proxies_not_to_keep_a_copy(staff) -> None:
    support_request = make_request(staff.rita)
    response = client_for(staff.harry).get(f"/triage/requests/{support_request.reference}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_api_answers_are_not_kept_either(staff) -> None:
    support_request = make_request(staff.rita)
    response = client_for(staff.harry).get(f"/api/v1/requests/{support_request.reference}/")
    assert "no-store" in response["Cache-Control"]


def test_pages_refuse_the_camera_microphone_and_location(staff) -> None:
    policy = client_for(staff.rita).get("/")["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy
