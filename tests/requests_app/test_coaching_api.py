"""POST /api/v1/requests/review/: a partner system's request is coached exactly as the online
form's check answers page coaches it, and nothing is stored or read about any child."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from hub.models import AuditEvent
from hub.roles import Role
from requests_app.api.convert import sections_from_payload
from requests_app.api.serializers import RequestIn
from requests_app.models import RequestDraft, RequestForSupport
from requests_app.selectors import draft_coaching
from tests.factories import persona
from tests.helpers import api_client_for
from thresholds.models import Framework

from .api_payloads import payload

pytestmark = pytest.mark.django_db
REVIEW = "/api/v1/requests/review/"


@pytest.fixture
def api(rita) -> APIClient:
    return api_client_for(rita)


def coached(**changes) -> dict:
    """A request with something to coach in each part of it."""
    version = Framework.objects.get(key="pan-lancashire").current_version()
    level_one = list(version.indicators.filter(level__number=1).values_list("pk", flat=True)[:2])
    return payload(
        worries__strengths="n/a",
        worries__worries="Mum failed to engage with the parenting course. I feel she doesn't care.",
        indicators=level_one,
        level=4,
        consent__told_what_shared="Yes",
        **changes,
    )


def test_a_partner_gets_each_finding_with_its_field_quote_reason_and_the_alternative(api) -> None:
    response = api.post(REVIEW, coached(), format="json")
    assert response.status_code == 200, response.json()
    findings = {finding["check"]: finding for finding in response.json()["findings"]}
    assert set(findings) == {"strengths", "opinion", "judgemental", "level", "consent_detail"}
    strengths = findings["strengths"]
    assert (strengths["field"], strengths["quote"], strengths["anchor"]) == ("worries.strengths", "n/a", "id_strengths")
    assert "protective factors and family strengths" in strengths["why"]
    wording = findings["judgemental"]
    assert (wording["phrase"], wording["alternative"]) == ("failed to engage with", "did not take up")
    assert wording["quote"] == "Mum failed to engage with the parenting course."
    level = findings["level"]
    assert level["field"] == "level" and level["anchor"] == "id_level_1"
    assert "Working Well with Children and Families in Lancashire" in level["why"]  # the area's framework's advice
    assert findings["consent_detail"]["field"] == "consent.told_what_shared"


def test_the_api_and_the_check_answers_page_give_the_same_findings(api, rita) -> None:
    body = coached()
    from_api = api.post(REVIEW, body, format="json").json()["findings"]
    shape = RequestIn(data=body)
    assert shape.is_valid()
    draft = RequestDraft(owner=rita, data=sections_from_payload(shape.validated_data))
    on_page = [
        {k: v for k, v in item.items() if k not in ("link", "form_field")} for item in draft_coaching(draft=draft)
    ]
    assert from_api == on_page


def test_reviewing_stores_nothing_and_audits_no_childs_record(api) -> None:
    audited = AuditEvent.objects.count()
    assert api.post(REVIEW, coached(), format="json").status_code == 200
    assert RequestForSupport.objects.count() == 0
    assert AuditEvent.objects.count() == audited


@pytest.mark.parametrize(
    "body",
    [{}, [], "text", {"worries": "not an object"}, payload(children=[{"last_name": 7}]), payload(level="four")],
)
def test_a_body_that_is_not_a_request_is_a_400_with_every_problem(api, body) -> None:
    response = api.post(REVIEW, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] and all({"field", "message"} <= set(e) for e in response.json()["errors"])


def test_answers_of_stray_quote_marks_and_repeated_labels_are_coached_not_a_500(api) -> None:
    junk = {
        "worries": "'a " * 7000,
        "impact": 'I feel "x ' * 3000,
        "strengths": "chaotic " * 3000,
        "child_words": "İ" * 20000,
    }
    response = api.post(REVIEW, payload(**{f"worries__{name}": text for name, text in junk.items()}), format="json")
    assert response.status_code == 200
    wording = [f for f in response.json()["findings"] if f["check"] == "judgemental"]
    assert len(wording) == 1  # each phrase once an answer, not 3,000 times


def test_broken_json_and_an_unknown_area_are_400s(api) -> None:
    assert api.post(REVIEW, "{not json", content_type="application/json").status_code == 400
    response = api.post(REVIEW, payload(area="atlantis"), format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "area"


def test_only_those_who_may_send_a_request_may_have_one_reviewed(db) -> None:
    assert APIClient().post(REVIEW, payload(), format="json").status_code == 401
    worker = api_client_for(persona(Role.HUB_WORKER, username="hana"))
    assert worker.post(REVIEW, payload(), format="json").status_code == 403


def test_the_review_is_in_the_openapi_schema() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/requests/review/"]["post"]
    assert operation["summary"] == "Coach a request before sending it"
    assert set(operation["responses"]) >= {"200", "400", "401", "403"}
    assert "quote" in schema["components"]["schemas"]["FindingOut"]["properties"]
