"""Guessing passwords: django-axes locks a username, and an address, after five failures."""

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"


def sign_in(client: Client, username: str, password: str):
    return client.post("/sign-in/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one() -> None:
    persona(Role.REFERRER)
    client = Client()
    for _ in range(4):
        assert sign_in(client, "rita", "wrong").status_code == 200
    fifth = sign_in(client, "rita", "wrong")
    assert fifth.status_code == 429
    refused = sign_in(client, "rita", RIGHT)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    html = refused.content.decode()
    assert "You cannot sign in for 15 minutes" in html
    assert "Try again in 15 minutes" in html
    assert "Traceback" not in html and "<title>Sign in" in html


def test_the_lock_follows_the_username_to_another_address() -> None:
    persona(Role.REFERRER)
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), "rita", "wrong")
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "rita", RIGHT).status_code == 429


def test_the_lock_holds_an_address_that_tries_many_usernames() -> None:
    persona(Role.HUB_WORKER)
    guesser = Client(REMOTE_ADDR="10.0.0.9")
    for name in ["anna", "bob", "carl", "dee", "eve"]:
        sign_in(guesser, name, "password1234")
    assert sign_in(guesser, "harry", RIGHT).status_code == 429


def test_someone_else_at_another_address_is_not_affected() -> None:
    persona(Role.REFERRER)
    persona(Role.HUB_WORKER)
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), "rita", "wrong")
    response = sign_in(Client(REMOTE_ADDR="10.0.0.2"), "harry", RIGHT)
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_lock_lifts_after_fifteen_quiet_minutes() -> None:
    persona(Role.REFERRER)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            sign_in(Client(), "rita", "wrong")
        assert sign_in(Client(), "rita", RIGHT).status_code == 429
        traveller.shift(16 * 60)
        assert sign_in(Client(), "rita", RIGHT).status_code == 302


def test_the_admin_sign_in_counts_towards_the_same_lock() -> None:
    persona(Role.ADMIN)
    for _ in range(5):
        Client().post("/admin/login/", {"username": "ada", "password": "wrong"})
    assert sign_in(Client(), "ada", RIGHT).status_code == 429
