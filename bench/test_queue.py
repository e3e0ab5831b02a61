"""The hub's queue with hundreds of thousands of historic requests, beside a bare
Django view that lists 50 rows from the same table."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from bench.harness import compare, p95_ratio_at_most
from bench.scale import requests_copy
from deadlines.models import Deadline
from hub.models import Area
from hub.roles import Role
from requests_app.models import RequestForSupport
from requests_app.services import request_create_via_api
from tests.factories import persona
from tests.requests_app import payloads

HISTORIC = 200_000
OPEN = 300


def bare_list(request) -> HttpResponse:
    rows = RequestForSupport.objects.filter(area_id=request.user.area_id).order_by("-received_at")[:50]
    return HttpResponse("".join(f"<li>{r.reference} {r.status}</li>" for r in rows))


@pytest.mark.django_db
def test_queue_page_with_200k_historic_requests_against_a_bare_list(settings) -> None:
    from hub import urls as hub_urls

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": [*hub_urls.urlpatterns, path("bare-list/", bare_list)]})
    area = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=area)
    harry = persona(Role.HUB_WORKER, area=area)
    template, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    requests_copy(template=template, count=HISTORIC, status="closed", prefix="H-")
    requests_copy(template=template, count=OPEN, status="submitted", prefix="O-", minutes_apart=7)
    clock = template.deadlines.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO deadlines_deadline (kind, request_id, start_event, started_at, due_at, unit, state, "
            "breach_reason, created_at) SELECT %s, r.id, %s, r.received_at, r.received_at + interval '1 day', %s, "
            "'open', '', now() FROM requests_app_requestforsupport r WHERE r.reference LIKE 'O-%%'",
            [Deadline.Kind.CONTACT_DECISION, clock.start_event, clock.unit],
        )
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(harry)
    assert client.get("/triage/?tab=new").status_code == 200
    compare(
        f"queue page, 50 of {OPEN} open, {HISTORIC:,} historic",
        lambda: client.get("/triage/?tab=new"),
        lambda: client.get("/bare-list/"),
        baseline_name="bare view, 50 rows, same table",
        repeat=20,
        target=p95_ratio_at_most(1.5),
    )
