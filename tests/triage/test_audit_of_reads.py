"""Every page that shows a child's record, in full or as a row in a list,
writes an audit row naming who, what and from which address."""

import pytest
from django.test import Client

from hub.models import AuditEvent
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def _from(user) -> Client:
    client = client_for(user)
    client.defaults["REMOTE_ADDR"] = ADDRESS
    return client


def _views_of(reference: str, listed_in: str | None = None):
    rows = AuditEvent.objects.filter(reference=reference, action=AuditEvent.Action.VIEW)
    return rows.filter(detail__listed_in=listed_in) if listed_in else rows


def test_each_request_shown_in_the_queue_is_audited_with_the_workers_address(staff, submitted) -> None:
    assert _from(staff.harry).get("/triage/").status_code == 200
    row = _views_of(submitted.reference, "queue").get()
    assert (row.actor, row.address) == (staff.harry, ADDRESS)


def test_each_request_listed_in_my_requests_is_audited(staff, submitted) -> None:
    _from(staff.rita).get("/requests/")
    assert _views_of(submitted.reference, "my requests").get().actor == staff.rita


def test_opening_a_draft_is_audited(staff) -> None:
    client = _from(staff.rita)
    started = client.post("/requests/new/")
    draft_url = started["Location"]
    client.get(draft_url)
    row = AuditEvent.objects.filter(object_type="requests_app.requestdraft", action=AuditEvent.Action.VIEW).last()
    assert row is not None and row.object_id in draft_url and row.address == ADDRESS


def test_reading_a_request_through_the_api_is_audited_as_the_api(staff, submitted) -> None:
    client = _from(staff.rita)
    assert client.get(f"/api/v1/requests/{submitted.reference}/").status_code == 200
    row = _views_of(submitted.reference).get(via="api")
    assert (row.actor, row.address) == (staff.rita, ADDRESS)


def test_the_request_page_read_records_the_address(staff, submitted) -> None:
    _from(staff.harry).get(f"/triage/requests/{submitted.reference}/")
    assert _views_of(submitted.reference).filter(actor=staff.harry, address=ADDRESS).exists()


def test_a_queue_search_is_recorded_with_what_was_typed_exactly_and_each_row_it_listed(staff, submitted) -> None:
    """The listed rows and the search go to PostgreSQL as arrays of text (lib/pg_arrays.py):
    quotes, backslashes, braces and commas in what was typed must arrive as typed."""
    typed = 'O"Br\\ien {a,b}'
    assert _from(staff.harry).get("/triage/", {"tab": "new", "level": typed}).status_code == 200
    search = AuditEvent.objects.get(actor=staff.harry, action=AuditEvent.Action.SEARCH)
    assert search.detail == {"queue": "new", "searched": False, "level": typed}
    assert search.address == ADDRESS
    listed = _views_of(submitted.reference, "queue").get()
    assert (listed.actor, listed.address, listed.object_id) == (staff.harry, ADDRESS, str(submitted.pk))
    assert listed.at == search.at  # one statement, one moment
