"""Schemathesis reads the published OpenAPI schema and sends what it describes, and things it
does not, to every operation, signed in as a referrer and as a hub worker. Every answer must be
one the schema documents, in the shape it documents, never a 5xx; and an answer that stores
nothing (any 4xx) must leave no request or child behind."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from hub.roles import Role
from hub.sign_in.services import api_token_issue
from hub.wsgi import application
from requests_app.models import Child, RequestForSupport
from tests.factories import persona

pytestmark = pytest.mark.django_db

# What the API promises for a signed-in caller. Refusing the anonymous is the authorisation
# matrix's to prove (tests/security/test_authorisation_matrix.py): schemathesis's own
# ignored-auth check cannot tell our explicit token from the credentials it generates.
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
]
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """The real WSGI handler closes the database connection after each request; inside the
    test's transaction that would lose it. Django's own test client stops this the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def stored() -> tuple[int, int]:
    return RequestForSupport.objects.count(), Child.objects.count()


def fuzz_every_operation(user) -> None:
    headers = {"Authorization": f"Token {api_token_issue(user=user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/requests/", "/api/v1/requests/{reference}/"}
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def one_case(case) -> None:
            before = stored()
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            after = stored()
            if response.status_code >= 400:
                assert after == before, f"{case.method} {case.path} answered {response.status_code} but stored rows"
            elif case.method == "POST" and case.path == "/api/v1/requests/":
                assert after[0] - before[0] in (0, 1)

        one_case()


def test_a_referrer_gets_only_documented_answers_and_no_partial_writes(db) -> None:
    fuzz_every_operation(persona(Role.REFERRER))


def test_a_hub_worker_gets_only_documented_answers_and_no_partial_writes(db) -> None:
    fuzz_every_operation(persona(Role.HUB_WORKER))
