import pytest
from django.test import Client

from hub.roles import Role
from tests.factories import UserFactory, persona
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

INTROS = {
    Role.REFERRER: "Ask your local children's services for support",
    Role.HUB_WORKER: "Triage requests for support",
    Role.SENIOR_SOCIAL_WORKER: "Approve or return your team's decisions",
    Role.PRACTICE_MANAGER: "Approve or return your team's decisions",
    Role.TEAM_MANAGER: "Approve or return your team's decisions",
    Role.PARTNER_OFFICER: "Answer the MASH's requests for information",
    Role.ADMIN: "Look after the service's reference data",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_home_page(role: Role) -> None:
    client = Client()
    client.force_login(persona(role))
    html = client.get("/").content.decode().replace("&#x27;", "'")
    assert INTROS[role] in html
    assert role.label in html
    assert "Skip to main content" in html
    assert "govuk-phase-banner" in html


def test_only_an_administrator_is_offered_the_administration_link() -> None:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    assert "/admin/" not in client.get("/").content.decode()
    client.force_login(persona(Role.ADMIN))
    assert "/admin/" in client.get("/").content.decode()


def test_a_person_without_a_role_is_told_to_ask_for_one() -> None:
    client = Client()
    client.force_login(UserFactory())
    assert "Your account has no role yet" in client.get("/").content.decode()


def test_the_referrer_home_tells_them_to_call_999_and_their_mash() -> None:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    html = client.get("/").content.decode()
    assert "call 999 now" in html
    assert "0300 123 6720" in html


def test_a_referrers_home_starts_a_new_request_in_one_click() -> None:
    client = client_for(persona(Role.REFERRER))
    page = client.get("/").content.decode()
    assert "Start a new request" in page and 'action="/requests/new/"' in page
    started = client.post("/requests/new/")
    assert started.status_code == 302 and "/requests/drafts/" in started["Location"]
