"""Random and invalid input never causes a server error or leaves a partial record."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from consent.models import ConsentRecord
from hub.roles import Role
from requests_app.models import Child, HouseholdMember, RequestDraft, RequestForSupport
from tests.factories import persona

from .api_payloads import payload

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=40),
    st.sampled_from(["", "yes", "no", "given", "2026-02-30", "1900-01-01", "lancashire", "luton"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)
FIELDS = [
    "immediate_risk",
    "area",
    "level",
    "indicators",
    "facts",
    "children__0__date_of_birth",
    "children__0__unborn",
    "children__0__expected_date",
    "children__0__nhs_number",
    "children__0__postcode",
    "consent__parental_consent",
    "consent__significant_harm",
    "consent__given_on",
    "consent__override_grounds",
    "household__0__parental_responsibility",
    "worries__prior_eha",
    "referrer__email",
    "referrer__phone_reference",
]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def no_partial_records() -> None:
    support_request = RequestForSupport.objects.count()
    # Every request that exists is whole: it has its children, household and consent.
    assert Child.objects.values("request").distinct().count() == support_request
    assert HouseholdMember.objects.values("request").distinct().count() == support_request
    assert ConsentRecord.objects.count() == support_request


@pytest.fixture
def api(db) -> APIClient:
    client = APIClient()
    client.force_authenticate(persona(Role.REFERRER))
    return client


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(FIELDS), json_values, min_size=1, max_size=4))
def test_the_api_answers_any_payload_without_a_server_error(api, changes: dict) -> None:
    response = api.post("/api/v1/requests/", payload(**changes), format="json")
    assert response.status_code in (200, 201, 400), response.content[:500]
    if response.status_code == 400:
        assert all(set(e) == {"field", "message"} for e in response.json()["errors"])
    no_partial_records()


@SETTINGS
@given(body=json_values)
def test_the_api_answers_any_json_document_without_a_server_error(api, body) -> None:
    response = api.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 400, response.content[:500]
    no_partial_records()


SECTIONS = ["start", "about_you", "children/add", "household/add", "worries", "area", "indicators", "level", "consent"]


@SETTINGS
@given(
    section=st.sampled_from(SECTIONS),
    form=st.dictionaries(
        st.sampled_from(
            [
                "immediate_risk",
                "name",
                "email",
                "first_name",
                "date_of_birth_0",
                "date_of_birth_1",
                "date_of_birth_2",
                "unborn",
                "area",
                "level",
                "parental_consent",
                "given_on_2",
                "fact_missing_episodes_90_days",
                "indicators",
                "postcode",
                "nhs_number",
                "worries",
            ]
        ),
        st.text(max_size=30),
        max_size=6,
    ),
)
def test_the_form_answers_any_post_without_a_server_error(db, section: str, form: dict) -> None:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    client.post("/requests/new/")
    draft = RequestDraft.objects.latest("created_at")
    client.post(f"/requests/drafts/{draft.pk}/area/", {"area": "lancashire"})
    response = client.post(f"/requests/drafts/{draft.pk}/{section}/", {**form, "continue": ""})
    assert response.status_code in (200, 302), response.content[:300]
    assert client.post(f"/requests/drafts/{draft.pk}/send/").status_code == 302
    no_partial_records()
