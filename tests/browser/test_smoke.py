"""Each demo role signs in and sees its own home page."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import settle, sign_in, sign_out

HOMES = {
    "referrer": "Ask your local children's services for support",
    "hubworker": "Triage requests for support",
    "seniorsw": "Approve or return your team's decisions",
    "practicemanager": "Approve or return your team's decisions",
    "teammanager": "Approve or return your team's decisions",
    "partner": "Answer the MASH's requests for information",
    "admin": "Look after the service's reference data",
}


@pytest.fixture
def demo_users(settings, transactional_db) -> None:
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def test_each_demo_role_signs_in_and_sees_its_home_page(page, live_server, demo_users) -> None:
    for username, intro in HOMES.items():
        sign_in(page, live_server.url, username, "support-hub-demo")
        assert page.get_by_text(intro).is_visible(), username
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome,")
        sign_out(page)
        assert page.get_by_role("heading", name="Sign in").is_visible()


def test_a_wrong_password_shows_the_error_summary_with_a_link_to_the_field(page, live_server, demo_users) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    settle(page)
    page.get_by_label("Username").fill("referrer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    settle(page)
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter a correct username and password" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert page.get_by_label("Username").input_value() == "referrer"
