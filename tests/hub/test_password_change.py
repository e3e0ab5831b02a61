"""Changing a password keeps this session and signs the person out everywhere else."""

import pytest
from django.test import Client
from knox.models import AuthToken

from hub.roles import Role
from hub.sign_in.services import api_token_issue
from tests.factories import persona

pytestmark = pytest.mark.django_db
OLD = "correct horse battery staple"
NEW = "Plum tree orchard 1987 winter"


def signed_in(username: str, password: str = OLD) -> Client:
    client = Client()
    assert client.post("/sign-in/", {"username": username, "password": password}).status_code == 302
    return client


def change(client: Client, old: str = OLD, new: str = NEW, again: str = NEW):
    return client.post("/account/password/", {"old_password": old, "new_password1": new, "new_password2": again})


def test_changing_the_password_signs_out_every_other_session_but_this_one() -> None:
    persona(Role.HUB_WORKER)
    here, elsewhere = signed_in("harry"), signed_in("harry")
    assert elsewhere.get("/").status_code == 200
    response = change(here)
    assert response.status_code == 302 and response["Location"] == "/"
    assert here.get("/").status_code == 200
    assert elsewhere.get("/")["Location"].startswith("/sign-in/")
    signed_in("harry", NEW)


def test_changing_the_password_revokes_the_api_tokens() -> None:
    harry = persona(Role.HUB_WORKER)
    api_token_issue(user=harry)
    change(signed_in("harry"))
    assert not AuthToken.objects.filter(user=harry).exists()


def test_a_wrong_current_password_changes_nothing() -> None:
    harry = persona(Role.HUB_WORKER)
    api_token_issue(user=harry)
    response = change(signed_in("harry"), old="wrong")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Change your password" in html
    assert "Your current password is not right" in html
    assert AuthToken.objects.filter(user=harry).exists()


def test_a_short_new_password_is_refused_by_the_validators() -> None:
    persona(Role.HUB_WORKER)
    response = change(signed_in("harry"), new="Short1!x", again="Short1!x")
    assert "at least 12 characters" in response.content.decode()


def test_the_home_page_links_to_it() -> None:
    persona(Role.REFERRER)
    assert 'href="/account/password/"' in signed_in("rita").get("/").content.decode()
