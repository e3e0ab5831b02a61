"""The hub's request page shows everything the referrer sent: every answer, the graded and
counted facts in words, the household, consent, and the files."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import Attachment
from tests.helpers import client_for
from tests.request_factories import make_request
from tests.requests_app import payloads
from thresholds.rules import facts_in_words
from triage import services

pytestmark = pytest.mark.django_db

GRADED_AND_COUNTED = {
    "fact_neglect_grade": "moderate",
    "fact_attendance_percent": "82",
    "fact_missing_episodes_90_days": "4",
    "fact_long_missing_episode": "false",
}


def as_lists(data: dict) -> dict:
    return {key: value if isinstance(value, list) else [value] for key, value in data.items()}


def hub_page(staff, support_request) -> str:
    html = client_for(staff.harry).get(support_request.get_absolute_url()).content.decode()
    return html.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')


def test_the_referrers_graded_and_counted_facts_are_on_the_hub_page_in_words(staff) -> None:
    support_request = make_request(staff.rita, indicators=as_lists(GRADED_AND_COUNTED))
    html = hub_page(staff, support_request)
    assert "Neglect grade (Graded Care Profile 2): <strong>Moderate</strong>" in html
    assert "School attendance: <strong>82%</strong>" in html
    assert "Missing from home episodes in the last 90 days: <strong>4</strong>" in html
    assert "Any long missing episode: <strong>No</strong>" in html


def test_a_request_with_no_facts_says_none_were_given(staff) -> None:
    html = hub_page(staff, make_request(staff.rita))
    assert "Graded and counted facts" in html and "None given" in html


def test_facts_read_as_words_and_a_fact_no_longer_known_is_still_shown() -> None:
    assert facts_in_words({"attendance_percent": 82.5, "sexually_active": True, "retired_fact": 2}) == [
        ("Child is sexually active", "Yes"),
        ("School attendance", "82.5%"),
        ("Retired fact", "2"),
    ]


def test_every_answer_the_referrer_sent_is_on_the_hub_page(staff) -> None:
    known_on = dt.date.today() - dt.timedelta(days=3)
    worries = {
        **payloads.WORRIES,
        "history_since_csc": "Closed to social care in 2024 after a plan.",
        "parent_words": "'We are managing,' says mum.",
        "police_involved": "yes",
        "allegation_against_professional": "yes",
        **payloads.date_parts("allegation_known_on", known_on),
    }
    child = payloads.child(
        nhs_number="9434765919",
        disability="yes",
        disability_details="Hearing impairment",
        open_to_csc="elsewhere",
        allocated_worker="Jo Bloggs, Cumbria",
    )
    household = [{**payloads.PARENT, "notes": "Works nights at the hospital."}]
    support_request = make_request(
        staff.rita,
        worries=as_lists(worries),
        children=[child],
        household=household,
        indicators=as_lists(GRADED_AND_COUNTED),
    )
    Attachment.objects.create(
        request=support_request,
        file=SimpleUploadedFile("gcp2.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
        original_name="gcp2.pdf",
        content_type="application/pdf",
        size=9,
        kind="neglect_tool",
        uploaded_by=staff.rita,
    )
    html = hub_page(staff, support_request)
    sent = [
        *(
            value
            for key, value in worries.items()
            if key in payloads.WORRIES and isinstance(value, str) and len(value) > 3
        ),
        known_on.strftime("%-d %B %Y"),
        'Police involved</dt><dd class="govuk-summary-list__value">Yes',
        'Immediate risk of harm</dt><dd class="govuk-summary-list__value">No',
        "9434765919",
        "Hearing impairment",
        "Jo Bloggs, Cumbria",
        "Kim Smith, Mother",
        "Works nights at the hospital.",
        'Level the referrer thinks applies</dt><dd class="govuk-summary-list__value">Level 3',
        "School attendance: <strong>82%</strong>",
        "gcp2.pdf",
        "Graded Care Profile or neglect tool",
        *(value for value in payloads.ABOUT_YOU.values() if value),
        payloads.consent_given()["told_what_shared"],
        payloads.consent_given()["child_view"],
    ]
    assert [answer for answer in sent if answer not in html] == []


def test_a_withdrawal_of_consent_shows_the_reason_given(staff) -> None:
    support_request = make_request(staff.rita)
    services.request_consent_withdraw(
        request=support_request,
        by=staff.harry,
        withdrawn_by="Kim Smith, mother",
        withdrawn_on=dt.date.today(),
        reason="She no longer wants the school involved.",
    )
    assert "She no longer wants the school involved." in hub_page(staff, support_request)
