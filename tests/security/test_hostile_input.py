"""Hostile input, driven by hypothesis: script tags, SQL, bidirectional overrides, zero-width and
astral-plane characters, NUL bytes, dates in 1900 and 2100, negative numbers and forged ids.
Whatever arrives, the service answers without a server error, and it either refuses the
answer with an error the person can read or keeps it exactly as typed; nothing is half-written."""

import datetime as dt

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from hub.roles import Role
from phone.forms import PhoneReferralForm
from phone.services import phone_referral_record
from requests_app.models import Child, Question, RequestDraft, RequestForSupport
from requests_app.services import draft_create, draft_save_section
from tests.factories import UserFactory, persona
from tests.helpers import client_for
from tests.request_factories import make_request
from tests.requests_app import payloads
from tests.requests_app.api_payloads import payload
from tests.requests_app.test_fuzzing import no_partial_records

pytestmark = pytest.mark.django_db

HOSTILE = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE requests_app_requestforsupport; --",
    "1 OR 1=1",
    "Smi\u202eht\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width
    "مرحبا بالعالم",
    "👶🏽👨‍👩‍👧",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎",
    "\x00",
    "Ava\x00Smith",
    "x" * 5000,
    "-1",
    "-2147483649",
    "99999999999999999999999",
    "1900",
    "2100",
    "NaN",
    "null",
    "../../../etc/passwd",
    "%00",
    "",
    " ",
]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
dates = st.sampled_from(
    [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(2100, 12, 31), dt.date(2100, 2, 28), dt.date(2016, 2, 29)]
)

SECTION_FIELDS = {
    "start": ["immediate_risk"],
    "about_you": ["name", "job_title", "agency", "phone", "email", "lead_name", "phone_reference"],
    "children/add": ["first_name", "last_name", "nhs_number", "postcode", "address", "school", "unborn", "sex"],
    "children/0": ["first_name", "last_name", "nhs_number", "postcode", "disability_details"],
    "household/add": ["name", "relationship", "parental_responsibility", "notes"],
    "worries": ["worries", "impact", "work_done", "strengths", "child_words", "prior_eha"],
    "indicators": ["indicators", "fact_missing_episodes_90_days"],
    "level": ["level"],
    "consent": ["parental_consent", "given_by_name", "told_what_shared", "child_view", "override_grounds"],
}
DATE_FIELDS = {"children/add": "date_of_birth", "children/0": "date_of_birth", "consent": "given_on"}


@st.composite
def section_posts(draw):
    section = draw(st.sampled_from(sorted(SECTION_FIELDS)))
    names = draw(st.lists(st.sampled_from(SECTION_FIELDS[section]), min_size=1, max_size=4, unique=True))
    form = {name: draw(text) for name in names}
    if section in DATE_FIELDS and draw(st.booleans()):
        day = draw(dates)
        form.update(payloads.date_parts(DATE_FIELDS[section], day))
        if draw(st.booleans()):
            form[f"{DATE_FIELDS[section]}_2"] = draw(st.sampled_from(["-1", "0", "１９９０", "2017.5", "1e3"]))
    return section, form


@pytest.fixture
def rita(db):
    return persona(Role.REFERRER, email="rita@example.org")


def stored_item(draft: RequestDraft, section: str) -> dict:
    key, _, item = section.partition("/")
    value = draft.data[key]
    return value[-1] if item == "add" else value[int(item)] if item else value


@HOSTILE
@given(post=section_posts())
def test_a_question_page_refuses_hostile_answers_with_an_error_summary_or_keeps_them_as_typed(rita, post) -> None:
    section, form = post
    draft = draft_create(owner=rita)
    draft_save_section(draft=draft, key="area", raw={"area": ["lancashire"]})
    draft_save_section(draft=draft, key="children", raw=payloads.sections()["children"][0])
    response = client_for(rita).post(f"/requests/drafts/{draft.pk}/{section}/", {**form, "continue": ""})
    assert response.status_code in (200, 302), response.content[:300]
    if response.status_code == 200:
        html = response.content.decode()
        assert 'class="govuk-error-summary"' in html
        # Shown back as text, never as markup.
        assert "<script>alert(1)" not in html and "<img src=x" not in html
    draft.refresh_from_db()
    kept = stored_item(draft, section)
    assert {name: kept.get(name) for name in form} == {
        name: [value.replace("\x00", "")] for name, value in form.items()
    }
    # Sending it anyway makes a whole request or none.
    client_for(rita).post(f"/requests/drafts/{draft.pk}/send/")
    no_partial_records()


