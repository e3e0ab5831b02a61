import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from hub.roles import Role
from tests.factories import persona
from tests.helpers import api_client_for

pytestmark = pytest.mark.django_db
SLUGS = {"lancashire", "blackburn-with-darwen", "blackpool", "westmorland-and-furness", "luton"}


@pytest.fixture
def api() -> APIClient:
    return api_client_for(persona(Role.REFERRER))


def test_it_refuses_a_caller_without_a_token() -> None:
    response = APIClient().get("/api/v1/frameworks/")
    # Token authentication comes first, so the answer is a 401 naming the scheme to use.
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["Content-Type"].startswith("application/json")


def test_it_lists_every_area_with_its_current_framework_and_level_names(api) -> None:
    rows = api.get("/api/v1/frameworks/").json()
    assert {row["area"] for row in rows} == SLUGS
    lancashire = next(row for row in rows if row["area"] == "lancashire")
    assert lancashire["framework"]["key"] == "pan-lancashire"
    assert lancashire["framework"]["version"] == 1
    assert [level["name"] for level in lancashire["levels"]] == ["Universal", "Early Help", "Family Help", "Specialist"]
    assert "Universal Plus" in lancashire["levels"][1]["aliases"]


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_each_area_returns_its_levels_domains_and_sourced_indicators(api, slug: str) -> None:
    body = api.get(f"/api/v1/frameworks/{slug}/").json()
    assert body["area"] == slug
    assert body["levels"], slug
    for level in body["levels"]:
        for domain in level["domains"]:
            for indicator in domain["indicators"]:
                assert indicator["source_ref"][:3] in {"000", "001", "002", "003"}


def test_the_detail_carries_the_area_settings(api) -> None:
    body = api.get("/api/v1/frameworks/luton/").json()
    assert body["settings"]["consent_policy"] == "accept_as_triage_step"
    assert body["settings"]["child_consent_from_age"] == 13
    indicators = sum(len(d["indicators"]) for level in body["levels"] for d in level["domains"])
    assert indicators == 220


def test_an_unknown_area_is_a_404(api) -> None:
    assert api.get("/api/v1/frameworks/atlantis/").status_code == 404


def test_the_suggestion_endpoint_advises_with_reasons(api) -> None:
    response = api.post("/api/v1/frameworks/lancashire/suggest/", {"facts": {"missing_episodes_90_days": 4}}, "json")
    body = response.json()
    assert response.status_code == 200
    assert body["advisory"] is True
    assert body["level"]["number"] == 4
    assert "90 days" in body["reasons"][0]["text"]


def test_the_suggestion_endpoint_names_a_bad_fact(api) -> None:
    response = api.post("/api/v1/frameworks/lancashire/suggest/", {"facts": {"domestic_abuse_risk": "x"}}, "json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "facts" and "Domestic abuse risk grading" in error["message"]


def test_session_sign_in_works_for_the_api_too() -> None:
    client = APIClient()
    client.force_login(persona(Role.HUB_WORKER))
    assert client.get("/api/v1/frameworks/").status_code == 200


def test_issue_api_token_prints_a_token_that_authenticates(capsys) -> None:
    persona(Role.PARTNER_OFFICER)
    call_command("issue_api_token", "paula")
    key = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/frameworks/").status_code == 200
    call_command("issue_api_token", "paula", "--rotate")
    assert capsys.readouterr().out.strip() != key
    response = client.get("/api/v1/frameworks/")
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token."}


def test_the_schema_is_served_and_valid_openapi(api) -> None:
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/v1/frameworks/{area_slug}/" in schema["paths"]
