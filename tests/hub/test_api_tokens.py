"""API tokens are stored as a digest, expire and can be revoked (django-rest-knox)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from hub.roles import Role
from hub.sign_in.services import api_token_issue
from tests.factories import persona

pytestmark = pytest.mark.django_db


def calling_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_database_holds_a_digest_not_the_token() -> None:
    token = api_token_issue(user=persona(Role.PARTNER_OFFICER))
    stored = AuthToken.objects.get()
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128 and stored.token_key == token[:15]


def test_a_valid_token_works() -> None:
    token = api_token_issue(user=persona(Role.PARTNER_OFFICER))
    assert calling_with(token).get("/api/v1/frameworks/").status_code == 200


def test_a_token_expires_after_ninety_days_by_default() -> None:
    token = api_token_issue(user=persona(Role.PARTNER_OFFICER))
    assert AuthToken.objects.get().expiry.date() == (timezone.now() + dt.timedelta(days=90)).date()
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        response = calling_with(token).get("/api/v1/frameworks/")
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token."}


def test_a_revoked_token_is_refused() -> None:
    token = api_token_issue(user=persona(Role.PARTNER_OFFICER))
    call_command("revoke_api_tokens", "paula", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert calling_with(token).get("/api/v1/frameworks/").status_code == 401
    assert not AuthToken.objects.exists()


def test_issue_api_token_prints_a_token_that_lasts_the_days_asked_for(capsys) -> None:
    persona(Role.PARTNER_OFFICER)
    call_command("issue_api_token", "paula", "--days", "7")
    token = capsys.readouterr().out.strip()
    assert calling_with(token).get("/api/v1/frameworks/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert calling_with(token).get("/api/v1/frameworks/").status_code == 401


def test_issue_api_token_refuses_an_unknown_or_switched_off_user() -> None:
    persona(Role.PARTNER_OFFICER, is_active=False)
    with pytest.raises(CommandError, match="No active user"):
        call_command("issue_api_token", "paula")
    with pytest.raises(CommandError, match="No active user"):
        call_command("issue_api_token", "nobody")


def test_a_switched_off_user_s_token_is_refused() -> None:
    paula = persona(Role.PARTNER_OFFICER)
    token = api_token_issue(user=paula)
    paula.is_active = False
    paula.save()
    assert calling_with(token).get("/api/v1/frameworks/").status_code == 401


def test_a_call_reads_its_token_once_with_its_person() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paula = persona(Role.PARTNER_OFFICER)
    token = api_token_issue(user=paula)
    api_token_issue(user=paula, days=1)  # another of hers: knox's own check read them all on every call
    with CaptureQueriesContext(connection) as queries:
        assert calling_with(token).get("/api/v1/frameworks/").status_code == 200
    assert sum('FROM "knox_authtoken"' in q["sql"] for q in queries) == 1


def test_an_expired_token_is_refused_and_deleted_when_it_is_used() -> None:
    token = api_token_issue(user=persona(Role.PARTNER_OFFICER), days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert calling_with(token).get("/api/v1/frameworks/").status_code == 401
    assert not AuthToken.objects.exists()


def test_the_daily_sweep_deletes_expired_tokens_and_keeps_the_rest() -> None:
    from hub.sign_in.services import api_tokens_delete_expired

    paula = persona(Role.PARTNER_OFFICER)
    api_token_issue(user=paula, days=1)
    kept = api_token_issue(user=paula, days=30)
    assert api_tokens_delete_expired(now=timezone.now() + dt.timedelta(days=2)) == 1
    assert AuthToken.objects.get().token_key == kept[:15]


def test_a_token_that_is_not_text_is_refused_not_a_server_error() -> None:
    api_token_issue(user=persona(Role.PARTNER_OFFICER))
    response = calling_with("\xff" * 64).get("/api/v1/frameworks/")
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token."}
