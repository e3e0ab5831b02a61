import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path

from hub import urls as hub_urls
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


# The whole policy (docs/decisions/0010): nothing from another origin, nothing inline, no framing.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@login_not_required
def crash(request):
    raise RuntimeError("a fault in a view")


# Every route, plus one that fails, so the 500 page is answered through the middleware too.
urlpatterns = [*hub_urls.urlpatterns, path("crash/", crash)]


@pytest.mark.urls(__name__)
def test_every_page_and_answer_carries_the_policy_with_no_inline_script_or_style(staff) -> None:
    support_request = make_request(staff.rita)
    answers = {
        "sign in": Client().get("/sign-in/"),
        "home": client_for(staff.rita).get("/"),
        "request page": client_for(staff.harry).get(f"/triage/requests/{support_request.reference}/"),
        "not found": client_for(staff.rita).get("/no-such-page/"),
        "refused": client_for(staff.rita).get("/triage/"),
        "crash": Client(raise_request_exception=False).get("/crash/"),
        "admin": client_for(staff.ada).get("/admin/"),
        "API": client_for(staff.harry).get(f"/api/v1/requests/{support_request.reference}/"),
    }
    assert {name: r.status_code for name, r in answers.items()} == {
        **dict.fromkeys(answers, 200),
        "not found": 404,
        "refused": 403,
        "crash": 500,
    }
    for name, response in answers.items():
        header = response["Content-Security-Policy"]
        assert directives(header) == POLICY, name
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, name
