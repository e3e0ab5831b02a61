import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from consent.models import ConsentRecord
from hub.models import Area
from hub.roles import Role
from requests_app.models import Child, RequestForSupport
from tests.factories import persona
from tests.helpers import api_client_for, round_trips_counted

from .api_payloads import payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(rita) -> APIClient:
    return api_client_for(rita)


def test_a_partner_system_sends_a_request_and_gets_its_reference_status_and_deadlines(api) -> None:
    response = api.post("/api/v1/requests/", payload(), format="json")
    body = response.json()
    assert response.status_code == 201, body
    support_request = RequestForSupport.objects.get()
    assert body["reference"] == support_request.reference and body["status"] == "submitted"
    assert body["received_at"] and [d["kind"] for d in body["deadlines"]] == ["contact_decision"]
    assert support_request.via == "api" and support_request.children.get().first_name == "Ava"


def test_the_same_idempotency_key_returns_the_same_request(api) -> None:
    first = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    again = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert again["Idempotent-Replayed"] == "true"
    assert RequestForSupport.objects.count() == 1
    other = api.post("/api/v1/requests/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="abc-456")
    assert other.status_code == 201 and RequestForSupport.objects.count() == 2


def test_field_errors_come_back_in_one_documented_shape(api) -> None:
    response = api.post("/api/v1/requests/", payload(children__0__date_of_birth=None), format="json")
    assert response.status_code == 400
    assert {"field": "children[0].date_of_birth", "message": "Enter the child's date of birth"} in response.json()[
        "errors"
    ]


def test_type_errors_use_the_same_shape(api) -> None:
    response = api.post("/api/v1/requests/", payload(level="three"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "level"


def test_the_api_applies_the_same_consent_rules_as_the_form(api) -> None:
    no_consent = payload(
        consent__parental_consent="not_sought",
        consent__significant_harm=False,
        consent__how_sought_and_refused="Mum is in hospital this week",
    )
    response = api.post("/api/v1/requests/", no_consent, format="json")
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["consent.significant_harm"].startswith("In Lancashire, a request without parental consent")
    luton = api.post("/api/v1/requests/", {**no_consent, "area": "luton"}, format="json")
    assert luton.status_code == 201


def test_a_missing_consent_answer_is_refused(api) -> None:
    data = payload()
    del data["consent"]["manager_knows"]
    response = api.post("/api/v1/requests/", data, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "consent.manager_knows"


def test_a_caller_sees_only_requests_they_may_see(api, rita) -> None:
    reference = api.post("/api/v1/requests/", payload(), format="json").json()["reference"]
    assert api.get(f"/api/v1/requests/{reference}/").json()["reference"] == reference
    stranger = APIClient()
    stranger.force_authenticate(persona(Role.REFERRER, username="rob"))
    assert stranger.get(f"/api/v1/requests/{reference}/").status_code == 404
    elsewhere = APIClient()
    elsewhere.force_authenticate(persona(Role.HUB_WORKER, username="lutonworker", area=Area.objects.get(slug="luton")))
    assert elsewhere.get(f"/api/v1/requests/{reference}/").status_code == 404
    hub = APIClient()
    hub.force_authenticate(persona(Role.HUB_WORKER))
    assert hub.get(f"/api/v1/requests/{reference}/").status_code == 200


def test_only_referrers_may_send(db) -> None:
    client = APIClient()
    client.force_authenticate(persona(Role.PARTNER_OFFICER))
    assert client.post("/api/v1/requests/", payload(), format="json").status_code == 403


def test_a_signed_out_caller_is_refused_with_json_not_a_redirect() -> None:
    response = APIClient().post("/api/v1/requests/", payload(), format="json")
    # Token authentication comes first and names itself in WWW-Authenticate, so DRF answers 401.
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_every_request_field_is_documented_with_an_example(api) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/requests/"]["post"]
    assert "examples" in operation["requestBody"]["content"]["application/json"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
    child = schema["components"]["schemas"]["ChildIn"]["properties"]
    assert "expected_date" in child and child["expected_date"]["description"]
    # A partner's developer reads how to send the token from the document itself.
    assert {"knoxApiToken": []} in operation["security"]
    scheme = schema["components"]["securitySchemes"]["knoxApiToken"]
    assert scheme["in"] == "header" and scheme["name"] == "Authorization" and '"Token"' in scheme["description"]


def test_nothing_is_left_behind_by_a_refused_request(api) -> None:
    api.post("/api/v1/requests/", payload(children__0__date_of_birth=None), format="json")
    assert not (RequestForSupport.objects.exists() or Child.objects.exists() or ConsentRecord.objects.exists())


def test_sending_three_children_costs_the_same_queries_as_sending_one(api) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(children: int) -> int:
        body = payload()
        body["children"] = [{**body["children"][0], "first_name": f"Child{n}"} for n in range(children)]
        with CaptureQueriesContext(connection) as queries:
            response = api.post("/api/v1/requests/", body, format="json")
        assert response.status_code == 201, response.json()
        assert len(response.json()["children"]) == children
        return len(queries)

    queries_for(1)  # the first request of all also writes the consent wording it was sent under
    assert queries_for(3) == queries_for(1)


def test_a_partners_token_reads_their_roles_and_permissions_in_one_query(api) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert api.post("/api/v1/requests/", payload(), format="json").status_code == 201
    permission_reads = [q["sql"] for q in queries if "auth_permission" in q["sql"]]
    assert len(permission_reads) == 1, permission_reads


def test_a_submission_reads_back_nothing_it_has_just_written(api) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.post("/api/v1/requests/", payload(), format="json")  # the process has now read the framework
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/api/v1/requests/", payload(), format="json")
    assert response.status_code == 201 and response.json()["children"][0]["front_door"] == "not_started"
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    reread = ("requests_app_child", "children_episode", "consent_consentwithdrawal", "thresholds_indicator")
    assert not [sql for sql in selects for table in reread if f'FROM "{table}"' in sql]
    assert sum('FROM "hub_area"' in sql for sql in selects) == 1  # the child's area, read once


def test_the_request_a_submission_returns_still_answers_new_questions_about_its_children(rita) -> None:
    from requests_app.services import request_create_via_api
    from tests.requests_app import payloads

    sent, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    assert [c.first_name for c in sent.children.all()] == ["Ava"]  # what was written, kept
    assert sent.children.get().first_name == "Ava"  # a new question, asked of the database
    assert sent.children.filter(first_name="Ava").count() == 1
    assert not sent.consent.withdrawals.filter(pk__gt=0).exists()


def test_a_submission_with_three_children_is_at_most_five_round_trips_to_the_database(api) -> None:
    body = payload()
    body["children"] = [{**body["children"][0], "first_name": name} for name in ("Ava", "Ben", "Cal")]
    api.post("/api/v1/requests/", body, format="json")  # the process has now read the framework version
    with round_trips_counted() as trips:
        response = api.post("/api/v1/requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="second")
    assert response.status_code == 201, response.json()
    # The token with its person; their permissions; the area with its framework version, closure days
    # and consent wording; the new rows' ids; then the request, children, household, consent record,
    # clock, audit row and acknowledgement in one pipeline (lib/new_rows.py). A new key is not looked
    # up: the unique constraint finds a used one.
    assert len(trips) <= 5, "\n\n".join("\n".join(sql[:100] for sql in trip) for trip in trips)
    written = {sql.split('"')[1] for sql in trips[-1] if sql.startswith("INSERT")}
    assert written >= {
        "requests_app_requestforsupport",
        "requests_app_child",
        "requests_app_householdmember",
        "consent_consentrecord",
        "deadlines_deadline",
        "hub_auditevent",
        "notifications_notification",
    }


def test_the_reply_lists_the_clocks_as_stored(api) -> None:
    import datetime as dt

    body = payload(worries__allegation_against_professional=True, worries__allegation_known_on=str(dt.date.today()))
    response = api.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 201, response.json()
    stored = RequestForSupport.objects.get().deadlines.order_by("due_at")
    assert [d["kind"] for d in response.json()["deadlines"]] == [d.kind for d in stored]
    assert {d["kind"] for d in response.json()["deadlines"]} == {"contact_decision", "lado_notification"}


def test_a_reference_already_taken_is_drawn_again(api, monkeypatch) -> None:
    from requests_app.services import submission

    first = api.post("/api/v1/requests/", payload(), format="json").json()["reference"]
    draws = iter([first, "RFS-AAAA-BBBB"])
    monkeypatch.setattr(submission, "new_reference", lambda prefix: next(draws))
    response = api.post("/api/v1/requests/", payload(), format="json")
    assert response.status_code == 201 and response.json()["reference"] == "RFS-AAAA-BBBB"
    assert RequestForSupport.objects.count() == 2


def test_a_submissions_clock_skips_the_areas_closure_day_read_with_the_area(api) -> None:
    import datetime as dt

    import time_machine

    from deadlines.calendar import LONDON
    from deadlines.models import ClosureDay

    ClosureDay.objects.create(area=Area.objects.get(slug="lancashire"), date=dt.date(2026, 12, 29), reason="Closed")
    with time_machine.travel(dt.datetime(2026, 12, 24, 10, 0, tzinfo=LONDON), tick=False):
        response = api.post("/api/v1/requests/", payload(), format="json")
    assert response.status_code == 201, response.json()
    due = RequestForSupport.objects.get().deadlines.get().due_at
    assert due.astimezone(LONDON) == dt.datetime(2026, 12, 30, 10, 0, tzinfo=LONDON)


def test_a_reference_that_comes_round_again_after_a_purge_still_gets_its_acknowledgement_and_alerts(
    api, rita, monkeypatch
) -> None:
    """A purged request's notifications stay, and its reference can be drawn again. Keyed by the
    reference, the old acknowledgement and immediate-risk alerts would stop the new ones (or, with
    the acknowledgement written in the submission's batch, refuse the submission). Found by review."""
    from notifications.models import Notification
    from requests_app.services import submission

    harry = persona(Role.HUB_WORKER, area=Area.objects.get(slug="lancashire"))
    for key in ("ack:RFS-AGAI-N001", f"urgent:RFS-AGAI-N001:{harry.pk}"):  # as the purged request left them
        Notification.objects.create(kind=Notification.Kind.WORK, subject="old", body="old", dedupe_key=key)
    monkeypatch.setattr(submission, "new_reference", lambda prefix: "RFS-AGAI-N001")
    response = api.post("/api/v1/requests/", payload(immediate_risk=True), format="json")
    assert response.status_code == 201, response.json()
    new = Notification.objects.exclude(subject="old")
    assert new.filter(kind=Notification.Kind.ACKNOWLEDGEMENT, recipient=rita).count() == 1
    assert new.filter(recipient=harry, subject__startswith="Immediate risk: RFS-AGAI-N001").count() == 1