API_FIELDS = [
    "worries__worries",
    "worries__impact",
    "children__0__first_name",
    "children__0__last_name",
    "children__0__nhs_number",
    "children__0__postcode",
    "children__0__date_of_birth",
    "household__0__name",
    "referrer__name",
    "referrer__email",
    "referrer__phone_reference",
    "consent__given_by_name",
    "consent__given_on",
    "area",
    "level",
]
api_values = st.one_of(
    text,
    dates.map(dt.date.isoformat),
    st.sampled_from([-1, -(2**63), 2**64, 0, 5, 1.5, True, None, [], {}, ["<script>"], {"$ne": None}]),
)


@HOSTILE
@given(changes=st.dictionaries(st.sampled_from(API_FIELDS), api_values, min_size=1, max_size=4))
def test_the_api_refuses_hostile_json_in_its_error_shape_and_writes_nothing(rita, changes) -> None:
    api = APIClient()
    api.force_authenticate(rita)
    before = RequestForSupport.objects.count(), Child.objects.count()
    response = api.post("/api/v1/requests/", payload(**changes), format="json")
    assert response.status_code in (200, 201, 400), response.content[:300]
    if response.status_code == 400:
        errors = response.json()["errors"]
        assert errors and all(set(error) == {"field", "message"} for error in errors)
        assert (RequestForSupport.objects.count(), Child.objects.count()) == before
    no_partial_records()


@pytest.fixture
def others(rita):
    """Rita's sent request with a question for her, and Rex's draft she must not reach."""
    staff = persona(Role.HUB_WORKER)
    sent = make_request(rita)
    question = Question.objects.create(request=sent, asked_by=staff, text="Who else knows?")
    rex = UserFactory(username="rex", role=Role.REFERRER, agency=rita.agency)
    call = PhoneReferralForm(payloads.PHONE_CALL)
    assert call.is_valid(), call.errors
    return {
        "sent": sent,
        "question": question,
        "staff": staff,
        "rex_draft": draft_create(owner=rex),
        "call": phone_referral_record(by=staff, area=sent.area, **call.arguments()),
    }


FORGED_SEGMENTS = st.one_of(
    st.sampled_from(
        ["0", "-1", "2147483648", "99999999999999999999", "abc", "%00", "a%00b", "RFS-%00", "%F0%9F%91%B6"]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%"), min_size=1, max_size=20),
)
TEMPLATES = [
    "/requests/{x}/",
    "/requests/{x}/sent/",
    "/requests/{ref}/questions/{x}/answer/",
    "/requests/drafts/{x}/",
    "/requests/drafts/{rex}/start/",
    "/requests/drafts/{x}/children/{x}/",
    "/requests/files/{x}/",
    "/triage/requests/{x}/",
    "/triage/requests/{ref}/children/{x}/",
    "/triage/checks/{x}/",
    "/triage/disagree/{x}/",
    "/phone-referrals/{x}/",
    "/api/v1/requests/{x}/",
    "/api/v1/frameworks/{x}/",
]


@HOSTILE
@given(template=st.sampled_from(TEMPLATES), segment=FORGED_SEGMENTS, method=st.sampled_from(["get", "post"]))
def test_a_forged_id_in_any_address_is_refused_without_a_server_error(rita, others, template, segment, method) -> None:
    url = template.format(x=segment, ref=others["sent"].reference, rex=others["rex_draft"].pk)
    for person in (rita, others["staff"]):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        before = RequestForSupport.objects.count(), RequestDraft.objects.count(), others["rex_draft"].data
        response = getattr(client, method)(url)
        assert response.status_code in (302, 400, 403, 404, 405), (url, response.status_code)
        assert before == (RequestForSupport.objects.count(), RequestDraft.objects.count(), others["rex_draft"].data)


@settings(HOSTILE, max_examples=20)
@example(answer="Ava\x00Smith", filters={"worker": "\x00", "tab": "<script>"})
@given(answer=text, filters=st.dictionaries(st.sampled_from(["tab", "level", "worker", "page", "urgent"]), text))
def test_free_text_outside_the_form_is_refused_or_kept_without_a_server_error(rita, others, answer, filters) -> None:
    referrer = Client(raise_request_exception=False)
    referrer.force_login(rita)
    url = f"/requests/{others['sent'].reference}/questions/{others['question'].pk}/answer/"
    assert referrer.post(url, {"answer": answer}).status_code == 302
    assert referrer.get("/levels-of-need/lancashire/", {"q": answer}).status_code == 200
    worker = Client(raise_request_exception=False)
    worker.force_login(others["staff"])
    assert worker.get("/triage/", filters).status_code == 200
    assert worker.post("/triage/", {"q": answer}).status_code == 302
    assert worker.get("/triage/").status_code == 200
    assert worker.post("/triage/bulk/", {"requests": [answer], "bulk": "claim"}).status_code == 302
    match = f"{others['call'].get_absolute_url()}match/"
    assert worker.post(match, {"request_reference": answer}).status_code == 302
