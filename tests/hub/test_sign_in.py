import pytest
from django.test import Client

from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db


def test_it_sends_a_signed_out_visitor_to_sign_in() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_signs_in_with_the_right_password() -> None:
    persona(Role.REFERRER)
    response = Client().post("/sign-in/", {"username": "rita", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_shows_an_error_summary_and_keeps_the_username_on_a_wrong_password() -> None:
    persona(Role.REFERRER)
    response = Client().post("/sign-in/", {"username": "rita", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert 'value="rita"' in html


def test_it_asks_for_each_missing_field_in_gov_uk_words() -> None:
    response = Client().post("/sign-in/", {"username": "", "password": ""})
    html = response.content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_sign_out_is_a_post_and_ends_the_session() -> None:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
