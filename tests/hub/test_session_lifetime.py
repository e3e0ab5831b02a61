"""However busy a session is, it ends SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS (10 hours) after sign-in."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db


def stay_busy(client: Client, traveller, *, minutes: int) -> None:
    """A request every 20 minutes, so the 30-minute idle timeout never fires."""
    for _ in range(minutes // 20):
        traveller.shift(dt.timedelta(minutes=20))
        assert client.get("/").status_code == 200


def test_a_session_kept_busy_all_day_ends_ten_hours_after_sign_in() -> None:
    persona(Role.HUB_WORKER)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        client.post("/sign-in/", {"username": "harry", "password": "correct horse battery staple"})
        stay_busy(client, traveller, minutes=29 * 20)
        traveller.shift(dt.timedelta(minutes=20, seconds=1))
        response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=%2Fnotifications%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You have been signed out because you signed in over 10 hours ago." in page


def test_signing_in_again_starts_the_ten_hours_again() -> None:
    persona(Role.HUB_WORKER)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        client.post("/sign-in/", {"username": "harry", "password": "correct horse battery staple"})
        stay_busy(client, traveller, minutes=10 * 60)
        traveller.shift(dt.timedelta(minutes=1))
        assert client.get("/").status_code == 302
        client.post("/sign-in/", {"username": "harry", "password": "correct horse battery staple"})
        stay_busy(client, traveller, minutes=9 * 60)


def test_the_limit_is_a_setting(settings) -> None:
    settings.SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS = 60 * 60
    persona(Role.HUB_WORKER)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        client.post("/sign-in/", {"username": "harry", "password": "correct horse battery staple"})
        stay_busy(client, traveller, minutes=60)
        traveller.shift(dt.timedelta(minutes=1))
        assert client.get("/").status_code == 302
