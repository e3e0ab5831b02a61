"""Defects found by attacking the partner API (issue 12): each answers in the documented error
shape, loses nothing and never returns a 500."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.factories import persona
from tests.helpers import api_client_for
from thresholds.loader import frameworks_load

from .api_payloads import payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(rita) -> APIClient:
    return api_client_for(rita, raise_request_exception=False)


def test_reusing_an_idempotency_key_with_a_different_body_is_refused_and_stores_nothing(api) -> None:
    first = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    other = payload()
    other["worries"]["worries"] = "A different child, a different worry."
    reused = api.post("/api/v1/requests/", other, format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    assert (first.status_code, reused.status_code) == (201, 422)
    assert reused.json()["errors"][0]["field"] == "Idempotency-Key"
    assert RequestForSupport.objects.count() == 1


def test_reusing_a_key_with_a_different_body_that_is_also_incomplete_is_refused_as_a_reused_key(api) -> None:
    first = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    other = payload()
    other["children"][0]["date_of_birth"] = "2099-01-01"  # a shape the API takes, an answer the form refuses
    reused = api.post("/api/v1/requests/", other, format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    assert (first.status_code, reused.status_code) == (201, 422)
    assert reused.json()["errors"] == [
        {"field": "Idempotency-Key", "message": "This Idempotency-Key was used for a different request"}
    ]
    fresh_key = api.post("/api/v1/requests/", other, format="json", HTTP_IDEMPOTENCY_KEY="key-2")
    assert fresh_key.status_code == 400 and fresh_key.json()["errors"][0]["field"] == "children[0].date_of_birth"
    assert RequestForSupport.objects.count() == 1


def test_a_retry_whose_first_request_was_deleted_as_it_arrived_is_made_anew_not_a_500(api, monkeypatch) -> None:
    from requests_app.services import submission

    first = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-1").json()
    looked_up = submission._sent_with_key

    def deleted_meanwhile(by, key, fingerprint):
        # The retention purge takes the first request between the key breaking the constraint and this read.
        RequestForSupport.objects.filter(reference=first["reference"]).delete()
        monkeypatch.setattr(submission, "_sent_with_key", looked_up)
        return looked_up(by, key, fingerprint)

    monkeypatch.setattr(submission, "_sent_with_key", deleted_meanwhile)
    again = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    assert again.status_code == 201, again.content
    assert again.json()["reference"] != first["reference"]
    assert list(RequestForSupport.objects.values_list("idempotency_key", flat=True)) == ["key-1"]


@pytest.mark.django_db(transaction=True)
def test_a_retry_is_answered_with_its_request_and_the_connection_goes_on_after_the_rolled_back_write(rita) -> None:
    # As in production: the write is the outermost transaction, which the used key rolls back whole.
    frameworks_load()
    api = api_client_for(rita, raise_request_exception=False)
    first = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    again = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-1")
    other = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key-2")
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again["Idempotent-Replayed"] == "true" and again.json()["reference"] == first.json()["reference"]
    assert RequestForSupport.objects.count() == 2


def test_two_long_keys_that_share_their_first_100_characters_are_two_requests(api) -> None:
    stem = "k" * 100
    one = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY=stem + "-one")
    two = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY=stem + "-two")
    assert (one.status_code, two.status_code) == (201, 201)
    assert RequestForSupport.objects.count() == 2
    too_long = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "Idempotency-Key"


def test_an_email_of_300_characters_is_kept_not_a_500(api) -> None:
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".example.org"
    body = payload()
    body["referrer"]["email"] = long_email
    response = api.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 201, response.content
    assert RequestForSupport.objects.get().referrer_email == long_email


def test_json_nested_5000_deep_is_a_400_in_the_documented_shape(api) -> None:
    nested = "[" * 5000 + "]" * 5000
    response = api.post("/api/v1/requests/", nested, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "body", "message": "The JSON nests too deeply"}]


def test_bidi_override_characters_are_stripped_from_names(api) -> None:
    body = payload()
    body["children"][0]["last_name"] = "Smi\u202eth"
    assert api.post("/api/v1/requests/", body, format="json").status_code == 201
    assert RequestForSupport.objects.get().children.get().last_name == "Smith"


def test_a_request_names_at_most_20_children_with_a_clear_error(api) -> None:
    body = payload()
    body["children"] = body["children"] * 21
    response = api.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 400
    assert {"field": "children", "message": "A request can name up to 20 children. For more, send another request"} in (
        response.json()["errors"]
    )


def test_someone_elses_request_answers_exactly_like_one_that_does_not_exist(api, rita) -> None:
    sent = api.post("/api/v1/requests/", payload(), format="json").json()["reference"]
    other = APIClient()
    other.force_authenticate(persona(Role.REFERRER, username="rex"))
    not_theirs = other.get(f"/api/v1/requests/{sent}/")
    missing = other.get("/api/v1/requests/RFS-0000-0000/")
    assert (
        (not_theirs.status_code, not_theirs.content)
        == (missing.status_code, missing.content)
        == (404, b'{"detail":"Not found."}')
    )


def test_a_retry_after_the_child_has_turned_18_still_gets_the_request_that_was_stored(api) -> None:
    """A partner that timed out retries with the same key and body. By then the body may no longer
    pass (a child turned 18 overnight): the reply is still the stored request, never a field error,
    so the partner learns the reference it is owed. Found by review: the key must be looked up
    before the body is validated again."""
    today = timezone.localdate()
    almost_18 = today.replace(year=today.year - 18) + dt.timedelta(days=1)
    body = payload(children__0__date_of_birth=almost_18.isoformat())
    first = api.post("/api/v1/requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == 201
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        again = api.post("/api/v1/requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert again.status_code == 200, again.json()
    assert again.json()["reference"] == first.json()["reference"]
    assert RequestForSupport.objects.count() == 1


def test_a_nul_in_the_token_or_the_idempotency_key_is_refused_not_a_500(rita) -> None:
    """Found by review: PostgreSQL cannot compare text holding a NUL, so either reached it as a 500."""
    caller = APIClient(raise_request_exception=False)
    caller.credentials(HTTP_AUTHORIZATION="Token abc\x00def")
    assert caller.post("/api/v1/requests/", payload(), format="json").status_code == 401
    keyed = api_client_for(rita, raise_request_exception=False)
    response = keyed.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="key\x00one")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not RequestForSupport.objects.exists()
