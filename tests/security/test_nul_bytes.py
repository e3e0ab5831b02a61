"""A NUL byte (%00) cannot be stored or looked up in PostgreSQL; it must never reach a query as
a 500. In an address it names nothing (404); in an answer it is dropped, as the form does."""

import pytest
from django.test import Client

from hub.roles import Role
from requests_app.models import PhoneReferral, Question
from tests.factories import persona
from tests.helpers import client_for
from tests.request_factories import make_request
from tests.requests_app import payloads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.REFERRER, "/requests/%00/"),
        (Role.REFERRER, "/requests/RFS-%00/sent/"),
        (Role.HUB_WORKER, "/triage/requests/%00/"),
        (Role.HUB_WORKER, "/phone-referrals/%00/"),
        (Role.REFERRER, "/api/v1/requests/%00/"),
    ],
)
def test_a_nul_byte_in_a_reference_is_not_found_not_a_server_error(role: Role, url: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(persona(role))
    assert client.get(url).status_code == 404


def test_an_answer_to_the_hub_keeps_what_was_typed_without_its_nul_bytes() -> None:
    rita, harry = persona(Role.REFERRER), persona(Role.HUB_WORKER)
    sent = make_request(rita)
    question = Question.objects.create(request=sent, asked_by=harry, text="Who else knows?")
    response = client_for(rita).post(
        f"/requests/{sent.reference}/questions/{question.pk}/answer/", {"answer": "Her aunt\x00 knows"}
    )
    question.refresh_from_db()
    assert (response.status_code, question.answer) == (302, "Her aunt knows")


def test_a_nul_byte_in_a_queue_filter_is_dropped_not_a_server_error() -> None:
    client = Client(raise_request_exception=False)
    client.force_login(persona(Role.HUB_WORKER))
    assert client.get("/triage/", {"tab": "new\x00", "worker": "\x00"}).status_code == 200


def test_a_nul_byte_in_a_queue_search_or_a_bulk_claim_is_dropped_not_a_server_error() -> None:
    client = Client(raise_request_exception=False)
    client.force_login(persona(Role.HUB_WORKER))
    assert client.post("/triage/", {"q": "Ava\x00"}).status_code == 302
    assert client.get("/triage/").status_code == 200
    assert client.post("/triage/bulk/", {"requests": ["RFS-\x00"], "bulk": "claim"}).status_code == 302


def test_a_nul_byte_in_the_reference_a_call_is_matched_to_is_refused_not_a_server_error() -> None:
    harry = persona(Role.HUB_WORKER)
    client = Client(raise_request_exception=False)
    client.force_login(harry)
    client.post("/phone-referrals/new/", payloads.PHONE_CALL)
    call = PhoneReferral.objects.get()
    response = client.post(f"/phone-referrals/{call.reference}/match/", {"request_reference": "RFS-\x00"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.linked_at is None


def test_a_nul_byte_in_a_levels_of_need_search_is_dropped_not_a_server_error() -> None:
    client = Client(raise_request_exception=False)
    client.force_login(persona(Role.REFERRER))
    assert client.get("/levels-of-need/lancashire/", {"q": "neglect\x00"}).status_code == 200
