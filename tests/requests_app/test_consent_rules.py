"""The consent gate (docs/domain.md §4; rules 1–4, 30, 31, 36)."""

import datetime as dt

import pytest

from consent.models import ConsentRecord
from consent.services import consent_withdraw, sharing_allowed
from consent.wording import CURRENT_KEY
from requests_app.sections import sections_validate
from requests_app.services import request_create_via_api
from workflow.machine import has_consent_or_override

from . import payloads
from .conftest import fill_draft

pytestmark = pytest.mark.django_db


def errors_for(rita, **kwargs) -> dict:
    return sections_validate(payloads.sections(**kwargs), rita).errors


@pytest.mark.parametrize("question", ["parent_knows", "third_party_knows", "child_knows", "manager_knows"])
def test_a_request_without_all_four_answers_is_refused(rita, question: str) -> None:
    consent = payloads.consent_given()
    del consent[question]
    errors = errors_for(rita, consent=consent)
    assert f"consent.{question}" in errors
    assert errors[f"consent.{question}"][0].startswith("Select whether")


def test_lancashire_refuses_a_request_without_consent_or_significant_harm_with_a_clear_message(rita) -> None:
    consent = payloads.consent_override(significant_harm="no")
    errors = errors_for(rita, area="lancashire", consent=consent)
    message = errors["consent.significant_harm"][0]
    assert message.startswith("In Lancashire, a request without parental consent can only be made if the child")


def test_lancashire_needs_grounds_lawful_basis_and_rationale_for_an_override(rita) -> None:
    consent = payloads.consent_override(override_grounds=[], lawful_basis="", rationale="")
    errors = errors_for(rita, area="lancashire", consent=consent)
    assert errors["consent.override_grounds"] == ["Select why you are sharing without consent"]
    assert "consent.lawful_basis" in errors and "consent.rationale" in errors


def test_an_override_with_grounds_lawful_basis_and_rationale_is_accepted_and_flagged(rita) -> None:
    support_request, _ = request_create_via_api(
        data=payloads.sections(consent=payloads.consent_override()), by=rita, idempotency_key=None
    )
    consent = support_request.consent
    assert consent.is_override and consent.needs_manager_oversight
    assert consent.override_grounds == ["significant_harm"]
    assert consent.lawful_basis == "public_task"
    assert "Unexplained bruising" in consent.rationale  # stored on the referral itself (rule 3)
    assert consent.family_told == "no" and consent.family_not_told_reason


def test_luton_accepts_a_request_without_consent_as_a_triage_step(rita) -> None:
    consent = payloads.consent_override(significant_harm="no", override_grounds=[], lawful_basis="", rationale="")
    support_request, _ = request_create_via_api(
        data=payloads.sections(area="luton", consent=consent), by=rita, idempotency_key=None
    )
    assert support_request.consent.parental_consent == "not_sought"
    assert not support_request.consent.significant_harm and not support_request.consent.needs_manager_oversight
    assert not has_consent_or_override(support_request)  # so it is kept only if it meets the Intensive level (rule 9)


def test_luton_captures_the_same_override_details_when_harm_is_asserted(rita) -> None:
    consent = payloads.consent_override(override_grounds=["fgm_or_honour_based_abuse"], rationale="")
    errors = errors_for(rita, area="luton", consent=consent)
    assert "consent.rationale" in errors


def test_an_override_ground_the_area_does_not_accept_is_refused(rita) -> None:
    consent = payloads.consent_override(override_grounds=["crime_detection"])  # Blackpool's, not Lancashire's
    errors = errors_for(rita, area="lancashire", consent=consent)
    assert "consent.override_grounds" in errors


def test_refused_consent_needs_how_it_was_sought_and_refused(rita) -> None:
    consent = payloads.consent_override(parental_consent="refused", how_sought_and_refused="")
    errors = errors_for(rita, consent=consent)
    assert errors["consent.how_sought_and_refused"] == ["Describe how you asked for consent and how it was refused"]


def test_given_consent_records_who_when_how_and_what_they_were_told(rita) -> None:
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    consent = support_request.consent
    assert (consent.given_by_name, consent.given_by_relationship, consent.method) == (
        "Kim Smith",
        "Mother",
        "in_person",
    )
    assert consent.given_on is not None and "shared with the hub" in consent.told_what_shared


def test_the_exact_wording_the_referrer_saw_is_stored(rita) -> None:
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    assert support_request.consent.wording.key == CURRENT_KEY
    assert "Does the child or young person know?" in support_request.consent.wording.text


@pytest.mark.parametrize(
    ("area", "age", "asked"),
    [
        ("luton", 12, False),  # "aged over 12": from 13
        ("luton", 13, True),
        ("westmorland-and-furness", 13, False),  # "over 13": from 14
        ("westmorland-and-furness", 14, True),
        ("lancashire", 4, True),  # no cut-off: Gillick competence decides
        ("blackpool", 9, True),  # no cut-off: "particularly if 16 or over" is an emphasis
    ],
)
def test_the_childs_own_consent_is_asked_from_the_areas_age(rita, area: str, age: int, asked: bool) -> None:
    consent = payloads.consent_given(child_consent="", child_view="")
    errors = errors_for(rita, area=area, children=[payloads.child(age=age)], consent=consent)
    assert ("consent.child_consent" in errors) is asked


def test_no_child_consent_is_asked_for_an_unborn_baby(rita) -> None:
    consent = payloads.consent_given(child_consent="", child_knows="not_applicable")
    errors = errors_for(rita, area="lancashire", children=[payloads.unborn_child()], consent=consent)
    assert "consent.child_consent" not in errors


def test_withdrawing_consent_is_recorded_and_stops_sharing(rita) -> None:
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    assert sharing_allowed(support_request.consent)
    consent_withdraw(
        consent=support_request.consent,
        withdrawn_by="Kim Smith (mother)",
        withdrawn_on=dt.date(2026, 11, 20),
        reason="Does not want the school involved",
        by=rita,
    )
    consent = ConsentRecord.objects.get(pk=support_request.consent.pk)
    assert consent.withdrawn
    assert consent.withdrawals.get().withdrawn_by == "Kim Smith (mother)"
    assert not sharing_allowed(consent)


def test_a_significant_harm_override_still_allows_sharing_after_withdrawal(rita) -> None:
    support_request, _ = request_create_via_api(
        data=payloads.sections(consent=payloads.consent_override()), by=rita, idempotency_key=None
    )
    consent_withdraw(
        consent=support_request.consent, withdrawn_by="Mother", withdrawn_on=dt.date(2026, 11, 20), reason="", by=rita
    )
    assert sharing_allowed(ConsentRecord.objects.get(pk=support_request.consent.pk))


def test_the_form_tells_the_referrer_what_happens_without_consent_before_they_send(rita_client) -> None:
    draft_id = fill_draft(
        rita_client,
        area="luton",
        consent=payloads.consent_override(significant_harm="no", override_grounds=[], lawful_basis="", rationale=""),
    )
    consent_page = rita_client.get(f"/requests/drafts/{draft_id}/consent/").content.decode()
    assert "recorded as a temporary triage step" in consent_page
    check = rita_client.get(f"/requests/drafts/{draft_id}/check/").content.decode()
    assert "it will be deleted" in check


def test_the_lancashire_consent_page_explains_its_policy(rita_client) -> None:
    draft_id = fill_draft(rita_client, area="lancashire")
    page = rita_client.get(f"/requests/drafts/{draft_id}/consent/").content.decode()
    assert "needs the parents" in page and "significant harm" in page
