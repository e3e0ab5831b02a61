"""Behaviour a MASH worker and a teacher pointed out in review (each was once wrong)."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from children import matching
from consent.services import consent_withdraw
from deadlines.models import Deadline
from hub.models import Agency
from notifications.models import Notification
from phone.services import phone_referral_record
from requests_app.models import RequestDraft
from requests_app.sections import sections_validate
from tests.helpers import client_for, fresh
from tests.request_factories import make_request, request_in_contact, request_in_triage_step
from tests.requests_app import payloads
from tests.requests_app.conftest import fill_draft
from triage import services
from triage.services import TransitionRefused, checks, requests_purge_not_retained
from workflow.states import State


def test_the_referrers_significant_harm_answer_is_kept_even_with_consent(staff) -> None:
    support_request = make_request(
        staff.rita, consent=payloads.consent_given(significant_harm="yes", rationale="Burns")
    )
    assert (
        support_request.consent.harm_asserted and not support_request.consent.significant_harm
    )  # a warning, not an override
    page = client_for(staff.harry).get(f"/triage/requests/{support_request.reference}/").content.decode()
    assert "The referrer says the child is suffering, or at risk of, significant harm" in page


def test_uploading_a_file_keeps_what_was_typed_in_the_worries(staff) -> None:
    client = client_for(staff.rita)
    client.post("/requests/new/")
    draft = RequestDraft.objects.get()
    typed = {
        **payloads.WORRIES,
        "worries": "Typed before uploading",
        "kind": "eha",
        "file": SimpleUploadedFile("eha.pdf", b"%PDF-1.7\n%x"),
    }
    assert client.post(f"/requests/drafts/{draft.pk}/files/", typed).status_code == 302
    draft.refresh_from_db()
    assert draft.data["worries"]["worries"] == ["Typed before uploading"]
    assert draft.attachments.count() == 1


def test_a_phone_reference_from_another_area_is_not_linked(staff, luton) -> None:
    call = phone_referral_record(
        by=staff.harry,
        area=luton,
        caller_name="C",
        caller_agency="A",
        caller_phone="1",
        caller_email="c@example.org",
        child_name="Someone else",
        worries="w",
        immediate_risk=False,
        decision="triage",
    )
    data = payloads.sections()
    data["about_you"]["phone_reference"] = [call.reference]
    support_request = make_request(staff.rita, about_you=data["about_you"])
    assert support_request.phone_referral is None
    assert Deadline.objects.get(phone_referral=call).state == "open"


def test_the_caller_must_give_an_email_for_the_follow_up_reminder(staff) -> None:
    response = client_for(staff.harry).post("/phone-referrals/new/", {**payloads.PHONE_CALL, "caller_email": ""})
    html = response.content.decode()
    assert "Enter the caller&#x27;s email address, so we can remind them" in html


def test_triage_waits_for_the_childs_record_when_the_referrer_says_the_case_is_open(staff) -> None:
    support_request = make_request(
        staff.rita, children=[payloads.child(open_to_csc="here", allocated_worker="Dan Brown")]
    )
    with pytest.raises(TransitionRefused, match="Link the child's existing record"):
        services.triage_begin(request=support_request, by=staff.harry)
    matching.person_create(child=support_request.children.get(), by=staff.harry)  # checked: not actually open here
    services.triage_begin(request=fresh(support_request), by=staff.harry)
    assert fresh(support_request).status == State.TRIAGE_STEP


def test_a_contact_cannot_be_withdrawn_and_withdrawing_keeps_the_lado_clock(staff) -> None:
    data = payloads.sections()
    data["worries"]["allegation_against_professional"] = ["yes"]
    data["worries"].update(
        {key: [value] for key, value in payloads.date_parts("allegation_known_on", timezone.localdate()).items()}
    )
    support_request = make_request(staff.rita, worries=data["worries"])
    services.request_withdraw(request=support_request, by=staff.rita, reason="Sent twice")
    assert Deadline.objects.get(request=support_request, kind="lado_notification").state == "open"
    contact = request_in_contact(staff)
    with pytest.raises(TransitionRefused, match="You cannot withdraw while the request is 'Contact'"):
        services.request_withdraw(request=contact, by=staff.harry, reason="r")


def test_a_partner_check_after_consent_is_withdrawn_needs_a_high_risk_reason(staff, submitted) -> None:
    consent_withdraw(
        consent=submitted.consent, withdrawn_by="Mother", withdrawn_on=dt.date(2026, 11, 1), reason="", by=staff.harry
    )
    police = staff.paula.agency
    with pytest.raises(TransitionRefused, match="record the high-risk reason"):
        checks.check_request(request=fresh(submitted), agency=police, question="q", rag="red", by=staff.harry)
    check = checks.check_request(
        request=fresh(submitted),
        agency=police,
        question="q",
        rag="red",
        by=staff.harry,
        high_risk_reason="New injuries reported by the nurse",
    )
    assert check.sharing.get().reasons == "New injuries reported by the nurse"


def test_an_agency_from_another_area_cannot_be_asked(staff, submitted, luton) -> None:
    bedfordshire = Agency.objects.create(name="Bedfordshire Police", kind="police", area=luton)
    with pytest.raises(TransitionRefused, match="not a partner agency in Lancashire"):
        checks.check_request(request=submitted, agency=bedfordshire, question="q", rag="amber", by=staff.harry)


def test_a_level_2_step_where_significant_harm_was_asserted_is_never_not_retained(staff) -> None:
    # Lancashire does not purge, and a referrer's assertion of significant harm keeps any request.
    support_request = request_in_triage_step(staff, consent=payloads.consent_override())
    with pytest.raises(services.TransitionRefused, match="is not retained"):
        services.triage_screen(
            request=support_request, by=staff.harry, action="not_retained", level=2, reasons="Below threshold"
        )
    services.triage_screen(
        request=fresh(support_request), by=staff.harry, action="close", level=2, outcome="advice", reasons="Advice"
    )
    assert fresh(support_request).status == State.CLOSED
    assert requests_purge_not_retained() == 0


def test_not_asking_for_consent_needs_a_reason(staff) -> None:
    consent = payloads.consent_override(how_sought_and_refused="")
    errors = sections_validate(payloads.sections(area="luton", consent=consent), staff.rita).errors
    assert errors["consent.how_sought_and_refused"] == ["Say why you have not asked the parents for consent"]


def test_immediate_risk_requests_come_first_in_the_queue(staff) -> None:
    ordinary = make_request(staff.rita)
    urgent = make_request(staff.rita, start={"immediate_risk": ["yes"]})
    html = client_for(staff.harry).get("/triage/?tab=new").content.decode()
    assert html.index(urgent.reference) < html.index(ordinary.reference)


def test_managers_are_told_of_an_override_and_can_filter_and_review_it(staff) -> None:
    support_request = make_request(staff.rita, consent=payloads.consent_override())
    assert Notification.objects.filter(recipient=staff.priya, subject__contains="review the override").exists()
    queue = client_for(staff.priya).get("/triage/?tab=new&oversight=yes").content.decode()
    assert support_request.reference in queue
    client_for(staff.priya).post(f"/triage/requests/{support_request.reference}/oversee/", {"oversee-agrees": "yes"})
    support_request = fresh(support_request)
    assert not support_request.consent.needs_manager_oversight and support_request.consent.oversight_by == staff.priya
    assert support_request.notes.filter(text__contains="agreed with the decision to share without consent").exists()


@time_machine.travel(dt.datetime(2028, 2, 29, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_form_works_on_29_february(staff) -> None:
    client = client_for(staff.rita)
    draft_id = fill_draft(client)
    assert client.get(f"/requests/drafts/{draft_id}/").status_code == 200
    assert timezone.localdate() == dt.date(2028, 2, 29)
