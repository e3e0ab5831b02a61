"""A phoned urgent referral, its 24-hour clock, and the written follow-up (rule 8)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from deadlines.models import Deadline
from hub.models import Area
from hub.roles import Role
from requests_app.models import PhoneReferral, RequestDraft, RequestForSupport
from requests_app.services import request_create_via_api
from tests.factories import persona

from . import payloads
from .conftest import fill_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def harry_client(db) -> Client:
    client = Client()
    client.force_login(persona(Role.HUB_WORKER, area=Area.objects.get(slug="lancashire")))
    return client


def test_a_hub_worker_records_a_call_and_the_caller_gets_a_reference_and_a_24_hour_clock(harry_client) -> None:
    called = timezone.now()
    with time_machine.travel(called, tick=False):
        response = harry_client.post("/phone-referrals/new/", payloads.PHONE_CALL)
    phone = PhoneReferral.objects.get()
    assert response["Location"] == f"/phone-referrals/{phone.reference}/"
    assert phone.reference.startswith("PHN-")
    clock = Deadline.objects.get(phone_referral=phone)
    assert clock.kind == "written_follow_up" and clock.unit == "24 hours"
    assert clock.due_at - called == dt.timedelta(hours=24)  # clock hours, through the night (rule 21)
    page = harry_client.get(response["Location"]).content.decode()
    assert phone.reference in page and "Waiting" in page


def test_a_contact_from_a_call_needs_immediate_risk(harry_client) -> None:
    html = harry_client.post("/phone-referrals/new/", {**payloads.PHONE_CALL, "immediate_risk": "no"}).content.decode()
    assert "only when the child is at immediate risk" in html


def test_a_referrer_cannot_record_calls(rita_client) -> None:
    assert rita_client.get("/phone-referrals/new/").status_code == 403


def test_a_written_request_quoting_the_reference_is_linked_and_meets_the_clock(harry_client, rita_client) -> None:
    harry_client.post("/phone-referrals/new/", payloads.PHONE_CALL)
    phone = PhoneReferral.objects.get()
    draft_id = fill_draft(rita_client)
    draft = RequestDraft.objects.get(pk=draft_id)
    draft.data["about_you"]["phone_reference"] = [phone.reference]
    draft.save()
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    support_request = RequestForSupport.objects.get()
    phone.refresh_from_db()
    clock = Deadline.objects.get(kind="written_follow_up")
    assert support_request.phone_referral == phone and phone.linked_at is not None
    assert clock.state == "met" and clock.breach_reason == "" and clock.request == support_request


def test_a_follow_up_after_24_hours_is_met_late_with_the_reason_recorded(harry_client, rita) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        harry_client.post("/phone-referrals/new/", payloads.PHONE_CALL)
    phone = PhoneReferral.objects.get()
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        data = payloads.sections()
        data["about_you"]["phone_reference"] = [phone.reference]
        request_create_via_api(data=data, by=rita, idempotency_key=None)
    clock = Deadline.objects.get(kind="written_follow_up")
    assert clock.state == "met" and clock.met_at > clock.due_at
    assert clock.breach_reason == "Written follow-up arrived after 24 hours"


def test_a_worker_can_match_a_written_request_that_did_not_quote_the_reference(harry_client, rita) -> None:
    harry_client.post("/phone-referrals/new/", payloads.PHONE_CALL)
    phone = PhoneReferral.objects.get()
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    harry_client.post(
        f"/phone-referrals/{phone.reference}/match/", {"request_reference": support_request.reference.lower()}
    )
    assert RequestForSupport.objects.get().phone_referral == phone
    assert Deadline.objects.get(kind="written_follow_up").state == "met"


def test_a_wrong_phone_reference_in_the_form_is_refused_with_an_example(rita_client) -> None:
    rita_client.post("/requests/new/")
    draft = RequestDraft.objects.get()
    html = rita_client.post(
        f"/requests/drafts/{draft.pk}/about_you/",
        {**payloads.ABOUT_YOU, "phone_reference": "PHN-NOPE-NOPE", "continue": ""},
    ).content.decode()
    assert "Enter the reference exactly as you were given it" in html
